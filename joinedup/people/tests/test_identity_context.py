"""The event's other subjects as evidence: "Kev", the mother's partner of a child we know."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.people.models import Person

pytestmark = pytest.mark.django_db

HOME = {"line1": "27 Kiln Street", "town": "Riverside", "postcode": "RV2 4KS"}
KEVIN = {
    "ref": "k",
    "role": "accompanying_adult",
    "name": {"given": "Kevin", "family": "Lawson"},
    "dob": "1991-08-14",
    "sex": "male",
    "address": HOME,
    "relationship_to": {"p1": "mothers_partner"},
}


def kev(**relationship: str) -> dict[str, Any]:
    """What a housing officer knows of him: "Kev", at the child's address."""
    subject: dict[str, Any] = {
        "ref": "k",
        "role": "household_member",
        "name": {"given": "Kev"},
        "address": HOME,
    }
    if relationship:
        subject["relationship_to"] = relationship
    return subject


def housing(*subjects: dict[str, Any]) -> dict[str, Any]:
    return event_body(
        organisation="Riverside Homes",
        agency="housing",
        type="housing.household_change",
        subjects=[copy.deepcopy(s) for s in subjects],
        details={"change": "adult_joined"},
    )


@pytest.fixture
def known(cast) -> Person:
    """The hospital knows Maya (by NHS number) and Kevin Lawson, her mother's partner, among
    two thousand other people (a population: being someone's relative is then rare)."""
    Person.objects.bulk_create(
        Person(given_name=f"Other{i}", family_name="Person", dob=date(1990, 1, 1 + i % 28))
        for i in range(2000)
    )
    record(event_body(record_id="ED-1", subjects=[MAYA, KEVIN]))
    return Person.objects.get(given_name="Kevin")


def subject_result(body: dict[str, Any], ref: str = "k"):
    [result] = record(body)
    assert result.status in ("created", "corrected"), result
    return next(s for s in result.subjects if s.ref == ref)


def test_a_subject_known_only_as_kev_links_to_the_mothers_partner_the_store_records(known):
    linked = subject_result(housing(MAYA, kev(p1="mothers_partner")))
    assert linked.outcome == "linked"
    assert linked.person.pk == known.pk
    assert any(
        r.startswith("recorded as mother's partner of Maya Brooks, whom this event also names (+")
        for r in linked.reasons
    ), linked.reasons


def test_without_the_relationship_kev_is_not_linked_on_a_nickname_and_an_address(known):
    alone = subject_result(housing(MAYA, kev()))
    assert alone.outcome != "linked"


def test_a_relationship_the_store_does_not_record_adds_nothing(known):
    father = subject_result(housing(MAYA, kev(p1="father")))
    assert father.outcome != "linked"
    assert not any("whom this event also names" in r for r in father.reasons)


def test_the_subject_with_an_identifier_is_resolved_first_whatever_the_order(known):
    # Kev listed before the child: the child's NHS number still links her first
    linked = subject_result(housing(kev(p1="mothers_partner"), MAYA))
    assert linked.outcome == "linked" and linked.person.pk == known.pk


@pytest.fixture
def population(cast) -> None:
    """Two thousand other people, and not a relationship stored among them."""
    Person.objects.bulk_create(
        Person(given_name=f"Other{i}", family_name="Person", dob=date(1990, 1, 1 + i % 28))
        for i in range(2000)
    )


def test_a_relationship_an_earlier_event_of_the_same_batch_states_counts(population):
    # The hospital's event and the housing officer's arrive in one file: Kevin Lawson is
    # written with the first, in the same batch as "Kev" is matched.
    hospital, housing_result = record(
        event_body(record_id="ED-1", subjects=[MAYA, KEVIN]),
        housing(MAYA, kev(p1="mothers_partner")),
    )
    kevin = next(s for s in hospital.subjects if s.ref == "k")
    linked = next(s for s in housing_result.subjects if s.ref == "k")
    assert linked.outcome == "linked", linked.reasons
    assert linked.person.pk == kevin.person.pk
    assert any("recorded as mother's partner of Maya Brooks" in r for r in linked.reasons)


def test_a_relationship_the_batch_states_otherwise_adds_nothing(population):
    _, housing_result = record(
        event_body(record_id="ED-1", subjects=[MAYA, KEVIN]), housing(MAYA, kev(p1="father"))
    )
    alone = next(s for s in housing_result.subjects if s.ref == "k")
    assert alone.outcome != "linked"
