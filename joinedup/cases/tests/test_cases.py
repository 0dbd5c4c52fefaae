"""Allocation (append-only, audited) and case status derived from social care events."""

from __future__ import annotations

from datetime import UTC, datetime

from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import Actor
from joinedup.cases.models import Allocation
from joinedup.cases.selectors import allocation_current, case_state
from joinedup.cases.services import allocation_end, allocation_start
from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.chronology.testing import social_care_body as _sc
from joinedup.people.models import Person

ACTOR = Actor(label="test operator")


def _maya() -> Person:
    record(event_body(subjects=[MAYA]))
    return Person.objects.get(given_name="Maya")


def test_it_allocates_a_child_ending_the_previous_allocation_and_logs_both(db, cast):
    maya = _maya()
    first = allocation_start(actor=ACTOR, person=maya, worker=cast.colleague)
    second = allocation_start(
        actor=ACTOR, person=maya, worker=cast.social_worker, manager=cast.team_manager
    )
    first.refresh_from_db()
    assert first.ended_at is not None and second.ended_at is None
    assert allocation_current(person=maya) == second
    assert allocation_current(person=maya, at=first.started_at) == first
    assert (
        AccessLogEntry.objects.filter(action="allocation_started", person_id=maya.pk).count() == 2
    )
    allocation_end(actor=ACTOR, allocation=second)
    assert allocation_current(person=maya) is None
    assert Allocation.objects.count() == 2  # nothing deleted


def test_it_derives_open_case_plan_and_looked_after_from_social_care_events(db, cast):
    maya = _maya()
    assert not case_state(person=maya).open_case
    record(
        _sc("social_care.referral", "2026-01-10", decision="s47"),
        _sc("social_care.child_protection_plan_started", "2026-02-02", category="neglect"),
    )
    state = case_state(person=maya)
    assert state.open_case
    assert state.cp_plan_since == datetime(2026, 2, 2, 10, tzinfo=UTC)
    assert case_state(person=maya, at=datetime(2026, 1, 20, tzinfo=UTC)).cp_plan_since is None
    record(
        _sc("social_care.child_protection_plan_ended", "2026-05-01"),
        _sc("social_care.looked_after_started", "2026-05-01", legal_status="C2"),
    )
    state = case_state(person=maya)
    assert state.cp_plan_since is None
    assert state.looked_after_since == datetime(2026, 5, 1, 10, tzinfo=UTC)
    record(
        _sc("social_care.looked_after_ended", "2026-08-01"),
        _sc("social_care.case_closed", "2026-08-02", reason="no_further_action"),
    )
    state = case_state(person=maya)
    assert not state.open_case and state.last_closure_at is not None


def test_it_treats_a_referral_decided_no_further_action_as_closed_at_once(db, cast):
    maya = _maya()
    record(_sc("social_care.referral", "2026-01-10", decision="no_further_action"))
    state = case_state(person=maya)
    assert not state.open_case
    assert state.last_closure_at == datetime(2026, 1, 10, 10, tzinfo=UTC)
