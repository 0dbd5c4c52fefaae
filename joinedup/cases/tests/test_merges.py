"""Case status and allocation follow merges (ADR 0008): a survivor's case is read from its own
social-care events and those of the records merged into it; an unmerge puts each back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from joinedup.audit.services import Actor
from joinedup.cases.models import Allocation
from joinedup.cases.selectors import allocation_current, allocations_current_for, case_state
from joinedup.cases.services import allocation_start
from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.chronology.testing import social_care_body as _sc
from joinedup.people.models import Person, PersonMerge
from joinedup.people.services import person_merge, person_unmerge

ACTOR = Actor(label="test operator")

# The same child, recorded by children's social care under another name before anyone knew.
AMELIA = {
    "ref": "p1",
    "role": "child",
    "name": {"given": "Amelia", "family": "Stone"},
    "dob": "2023-01-19",
    "sex": "female",
}


def _two_records() -> tuple[Person, Person]:
    """Maya is known to the hospital; social care hold a plan for her as Amelia Stone."""
    record(event_body(subjects=[MAYA]))
    record(
        _sc("social_care.referral", "2026-01-10", AMELIA, decision="s47"),
        _sc("social_care.child_protection_plan_started", "2026-02-02", AMELIA, category="neglect"),
    )
    maya = Person.objects.get(given_name="Maya")
    amelia = Person.objects.get(given_name="Amelia")
    assert maya.pk != amelia.pk
    return maya, amelia


def _merge(maya: Person, amelia: Person) -> PersonMerge:
    return person_merge(actor=ACTOR, absorbed=amelia, survivor=maya, reason="Same child")


def test_it_reads_the_plan_recorded_on_a_record_merged_into_the_child(db, cast):
    maya, amelia = _two_records()
    assert not case_state(person=maya).open_case
    _merge(maya, amelia)
    state = case_state(person=maya)
    assert state.open_case
    assert state.cp_plan_since == datetime(2026, 2, 2, 10, tzinfo=UTC)
    assert case_state(person=maya, at=datetime(2026, 1, 20, tzinfo=UTC)).cp_plan_since is None
    # The absorbed record, asked about directly, reads as the survivor.
    assert case_state(person=amelia).cp_plan_since == state.cp_plan_since


def test_it_finds_the_allocation_held_on_any_merged_record_the_latest_started_winning(db, cast):
    maya, amelia = _two_records()
    now = timezone.now()
    on_maya = allocation_start(
        actor=ACTOR, person=maya, worker=cast.colleague, started_at=now - timedelta(days=3)
    )
    on_amelia = allocation_start(
        actor=ACTOR, person=amelia, worker=cast.social_worker, manager=cast.team_manager
    )
    _merge(maya, amelia)
    assert allocation_current(person=maya) == on_amelia
    assert allocation_current(person=amelia) == on_amelia
    assert allocation_current(person=maya, at=now - timedelta(days=1)) == on_maya
    assert allocations_current_for([maya.pk, amelia.pk]) == {
        maya.pk: on_amelia,
        amelia.pk: on_amelia,
    }


def test_it_finds_the_allocation_on_the_absorbed_record_when_the_survivor_has_none(db, cast):
    maya, amelia = _two_records()
    held = allocation_start(actor=ACTOR, person=amelia, worker=cast.social_worker)
    assert allocations_current_for([maya.pk]) == {}
    _merge(maya, amelia)
    assert allocation_current(person=maya) == held
    assert allocations_current_for([maya.pk]) == {maya.pk: held}


def test_it_reads_each_record_apart_again_after_an_unmerge(db, cast):
    maya, amelia = _two_records()
    held = allocation_start(actor=ACTOR, person=amelia, worker=cast.social_worker)
    merge = _merge(maya, amelia)
    assert allocation_current(person=maya) == held and case_state(person=maya).open_case
    person_unmerge(actor=ACTOR, merge=merge, reason="Two children after all")
    assert not case_state(person=maya).open_case
    assert case_state(person=amelia).cp_plan_since == datetime(2026, 2, 2, 10, tzinfo=UTC)
    assert allocation_current(person=maya) is None
    assert allocation_current(person=amelia) == held
    assert allocations_current_for([maya.pk, amelia.pk]) == {amelia.pk: held}


def test_it_follows_a_chain_of_merges(db, cast):
    maya, amelia = _two_records()
    record(event_body(subjects=[{**AMELIA, "name": {"given": "Millie", "family": "Fox"}}]))
    millie = Person.objects.get(given_name="Millie")
    held = allocation_start(actor=ACTOR, person=amelia, worker=cast.social_worker)
    person_merge(actor=ACTOR, absorbed=amelia, survivor=millie, reason="Same child")
    person_merge(actor=ACTOR, absorbed=millie, survivor=maya, reason="Same child")
    assert case_state(person=maya).cp_plan_since is not None
    assert allocations_current_for([maya.pk, millie.pk, amelia.pk]) == {
        maya.pk: held,
        millie.pk: held,
        amelia.pk: held,
    }


def test_a_new_allocation_ends_the_one_held_on_a_merged_record(db, cast):
    maya, amelia = _two_records()
    held = allocation_start(actor=ACTOR, person=amelia, worker=cast.social_worker)
    _merge(maya, amelia)
    new = allocation_start(actor=ACTOR, person=maya, worker=cast.colleague)
    held.refresh_from_db()
    assert held.ended_at == new.started_at
    assert allocation_current(person=maya) == new
    assert list(Allocation.objects.filter(ended_at__isnull=True)) == [new]


def test_it_reads_many_children_s_facts_as_each_one_s(db, cast):
    from joinedup.cases.selectors import social_care_facts, social_care_facts_for

    maya, amelia = _two_records()
    _merge(maya, amelia)
    record(_sc("social_care.visit", "2026-02-10", MAYA, child_seen=True))
    many = social_care_facts_for([maya.pk, amelia.pk])
    assert many[maya.pk] == social_care_facts(maya)
    assert many[amelia.pk] == social_care_facts(amelia)
    assert [f.type for f in many[maya.pk]] == [
        "social_care.referral",
        "social_care.child_protection_plan_started",
        "social_care.visit",
    ]
