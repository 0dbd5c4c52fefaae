"""Order checks: a step out of order is refused with an error naming the field, or, where
practice allows it (real life is messy), accepted with a warning that is kept with the record.
A step that meets an overdue clock is accepted, and asks why it is late."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from joinedup.cases.clocks import ClockRun, clock_runs
from joinedup.cases.selectors import CaseState, SocialCareFact, SocialCareRow, case_state_from
from joinedup.casework.process import Step
from joinedup.core.calendar import local_date
from joinedup.core.errors import FieldError

# A step may say it happened a little ahead of the server's clock (a laptop's clock is fast).
CLOCK_SLACK = timedelta(minutes=10)


@dataclass
class Checked:
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, name: str, reason: str) -> None:
        self.errors.append(FieldError(name, reason))


def clocks_met_late(
    step: Step, facts: Sequence[SocialCareFact], occurred_at: datetime, details: dict[str, Any]
) -> list[ClockRun]:
    """The open clocks this step would meet after their due date: the form asks why."""
    now = timezone.now()
    trial = SocialCareRow(0, step.event_type, occurred_at, now, details)
    before = {id(r.started_by): r for r in clock_runs(facts) if r.is_open}
    late = []
    for run in clock_runs([*facts, trial]):
        started_before = id(run.started_by) in before
        if run.met_by is trial and started_before and local_date(occurred_at) > run.due_on:
            late.append(run)
    return late


def clocks_may_be_late(
    step: Step, facts: Sequence[SocialCareFact], occurred_at: datetime
) -> list[ClockRun]:
    """The open clocks this step could meet (whatever its answers) that were due before
    `occurred_at`: before the answers are known, the form asks why, in case it is late."""
    day = local_date(occurred_at)
    return [
        run
        for run in clock_runs(facts)
        if run.is_open
        and run.due_on < day
        and any(w.type == step.event_type for w in run.clock.meets)
    ]


def step_check(step: Step, facts: Sequence[SocialCareFact], answers: dict[str, Any]) -> Checked:
    checked = Checked()
    occurred_at: datetime = answers["occurred_at"]
    if occurred_at > timezone.now() + CLOCK_SLACK:
        checked.error("occurred_at", "must not be in the future")
    state = case_state_from(facts, at=occurred_at)
    _ORDER.get(step.code, _nothing)(checked, state, answers)
    next_visit = answers.get("next_visit_on")
    if next_visit and next_visit < local_date(occurred_at):
        checked.error("next_visit_on", "must be on or after the visit")
    late = clocks_met_late(step, facts, occurred_at, answers)
    if late and not answers.get("delay_reason"):
        due = ", ".join(f"{r.clock.label} was due {govuk_date(r.due_on)}" for r in late)
        checked.warnings.append(f"Recorded late with no reason given: {due}.")
    return checked


def govuk_date(value: Any) -> str:
    """4 May 2026: a date, or a moment's London date."""
    day = local_date(value) if isinstance(value, datetime) else value
    return f"{day.day} {day:%B %Y}"


def _nothing(checked: Checked, state: CaseState, answers: dict[str, Any]) -> None:
    return None


def _assessment(checked: Checked, state: CaseState, answers: dict[str, Any]) -> None:
    if state.assessment is None:
        checked.error("occurred_at", "is before the assessment started, or none is under way")


def _s47(checked: Checked, state: CaseState, answers: dict[str, Any]) -> None:
    if state.s47 is None:
        checked.error("occurred_at", "is before the section 47 enquiry started, or none is open")


def _conference(checked: Checked, state: CaseState, answers: dict[str, Any]) -> None:
    kind, decision = answers.get("kind"), answers.get("decision")
    if kind == "initial":
        if decision in ("plan_continues", "plan_ends"):
            checked.error("decision", "an initial conference decides on a plan or no plan")
        if state.cp_plan_since is not None:
            checked.error("kind", "the child is already on a plan: this is a review conference")
        sd = state.strategy_discussion
        if sd is None or sd.details.get("decision") != "s47":
            checked.warnings.append(
                "No strategy discussion deciding on a section 47 enquiry is recorded before "
                "this initial conference."
            )
    elif kind == "review":
        if state.cp_plan_since is None:
            checked.error("kind", "there is no child protection plan to review")
        if decision in ("plan", "no_plan"):
            checked.error("decision", "a review conference continues or ends the plan")
    if decision == "plan" and not answers.get("category"):
        checked.error("category", "choose the category of abuse for the plan")


def _closure(checked: Checked, state: CaseState, answers: dict[str, Any]) -> None:
    if not state.open_case:
        checked.error("reason", "there is no open case to close")
    if state.cp_plan_since is not None:
        checked.error(
            "reason", "the child is on a child protection plan: only a review conference ends it"
        )


def _cin_end(checked: Checked, state: CaseState, answers: dict[str, Any]) -> None:
    if state.cin_plan_since is None:
        checked.error("occurred_at", "there is no child in need plan open then")


def _visit(checked: Checked, state: CaseState, answers: dict[str, Any]) -> None:
    if answers.get("seen_alone") is True and answers.get("child_seen") is False:
        checked.error("seen_alone", "the child cannot be seen alone without being seen")


FACTOR = re.compile(r"\d{1,2}[A-F]?")


def _factors(checked: Checked, state: CaseState, answers: dict[str, Any]) -> None:
    """DfE assessment factor codes (a number and, for most, a letter: 2B, 3A, 21)."""
    _assessment(checked, state, answers)
    codes = [c.strip().upper() for c in str(answers.get("factors") or "").split(",") if c.strip()]
    wrong = [c for c in codes if not FACTOR.fullmatch(c)]
    if wrong:
        checked.error("factors", f"{', '.join(wrong)} is not a DfE factor code (like 2B or 21)")


_ORDER = {
    "assessment": _factors,
    "visit": _visit,
    "s47_concluded": _s47,
    "conference": _conference,
    "case_closed": _closure,
    "cin_plan_ended": _cin_end,
}
