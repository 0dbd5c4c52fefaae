"""Fast inserts of many new rows: COPY on PostgreSQL, Django's bulk_create elsewhere.

Ids are drawn from the table's sequence first, so rows can refer to each other before they are
written, exactly as after bulk_create. Used by the ingest path, where it is most of the cost.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models


def bulk_insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    if not objs:
        return
    fields = list(model._meta.concrete_fields)
    for obj in objs:  # FKs assigned as unsaved instances: take their ids now
        for field in fields:
            if field.is_relation and getattr(obj, field.attname) is None:
                related = field.get_cached_value(obj, None)  # type: ignore[attr-defined]
                if related is not None:
                    # Straight into __dict__: setattr would drop the cached related instance.
                    obj.__dict__[field.attname] = related.pk
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)  # type: ignore[attr-defined]
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        fresh = [obj for obj in objs if obj.pk is None]
        if fresh:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(fresh)],
            )
            for obj, (pk,) in zip(fresh, cursor.fetchall(), strict=True):
                obj.pk = pk
        getters = [_getter(f) for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        raw = cursor.cursor  # the psycopg cursor, in the same transaction
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([get(obj) for get in getters])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _getter(field: models.Field) -> Callable[[models.Model], Any]:
    """How to read one column's value from an instance, cheaply (this runs per cell)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    name = field.attname
    if isinstance(field, models.JSONField):
        return lambda obj: None if (v := getattr(obj, name)) is None else json.dumps(v)
    return lambda obj: obj.__dict__[name]
