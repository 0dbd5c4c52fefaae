"""The statutory clocks, declared once: what starts each, how long it runs, who owns it, and
what meets it (Working Together to Safeguard Children).

A clock is read from the child's social-care events alone, by one pure function
(`clock_runs`), so a case recorded in JoinedUp and the same history sent by a legacy system
keep the same clocks. Clocks run on when things happened (`occurred_at`), never on when they
were written down; the accountability views show both. A clock never blocks anything: it says
what is due, overdue, met or met late. The docs and the UI list the clocks from `CLOCKS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.conf import settings

from joinedup.cases.selectors import SocialCareFact
from joinedup.core.calendar import add_months, add_working_days, local_date, working_days_between

# Who owns a clock: the role that must act, in words the UI and docs show.
OWNERS = {
    "front_door": "the front door",
    "allocated_worker": "the allocated social worker",
    "team_manager": "the team manager",
    "conference_chair": "the conference chair",
}


@dataclass(frozen=True)
class When:
    """An event of `type` whose `details` hold one of the listed values for each named field."""

    type: str
    details: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    def matches(self, fact: SocialCareFact) -> bool:
        return fact.type == self.type and all(
            fact.details.get(name) in values for name, values in self.details
        )

    def words(self) -> str:
        said = "; ".join(f"{name} {' or '.join(map(str, values))}" for name, values in self.details)
        return f"`{self.type}`" + (f" ({said})" if said else "")


def when(type: str, **details: Any) -> When:
    return When(
        type,
        tuple(
            (name, value if isinstance(value, tuple) else (value,))
            for name, value in details.items()
        ),
    )


PLAN_STARTED = when("social_care.child_protection_plan_started")
PLAN_ENDED = when("social_care.child_protection_plan_ended")
CASE_CLOSED = when("social_care.case_closed")


@dataclass(frozen=True)
class Clock:
    code: str
    label: str
    starts: tuple[When, ...]
    meets: tuple[When, ...]
    owner: str  # a key of OWNERS
    basis: str  # the guidance, in words
    working_days: int = 0
    months: int = 0
    stops: tuple[When, ...] = (CASE_CLOSED,)  # no longer runs: nothing is due
    on_plan: bool = False  # runs only while the child is on a child protection plan
    warn_working_days: int = 3  # "due soon" this many working days before

    def due_on(self, start: date) -> date:
        if self.months:
            return add_months(start, self.months)
        return add_working_days(start, self.working_days)

    @property
    def period(self) -> str:
        if self.months:
            return f"{self.months} months"
        return f"{self.working_days} working day" + ("s" if self.working_days != 1 else "")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def clocks() -> tuple[Clock, ...]:
    """Every clock. The visit and core group frequencies are the authority's settings."""
    return _clocks(
        _setting("CASE_VISIT_WORKING_DAYS", 10),
        _setting("CASE_SEEN_ALONE_WORKING_DAYS", 20),
        _setting("CASE_CORE_GROUP_WORKING_DAYS", 30),
    )


@cache
def _clocks(visit_days: int, alone_days: int, core_group_days: int) -> tuple[Clock, ...]:
    visit = when("social_care.visit", child_seen=True)
    alone = when("social_care.visit", seen_alone=True)
    core_group = when("social_care.core_group")
    initial = when("social_care.conference", kind=("initial", None), decision="plan")
    review = when("social_care.conference", kind="review")
    return (
        Clock(
            "referral_decision",
            "Decide on the contact",
            starts=(when("social_care.contact"),),
            meets=(when("social_care.referral"),),
            owner="front_door",
            basis="A decision on a contact within one working day.",
            working_days=1,
            warn_working_days=1,
        ),
        Clock(
            "assessment",
            "Child and family assessment authorised",
            starts=(
                when("social_care.referral", decision=("assessment", "s47", "strategy_discussion")),
            ),
            meets=(when("social_care.assessment_authorised"),),
            owner="allocated_worker",
            basis="The assessment concluded within 45 working days of the referral.",
            working_days=45,
            warn_working_days=10,
        ),
        Clock(
            "initial_conference",
            "Initial child protection conference",
            starts=(when("social_care.strategy_discussion", decision="s47"),),
            meets=(
                when("social_care.conference", kind=("initial", None)),
                when("social_care.s47_concluded", conference_needed=False),
            ),
            owner="allocated_worker",
            basis="Within 15 working days of the strategy discussion at which the section 47 "
            "enquiry began.",
            working_days=15,
        ),
        Clock(
            "first_core_group",
            "First core group",
            starts=(initial,),
            meets=(core_group,),
            stops=(CASE_CLOSED, PLAN_ENDED),
            owner="allocated_worker",
            basis="Within 10 working days of the initial conference.",
            working_days=10,
        ),
        Clock(
            "core_group",
            "Core group",
            starts=(core_group,),
            meets=(core_group,),
            stops=(CASE_CLOSED, PLAN_ENDED),
            on_plan=True,
            owner="allocated_worker",
            basis="Then as often as the authority sets (CASE_CORE_GROUP_WORKING_DAYS).",
            working_days=core_group_days,
        ),
        Clock(
            "first_review_conference",
            "First review conference",
            starts=(initial,),
            meets=(review,),
            stops=(CASE_CLOSED, PLAN_ENDED),
            owner="conference_chair",
            basis="Within 3 months of the initial conference.",
            months=3,
            warn_working_days=10,
        ),
        Clock(
            "review_conference",
            "Review conference",
            starts=(when("social_care.conference", kind="review", decision="plan_continues"),),
            meets=(review,),
            stops=(CASE_CLOSED, PLAN_ENDED),
            owner="conference_chair",
            basis="Then at most every 6 months while the plan lasts.",
            months=6,
            warn_working_days=10,
        ),
        Clock(
            "visit",
            "Visit: child seen",
            starts=(PLAN_STARTED, visit),
            meets=(visit,),
            stops=(CASE_CLOSED, PLAN_ENDED),
            on_plan=True,
            owner="allocated_worker",
            basis="While on a plan, the child seen at least as often as the authority sets "
            "(CASE_VISIT_WORKING_DAYS, default 10 working days).",
            working_days=visit_days,
        ),
        Clock(
            "seen_alone",
            "Visit: child seen alone",
            starts=(PLAN_STARTED, alone),
            meets=(alone,),
            stops=(CASE_CLOSED, PLAN_ENDED),
            on_plan=True,
            owner="allocated_worker",
            basis="While on a plan, the child seen alone at least as often as the authority "
            "sets (CASE_SEEN_ALONE_WORKING_DAYS, default 20 working days).",
            working_days=alone_days,
        ),
    )


