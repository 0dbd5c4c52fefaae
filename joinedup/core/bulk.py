"""Fast inserts of many new rows: COPY on PostgreSQL, Django's bulk_create elsewhere.

Ids are drawn from the table's sequence first, so rows can refer to each other before they are
written, exactly as after bulk_create. Used by the ingest path, where it is most of the cost.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models


class EncodedJson(dict[str, Any]):
    """A JSON object that already has its text: a dict like any other, and the text COPY
    writes as it is, so a body encoded once (for its hash, say) is not encoded again."""

    __slots__ = ("text",)

    def __init__(self, value: dict[str, Any], text: str) -> None:
        super().__init__(value)
        self.text = text


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is EncodedJson:
        return value.text
    return json.dumps(value)


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
    ids_allocate(model, objs)
    getters = [_getter(f) for f in fields]
    with _copy(model._meta.db_table, [f.column for f in fields]) as copy:
        for obj in objs:
            copy.write_row([get(obj) for get in getters])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def ids_allocate(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Draw ids from the table's sequence for the objects that have none (PostgreSQL; elsewhere
    `bulk_create` gives them their ids when it writes them)."""
    fresh = [obj for obj in objs if obj.pk is None]
    if not fresh or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(fresh)],
        )
        for obj, (pk,) in zip(fresh, cursor.fetchall(), strict=True):
            obj.pk = pk


def rows_update(
    model: type[models.Model], objs: Sequence[models.Model], fields: Sequence[str]
) -> None:
    """Write `fields` of many existing rows in one statement: on PostgreSQL one UPDATE from
    arrays (`bulk_update` builds a CASE per field and row in Python; ADR 0011), elsewhere
    Django's `bulk_update`."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, list(fields))  # type: ignore[attr-defined]
        return
    quote = connection.ops.quote_name
    by_name = {f.name: f for f in model._meta.concrete_fields}
    columns = [by_name[name].column for name in fields]
    sets = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns)
    arrays = ", ".join(f"%s::{by_name[name].db_type(connection)}[]" for name in fields)
    names = ", ".join(quote(c) for c in columns)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} AS t SET {sets} "  # noqa: S608 (names from models)
        f"FROM unnest(%s::bigint[], {arrays}) AS v(id, {names}) WHERE t.id = v.id"
    )
    params: list[list[Any]] = [[obj.pk for obj in objs]]
    params += [[getattr(obj, name) for obj in objs] for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _getter(field: models.Field) -> Callable[[models.Model], Any]:
    """How to read one column's value from an instance, cheaply (this runs per cell)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    name = field.attname
    if isinstance(field, models.JSONField):
        return lambda obj: _json_text(getattr(obj, name))
    return lambda obj: obj.__dict__[name]


def copy_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert rows given as plain tuples, one value per column in `columns` (attribute names,
    `person_id`), for tables whose new ids nobody reads back: the id comes from the table's
    default. A value that is a model instance stands for its primary key, read at write time
    (a person created earlier in the same chunk). No model instance is built per row, as
    `bulk_insert` needs (ADR 0021's appendix).
    """
    if not rows:
        return
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    json_at = [i for i, c in enumerate(columns) if isinstance(by_name[c], models.JSONField)]

    def values(row: Sequence[Any]) -> list[Any]:
        return [v.pk if isinstance(v, models.Model) else v for v in row]

    if connection.vendor != "postgresql":
        model.objects.bulk_create(  # type: ignore[attr-defined]
            [model(**dict(zip(columns, values(row), strict=True))) for row in rows]
        )
        return
    with _copy(model._meta.db_table, [by_name[c].column for c in columns]) as copy:
        for row in rows:
            out = values(row)
            for i in json_at:  # COPY takes JSON as its text
                out[i] = _json_text(out[i])
            copy.write_row(out)


@contextmanager
def _copy(table: str, columns: Sequence[str]) -> Iterator[Any]:
    """`COPY table (columns) FROM STDIN` on the psycopg cursor under Django's, in the same
    transaction. The database's refusals come out as Django's errors, as from its own cursor:
    callers catch IntegrityError to retry a chunk one event at a time (a second writer took a
    record id, say)."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        yield copy
