"""The statutory clocks, read from social-care events alone, across bank holidays."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import count
from typing import Any

from joinedup.cases.clocks import DUE_SOON, MET, MET_LATE, OVERDUE, RUNNING, STOPPED, clock_runs
from joinedup.core.calendar import LONDON

_ids = count(1)


@dataclass(frozen=True)
class Fact:
    type: str
    occurred_at: datetime
    details: dict[str, Any] = field(default_factory=dict)
    version_id: int = field(default_factory=lambda: next(_ids))

    @property
    def reported_at(self) -> datetime:
        return self.occurred_at


def on(day: str, type: str, **details: Any) -> Fact:
    return Fact(
        f"social_care.{type}",
        datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=LONDON),
        details,
    )


def runs(*facts: Fact) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for run in clock_runs(facts):
        found.setdefault(run.clock.code, []).append(run)
    return found


def test_it_gives_the_front_door_one_working_day_across_christmas():
    # Thursday 24 December 2026: Friday 25 and Monday 28 (Boxing Day's substitute) are holidays.
    contact = on("2026-12-24", "contact")
    [run] = runs(contact)["referral_decision"]
    assert run.due_on == date(2026, 12, 29)
    assert run.status(date(2026, 12, 28)) == DUE_SOON
    assert run.status(date(2026, 12, 30)) == OVERDUE
    decided = on("2026-12-29", "referral", decision="assessment")
    [run] = runs(contact, decided)["referral_decision"]
    assert run.met_by is decided
    assert run.status(date(2027, 1, 5)) == MET


def test_it_counts_45_working_days_for_the_assessment_across_easter():
    # From Monday 1 March 2027: Good Friday 26 March and Easter Monday 29 March are holidays.
    referral = on("2027-03-01", "referral", decision="assessment")
    [run] = runs(referral)["assessment"]
    # 45 weekdays would end on 3 May; Good Friday, Easter Monday and 3 May (the early May
    # bank holiday) push it to Thursday 6 May.
    assert run.due_on == date(2027, 5, 6)
    assert run.status(date(2027, 3, 2)) == RUNNING
    late = on("2027-05-07", "assessment_authorised", delay_reason="Family away for a week")
    [run] = runs(referral, late)["assessment"]
    assert run.status(date(2027, 5, 10)) == MET_LATE
    assert run.delay_reason == "Family away for a week"


def test_it_starts_no_assessment_clock_for_a_referral_closed_at_the_door():
    assert "assessment" not in runs(on("2027-03-01", "referral", decision="early_help"))


def test_it_dates_the_initial_conference_from_the_strategy_discussion_that_began_the_enquiry():
    strategy = on("2026-12-14", "strategy_discussion", decision="s47")
    [run] = runs(strategy)["initial_conference"]
    # 15 working days: Christmas, the 28th (Boxing Day moved) and New Year are not counted.
    assert run.due_on == date(2027, 1, 7)
    no_conference = on("2026-12-18", "s47_concluded", conference_needed=False)
    [run] = runs(strategy, no_conference)["initial_conference"]
    assert run.met_by is no_conference


def test_it_runs_the_plan_clocks_from_the_initial_conference():
    conference = on("2027-01-05", "conference", kind="initial", decision="plan")
    plan = on("2027-01-05", "child_protection_plan_started", category="neglect")
    found = runs(conference, plan)
    assert found["first_core_group"][0].due_on == date(2027, 1, 19)
    assert found["first_review_conference"][0].due_on == date(2027, 4, 5)
    assert found["visit"][0].due_on == date(2027, 1, 19)
    assert found["seen_alone"][0].due_on == date(2027, 2, 2)


def test_it_restarts_the_visit_clock_at_each_visit_and_keeps_seen_alone_apart():
    plan = on("2027-01-05", "child_protection_plan_started")
    visit = on("2027-01-12", "visit", child_seen=True, seen_alone=False)
    found = runs(plan, visit)
    first, second = found["visit"]
    assert first.met_by is visit and second.started_by is visit
    assert second.due_on == date(2027, 1, 26)
    [alone] = found["seen_alone"]
    assert alone.is_open  # seen, but not alone


def test_it_runs_no_visit_clock_for_a_visit_off_a_plan():
    assert "visit" not in runs(on("2027-01-12", "visit", child_seen=True))


def test_it_stops_the_plan_clocks_when_the_plan_ends():
    plan = on("2027-01-05", "child_protection_plan_started")
    ended = on("2027-04-01", "child_protection_plan_ended")
    found = runs(plan, ended)
    assert found["visit"][0].status(date(2027, 6, 1)) == STOPPED


def test_it_runs_review_conferences_six_months_apart_while_the_plan_continues():
    initial = on("2027-01-05", "conference", kind="initial", decision="plan")
    review = on("2027-04-01", "conference", kind="review", decision="plan_continues")
    found = runs(initial, review)
    assert found["first_review_conference"][0].met_by is review
    assert found["review_conference"][0].due_on == date(2027, 10, 1)


def test_it_reads_clocks_by_when_things_happened_not_when_they_were_written():
    referral = on("2027-03-01", "referral", decision="assessment")
    authorised = on("2027-04-01", "assessment_authorised")
    written_late = Fact(
        authorised.type, authorised.occurred_at, authorised.details, authorised.version_id
    )
    assert runs(referral, written_late)["assessment"][0].status(date(2027, 9, 1)) == MET