def clock(code: str) -> Clock:
    """One clock by its code."""
    return next(c for c in clocks() if c.code == code)


MET, MET_LATE, STOPPED, OVERDUE, DUE_SOON, RUNNING = (
    "met",
    "met late",
    "stopped",
    "overdue",
    "due soon",
    "running",
)


@dataclass
class ClockRun:
    """One run of a clock: the event that started it, when it is due, and what ended it."""

    clock: Clock
    started_by: Any  # a SocialCareFact
    due_on: date
    met_by: Any = None
    stopped_by: Any = None

    @property
    def is_open(self) -> bool:
        return self.met_by is None and self.stopped_by is None

    def status(self, today: date) -> str:
        if self.met_by is not None:
            return MET_LATE if local_date(self.met_by.occurred_at) > self.due_on else MET
        if self.stopped_by is not None:
            return STOPPED
        if today > self.due_on:
            return OVERDUE
        if working_days_between(today, self.due_on) <= self.clock.warn_working_days:
            return DUE_SOON
        return RUNNING

    @property
    def delay_reason(self) -> str:
        return str((self.met_by.details or {}).get("delay_reason", "")) if self.met_by else ""


def clock_runs(facts: Iterable[SocialCareFact], *, at: Any = None) -> list[ClockRun]:
    """Every run of every clock over the child's social-care events (occurred by `at`), in
    the order they started. An event first meets or stops the runs open before it, then may
    start new ones: a visit meets the last visit's clock and starts the next."""
    ordered = sorted(
        (
            f
            for f in facts
            if f.type.startswith("social_care.") and (at is None or f.occurred_at <= at)
        ),
        key=lambda f: (f.occurred_at, f.version_id),
    )
    by_type = _by_type(clocks())
    runs: list[ClockRun] = []
    open_runs: dict[str, ClockRun] = {}
    on_plan = False
    for fact in ordered:
        concerned = by_type.get(fact.type, ())
        for clock in concerned:
            run = open_runs.get(clock.code)
            if run is None:
                continue
            if any(w.matches(fact) for w in clock.meets):
                run.met_by = fact
                del open_runs[clock.code]
            elif any(w.matches(fact) for w in clock.stops):
                run.stopped_by = fact
                del open_runs[clock.code]
        on_plan = _on_plan_after(fact, on_plan)
        for clock in concerned:
            if clock.on_plan and not on_plan:
                continue
            if any(w.matches(fact) for w in clock.starts):
                run = ClockRun(clock, fact, clock.due_on(local_date(fact.occurred_at)))
                if clock.code in open_runs:  # started again before it was met: the newer runs
                    open_runs[clock.code].stopped_by = fact
                open_runs[clock.code] = run
                runs.append(run)
    return runs


@cache
def _by_type(declared: tuple[Clock, ...]) -> dict[str, tuple[Clock, ...]]:
    """The clocks an event of each type may start, meet or stop, in declared order."""
    found: dict[str, list[Clock]] = {}
    for clock in declared:
        for w in (*clock.starts, *clock.meets, *clock.stops):
            if clock not in found.setdefault(w.type, []):
                found[w.type].append(clock)
    return {t: tuple(cs) for t, cs in found.items()}


def _on_plan_after(fact: SocialCareFact, on_plan: bool) -> bool:
    if PLAN_STARTED.matches(fact):
        return True
    if PLAN_ENDED.matches(fact) or CASE_CLOSED.matches(fact):
        return False
    return on_plan


def clocks_open(facts: Iterable[SocialCareFact]) -> list[ClockRun]:
    """The runs still open, soonest due first: what the child's page and lists show."""
    return sorted((r for r in clock_runs(facts) if r.is_open), key=lambda r: r.due_on)
