"""Rules over children's social care's own record: a re-referral soon after a closure, and
(scheduled) a child on a plan not seen in time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from joinedup.cases.selectors import case_state_from
from joinedup.core.calendar import add_working_days, local_date, start_of_day
from joinedup.signals.facts import ChildFacts, Fact, Finding, Known, by_time
from joinedup.signals.rules.declaration import Rule
from joinedup.signals.rules.words import day_words, intro, pronoun


def re_referral(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    for r in known.of_type("social_care.referral"):
        before = case_state_from(
            [
                f
                for f in known.facts
                if f.version_id != r.version_id and f.occurred_at <= r.occurred_at
            ]
        )
        if before.open_case or before.last_closure is None or before.last_closure_at is None:
            continue
        gap = (r.day - local_date(before.last_closure_at)).days
        if gap > rule.p("within_days"):
            continue
        closure = before.last_closure
        how = (
            "closed with no further action"
            if closure.type == "social_care.referral"
            else f"closed ({closure.details.get('reason') or 'no reason given'})".replace("_", " ")
        )
        yield Finding(
            rule.code,
            f"referral:{r.event_id}",
            key_facts=(r,),
            context_facts=(closure,),
            sentence=(
                f"{intro(child, r.day)}, was referred again on {day_words(r.day)}, {gap} days "
                f"after {pronoun(child)[1]} previous referral was {how} on "
                f"{day_words(closure.occurred_at, r.day)}."
            ),
        )


PLAN_STARTED = "social_care.child_protection_plan_started"
PLAN_STOPPED = ("social_care.child_protection_plan_ended", "social_care.case_closed")


def child_not_seen(facts: ChildFacts, until: datetime, rule: Rule) -> Iterable[Finding]:
    child = facts.child
    social = by_time(f for f in facts.facts if f.type.startswith("social_care."))
    for plan in (f for f in social if f.type == PLAN_STARTED):
        ended = next(
            (f for f in social if f.occurred_at > plan.occurred_at and f.type in PLAN_STOPPED),
            None,
        )
        later_plan = next(
            (f for f in social if f.type == plan.type and f.occurred_at > plan.occurred_at),
            None,
        )
        for test, days, key, what in (
            ("child_seen", rule.p("seen_within_working_days"), "seen", "seen"),
            ("seen_alone", rule.p("alone_within_working_days"), "alone", "seen alone"),
        ):
            visits = [
                f
                for f in social
                if f.type == "social_care.visit"
                and f.details.get(test) is True
                and f.occurred_at >= plan.occurred_at
            ]
            missed = _deadlines_missed(
                plan, visits, days, until=until, ended=ended, later_plan=later_plan
            )
            for deadline_day, passed, base, base_fact in missed:
                since = (
                    f"since the plan started on {day_words(plan.day)}"
                    if base_fact is None
                    else f"since {day_words(base)}"
                )
                yield Finding(
                    rule.code,
                    f"{key}:{plan.event_id}:{base.isoformat()}",
                    key_facts=(),  # the pattern is the key: plan, what and since
                    context_facts=(plan,) if base_fact is None else (plan, base_fact),
                    sentence=(
                        f"{intro(child, deadline_day)}, on a child protection plan, has not been "
                        f"{what} by a social worker {since}: {days} working days passed on "
                        f"{day_words(deadline_day)}."
                    ),
                    raised_at=max(passed, plan.reported_at),
                )


def _deadlines_missed(
    plan: Fact,
    visits: list[Fact],
    days: int,
    *,
    until: datetime,
    ended: Fact | None,
    later_plan: Fact | None,
) -> Iterable[tuple[date, datetime, date, Fact | None]]:
    """Each deadline (`days` working days from the plan's start or from the last visit in
    time) that passed by `until`, while the plan lasted, with no visit reported in time: as
    (the last day allowed, the moment it passed, the day counted from, that visit or None)."""
    base, base_fact, i = plan.day, None, 0
    while True:
        deadline_day = add_working_days(base, days)
        passed = start_of_day(deadline_day + timedelta(days=1))
        if passed > until:
            return
        if ended is not None and ended.occurred_at < passed and ended.reported_at <= passed:
            return
        if later_plan is not None and later_plan.occurred_at < passed:
            return
        while i < len(visits) and visits[i].day <= base:
            i += 1
        in_time = _visit_in_time(visits[i:], passed)
        if in_time is not None:
            base, base_fact = in_time.day, in_time
            continue
        yield deadline_day, passed, base, base_fact
        if i >= len(visits):
            return
        base, base_fact = visits[i].day, visits[i]


def _visit_in_time(visits: list[Fact], passed: datetime) -> Fact | None:
    """The first visit before the deadline passed that was reported by then."""
    for v in visits:
        if v.occurred_at >= passed:
            return None
        if v.reported_at <= passed:
            return v
    return None
