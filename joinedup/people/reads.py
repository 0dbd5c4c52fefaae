"""The matcher's reads of stored people: match keys, the facts it compares, the persons.

Each is one plainly named function; on PostgreSQL each is one statement with its ids in one
parameter (`core.lookups.any_array`), and the persons are built from plain rows, as the ORM
would build them (ADR 0009). Elsewhere the ORM reads the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.db.models.base import ModelState

from joinedup.core.lookups import any_array
from joinedup.people.matching.records import SCHEMES
from joinedup.people.models import MatchKey, Person, PersonAddress, PersonIdentifier, PersonName


def keys_unheld(keys: Iterable[str]) -> set[str]:
    """The keys no stored person holds yet: those a subject could create a person by. A key
    once held stays held (keys are never removed), so only these can race."""
    wanted = set(keys)
    return wanted - {key for key, _ in match_keys_read(column="key", values=list(wanted))}


def match_keys_read(*, column: str, values: list[Any]) -> list[tuple[str, int]]:
    """(key, person_id) rows whose `column` is one of `values`. On PostgreSQL one parameter
    (`any_array`): a statement of thousands of placeholders costs the driver more to build
    than the index costs to answer."""
    if not values:
        return []
    if connection.vendor != "postgresql":
        lookup = {f"{column}__in": values}
        return list(MatchKey.objects.filter(**lookup).values_list("key", "person_id"))
    if column not in ("key", "person_id"):
        raise ValueError(f"no MatchKey lookup by {column!r}")
    table = MatchKey._meta.db_table
    array, param = any_array(values, "bigint" if column == "person_id" else "text")
    sql = f'SELECT "key", "person_id" FROM "{table}" WHERE "{column}" = ANY({array})'  # noqa: S608 (names from the code, values bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        return list(cursor.fetchall())


_Rows = list[tuple[int, str, str]]


def facts_read(ids: set[int]) -> tuple[dict[int, tuple[str, str]], _Rows, _Rows]:
    """What the scorer compares of stored persons besides their own row: the postcode and first
    line of each one's latest address, its names (person, given, family) and its identifiers
    of the schemes compared (person, scheme, value), each pair once. On PostgreSQL one
    statement: a statement's round trip and the ORM building it were most of a one-record
    match's facts."""
    if connection.vendor != "postgresql":
        return facts_read_orm(ids)
    array, param = any_array(list(ids), "bigint")
    schemes, schemes_param = any_array(list(SCHEMES), "text")
    sql = f"""
        SELECT 0, a.person_id, a.postcode, a.line1 FROM unnest({array}) AS p(id)
        CROSS JOIN LATERAL (
            SELECT person_id, postcode, line1 FROM "{PersonAddress._meta.db_table}"
            WHERE person_id = p.id ORDER BY applies_from DESC LIMIT 1
        ) a
        UNION ALL
        SELECT DISTINCT 1, person_id, given, family FROM "{PersonName._meta.db_table}"
        WHERE person_id = ANY({array})
        UNION ALL
        SELECT DISTINCT 2, person_id, scheme, value FROM "{PersonIdentifier._meta.db_table}"
        WHERE person_id = ANY({array}) AND scheme = ANY({schemes})
    """  # noqa: S608 (names from the code, values bound)
    addresses: dict[int, tuple[str, str]] = {}
    names: _Rows = []
    identifiers: _Rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [param, param, param, schemes_param])
        for part, person_id, first, second in cursor.fetchall():
            if part == 0:
                addresses[person_id] = (first or "", second or "")
            else:
                (names if part == 1 else identifiers).append((person_id, first, second))
    return addresses, names, identifiers


def facts_read_orm(ids: set[int]) -> tuple[dict[int, tuple[str, str]], _Rows, _Rows]:
    latest = PersonAddress.objects.filter(person=OuterRef("pk")).order_by("-applies_from")
    addresses = {
        pk: (postcode or "", line1 or "")
        for pk, postcode, line1 in Person.objects.filter(pk__in=ids)
        .annotate(
            latest_postcode=Subquery(latest.values("postcode")[:1]),
            latest_line1=Subquery(latest.values("line1")[:1]),
        )
        .values_list("pk", "latest_postcode", "latest_line1")
    }
    names = list(
        PersonName.objects.filter(person_id__in=ids)
        .values_list("person_id", "given", "family")
        .distinct()
    )
    identifiers = list(
        PersonIdentifier.objects.filter(person_id__in=ids, scheme__in=SCHEMES)
        .values_list("person_id", "scheme", "value")
        .distinct()
    )
    return addresses, names, identifiers


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def persons_read(ids: Iterable[int]) -> dict[int, Person]:
    """The persons with these ids, by id, as the matcher reads them. On PostgreSQL built from
    plain rows: for the tens of thousands of candidates an ingest file reads, `Model.__init__`
    and Django's time-zone loader cost more than the query (ADR 0021's appendix).
    `created_at`, which matching never reads, is left deferred (read from the database if
    something asks, as after `.defer()`); `name_asserted_at` comes as whole microseconds, so
    it is exact."""
    if connection.vendor != "postgresql":
        return {p.pk: p for p in Person.objects.filter(pk__in=list(ids))}
    array, param = any_array(list(ids), "bigint")
    table = Person._meta.db_table
    sql = (
        "SELECT id, key, given_name, family_name, dob, dob_precision, sex, seen_as_child, "  # noqa: S608 (names from the code, values bound)
        "(extract(epoch FROM name_asserted_at) * 1000000)::bigint "
        f'FROM "{table}" WHERE id = ANY({array})'
    )
    alias = connection.alias
    found: dict[int, Person] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        for pk, key, given, family, dob, precision, sex, as_child, asserted in cursor.fetchall():
            person = Person.__new__(Person)
            person._state = ModelState()
            person._state.adding = False
            person._state.db = alias
            person.__dict__.update(
                id=pk,
                key=key,
                given_name=given,
                family_name=family,
                dob=dob,
                dob_precision=precision,
                sex=sex,
                seen_as_child=as_child,
                name_asserted_at=None
                if asserted is None
                else _EPOCH + timedelta(microseconds=asserted),
            )
            found[pk] = person
    return found
