"""The match keys a batch writes for a person the scorer found: each once, only the new ones."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import connection

from joinedup.chronology.testing import event_body, record
from joinedup.people.models import MatchKey, Person

pytestmark = pytest.mark.django_db

AYLA = {
    "ref": "c",
    "role": "child",
    "name": {"given": "Ayla", "family": "Quennell"},
    "dob": "2019-02-28",
    "sex": "female",
    "address": {"line1": "4 Tannery Row", "town": "Riverside", "postcode": "RV3 1TR"},
}


def misspelt(family: str) -> dict[str, Any]:
    return {**AYLA, "name": {"given": "Ayla", "family": family}}


def keys_of(person: Person) -> list[str]:
    return list(MatchKey.objects.filter(person=person).values_list("key", flat=True))


def test_a_person_only_the_scorer_found_gains_the_new_keys_once():
    record(event_body(subjects=[AYLA]))
    ayla = Person.objects.get()
    before = keys_of(ayla)
    school: dict[str, Any] = {"organisation": "Riverside Primary", "agency": "education"}
    # Two events in one batch, the same misspelling twice: the scorer links both.
    results = record(
        event_body(**school, type="education.absence", subjects=[misspelt("Quenell")]),
        event_body(**school, type="education.absence", subjects=[misspelt("Quenell")]),
    )
    assert [s.outcome for r in results for s in r.subjects] == ["linked", "linked"]
    assert {s.person.pk for r in results for s in r.subjects} == {ayla.pk}
    after = keys_of(ayla)
    assert Counter(after).most_common(1)[0][1] == 1  # each key once
    new = set(after) - set(before)
    assert "nd:ayla|quenell|2019-02-28" in new  # the spelling it was found under
    assert set(before) <= set(after)
    # Sent again: nothing new to write, and no key written twice.
    record(event_body(**school, type="education.absence", subjects=[misspelt("Quenell")]))
    assert sorted(keys_of(ayla)) == sorted(after)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the candidate reads of PostgreSQL")
def test_scoring_a_subject_reads_no_stored_keys_of_its_candidates():
    """The stored keys of candidates only the scorer compares are not read; a new person's
    subject reads none at all."""
    record(event_body(subjects=[AYLA]))
    stranger = {**AYLA, "name": {"given": "Ayla", "family": "Okonkwo-Reyes"}, "dob": "2019-03-01"}
    seen: list[str] = []

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        results = record(event_body(organisation="Riverside GP", subjects=[stranger]))
    assert [s.outcome for r in results for s in r.subjects] != ["linked"]
    by_person = [q for q in seen if "people_matchkey" in q and '"person_id" = ANY' in q]
    assert by_person == []
