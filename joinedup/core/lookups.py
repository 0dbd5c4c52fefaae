"""`field__any=[...]`: membership in a list, sent as one array parameter on PostgreSQL.

`field__in=[...]` becomes `IN (%s, %s, ...)`, one placeholder per value: for the thousands of
ids an ingest chunk or a signal evaluation looks up at once, building, sending and parsing that
statement cost more than the index lookups it asks for. `= ANY(...)` is one parameter, the same
plan. Elsewhere (SQLite) it is `__in`.

The parameter is the values joined into one string, split again by the server
(`any_array`): the driver binds a list element by element in Python, which for the tens of
thousands of match keys an ingest chunk looks up costs more than one string, one escape
(ADR 0021's appendix).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import connection, models
from django.db.models.lookups import In

# Joins text values: a character no name, key or identifier the contract admits contains.
_UNIT = "\x1f"
_NUMBERS = frozenset(("integer", "bigint", "smallint", "int4", "int8", "int2"))


def any_array(values: list[Any], kind: str) -> tuple[str, Any]:
    """SQL for an array of `kind` built from one bound parameter, and that parameter: the
    values joined by a separator and split by the server (`string_to_array`, immutable, so the
    planner sees a constant array as before). Text holding the separator, or empty (one empty
    string splits into no elements), goes as an array."""
    if kind in _NUMBERS:
        return f"string_to_array(%s, ',')::{kind}[]", ",".join(str(int(v)) for v in values)
    if any(not v or _UNIT in v for v in values):
        return f"%s::{kind}[]", list(values)
    return f"string_to_array(%s, E'\\x1f')::{kind}[]", _UNIT.join(values)


def in_ids(ids: Collection[int]) -> tuple[str, list[Any]]:
    """`IN (...)` of ids for hand-written SQL, and its parameters: on PostgreSQL
    `= ANY(array)` from one parameter (`any_array`), elsewhere a placeholder per id. The one
    way raw SQL here sends many ids, as `field__any` is the ORM's."""
    if connection.vendor == "postgresql":
        sql, param = any_array(list(ids), "bigint")
        return f"= ANY({sql})", [param]
    return "IN (" + ", ".join(["%s"] * len(ids)) + ")", list(ids)


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
        if kind in _NUMBERS or all(isinstance(v, str) for v in array):
            sql, param = any_array(array, kind)
            return f"{lhs} = ANY({sql})", [*lhs_params, param]
        return f"{lhs} = ANY(%s::{kind}[])", [*lhs_params, array]


def lookups_register() -> None:
    for field in (models.IntegerField, models.BigIntegerField, models.AutoField, models.CharField):
        field.register_lookup(AnyOf)
    models.ForeignKey.register_lookup(AnyOf)
