"""`persons_read`: the matcher's fast read of candidate persons gives what the ORM gives."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from joinedup.chronology.testing import LEE, MAYA, event_body, record
from joinedup.people.models import Person
from joinedup.people.reads import facts_read, facts_read_orm, persons_read

pytestmark = pytest.mark.django_db

FIELDS = (
    "id",
    "key",
    "given_name",
    "family_name",
    "dob",
    "dob_precision",
    "sex",
    "seen_as_child",
    "name_asserted_at",
)


def test_every_field_the_matcher_reads_is_as_the_orm_reads_it():
    made = [
        Person.objects.create(
            given_name="Ayla",
            family_name="Quennell",
            dob=date(2019, 2, 28),
            sex="female",
            seen_as_child=True,
            # Microseconds that a float of seconds since 1970 would round.
            name_asserted_at=datetime(2026, 3, 1, 9, 30, 15, 123457, tzinfo=UTC),
        ),
        Person.objects.create(family_name="Okafor", dob=date(1988, 1, 1), dob_precision="year"),
        Person.objects.create(given_name="Kev"),  # no date of birth, no time asserted
    ]
    Person.objects.create(given_name="Not", family_name="Asked")
    read = persons_read([p.pk for p in made])
    assert set(read) == {p.pk for p in made}
    for person in made:
        orm = Person.objects.get(pk=person.pk)
        fast = read[person.pk]
        assert {f: getattr(fast, f) for f in FIELDS} == {f: getattr(orm, f) for f in FIELDS}
        assert fast == orm  # the same record to Django: same model, same primary key
        assert not fast._state.adding


def test_what_it_leaves_out_is_read_when_asked_and_a_save_keeps_it():
    person = Person.objects.create(given_name="Mina", family_name="Sarr")
    fast = persons_read([person.pk])[person.pk]
    assert fast.created_at == Person.objects.get(pk=person.pk).created_at
    fast.given_name = "Amina"
    fast.save(update_fields=["given_name"])
    assert Person.objects.get(pk=person.pk).given_name == "Amina"


def test_no_ids_reads_nothing():
    assert persons_read([]) == {}


def _sorted(read: tuple[dict, list, list]) -> tuple[dict, list, list]:
    """A person with no address reads as one with an empty one."""
    addresses, names, identifiers = read
    known = {pk: a for pk, a in addresses.items() if a != ("", "")}
    return known, sorted(names), sorted(identifiers)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement read")
def test_the_facts_read_in_one_statement_are_those_the_orm_reads():
    maya = {**MAYA, "identifiers": {"nhs_number": "9434765919", "school_ref": "RS-114"}}
    moved = {
        **maya,
        "name": {"given": "Maya", "family": "Brookes"},
        "address": {"line1": "2 Weir Lane", "town": "Riverside", "postcode": "RV1 2WL"},
    }
    record(
        event_body(record_id="A", occurred_at="2026-01-01T10:00:00Z", subjects=[maya, LEE]),
        event_body(record_id="B", occurred_at="2026-03-01T10:00:00Z", subjects=[moved]),
        # An older address reported later, and the same name again: the latest by when it
        # applied wins, each name once.
        event_body(
            record_id="C",
            occurred_at="2025-06-01T10:00:00Z",
            reported_at="2026-04-01T10:00:00Z",
            subjects=[maya],
        ),
    )
    ids = set(Person.objects.values_list("pk", flat=True)) | {10**9}  # and nobody
    one = _sorted(facts_read(ids))
    assert one == _sorted(facts_read_orm(ids)) != ({}, [], [])
    maya_id = Person.objects.get(given_name="Maya").pk
    assert one[0][maya_id] == ("RV12WL", "2 Weir Lane")
    assert ("nhs_number", "9434765919") in [(s, v) for p, s, v in one[2] if p == maya_id]
    assert [g for p, g, _ in one[1] if p == maya_id] == ["Maya", "Maya"]  # two spellings
