"""`field__any=[...]`: membership in a list, sent as one array parameter on PostgreSQL.

`field__in=[...]` becomes `IN (%s, %s, ...)`, one placeholder per value: for the thousands of
ids an ingest chunk or a signal evaluation looks up at once, building, sending and parsing that
statement cost more than the index lookups it asks for. `= ANY(%s)` is one parameter, the same
plan. Elsewhere (SQLite) it is `__in`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any"

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        values = self.rhs
        if not isinstance(values, list | tuple | set | frozenset):
            sql, params = super().as_sql(compiler, connection)  # a subquery: as `__in`
            return sql, list(params)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        array = [field.get_db_prep_value(v, connection, prepared=False) for v in values]
        array = [v for v in array if v is not None]
        if not array:
            return "FALSE", []
        kind = field.cast_db_type(connection) or field.db_type(connection)
        return f"{lhs} = ANY(%s::{kind}[])", [*lhs_params, array]


def lookups_register() -> None:
    for field in (models.IntegerField, models.BigIntegerField, models.AutoField, models.CharField):
        field.register_lookup(AnyOf)
    models.ForeignKey.register_lookup(AnyOf)
