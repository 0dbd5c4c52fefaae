"""The statutory process's own steps, as children's social care records them around the
referral, the plan, its visits and the closure (`social_care`): the contact before each
referral; an assessment started and, weeks later, authorised; the strategy discussion and the
section 47 enquiry; the initial conference, core groups and review conferences of a plan; a
child in need plan. The statutory clocks (`cases.clocks`) are read from these events.

Each step is placed beside the social care event it belongs to and drawn from a stream of the
household's own (`aside`), never the story's: every other event the borough makes is as it
was before the process was recorded, the same people, referrals, plans, visits and closures
at the same moments.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from joinedup.core.calendar import years_old
from joinedup.demo.generator.dates import LONDON, academic_age, add_working_days, weekday
from joinedup.demo.generator.people import Human
from joinedup.demo.world import CSC, HEALTH_VISITING, POLICE

if TYPE_CHECKING:
    from joinedup.demo.generator.story import Draft, Story

# The social care strand's assessment outcomes, as the assessment's own outcome.
OUTCOMES = {
    "no_further_action": "no_further_action",
    "step_down_early_help": "early_help",
    "s47": "strategy_discussion",
    "cin_plan": "cin_plan",
}
OUTCOME_WORDS = {
    "no_further_action": "no further action",
    "early_help": "step down to early help",
    "strategy_discussion": "strategy discussion",
    "cin_plan": "a child in need plan",
}
# DfE assessment factor codes (children in need census): 16A to 19A abuse or neglect by
# category; 1B, 2B, 3B, 4B a parent's alcohol, drugs, domestic abuse, mental health; 21 none.
CATEGORY_FACTORS = {
    "neglect": "16A",
    "emotional": "17A",
    "physical": "18A",
    "sexual": "19A",
    "multiple": "16A, 17A",
}
PARENT_FACTORS = ("1B", "2B", "3B", "4B", "16A")
CHILD_SAID = (
    "Mum gets sad a lot and stays in bed.",
    "I like it when Nan picks me up from school.",
    "I don't like it when they shout at night.",
    "There isn't always breakfast but school gives us toast.",
    "I want to stay at home with my mum.",
    "I'm fine. I just want everyone to stop asking.",
)
SAFETY_ACTIONS = (
    "The parent agreed a safety plan; the children stay with their grandmother tonight.",
    "The partner agreed not to stay at the address while the enquiry runs.",
    "Child protection medical arranged for tomorrow morning.",
    "The children seen at school today; a home visit this afternoon.",
)


@contextmanager
def aside(s: Story) -> Iterator[random.Random]:
    """The household's process stream in place of the story's while the block draws."""
    stream = _STREAMS.get(s)
    if stream is None:
        stream = _STREAMS[s] = random.Random(f"joinedup-demo:{s.b.seed}:{s.h.index}:process")
    kept, s.rng = s.rng, stream
    try:
        yield stream
    finally:
        s.rng = kept


_STREAMS: WeakKeyDictionary[Story, random.Random] = WeakKeyDictionary()


def _before(p: random.Random, moment: datetime, minutes: tuple[int, int]) -> datetime:
    """A moment a little before `moment`, and not before half past seven that morning."""
    earlier = moment - timedelta(minutes=p.randint(*minutes))
    local = moment.astimezone(LONDON)
    morning = datetime.combine(local.date(), time(7, 30), tzinfo=LONDON)
    if local <= morning + timedelta(minutes=1):
        return moment - timedelta(minutes=1)
    return max(earlier, morning)


def _after(p: random.Random, moment: datetime, minutes: tuple[int, int]) -> datetime:
    return moment + timedelta(minutes=p.randint(*minutes))


def _alone(child: Human) -> list[tuple[Human, str, dict[Human, str]]]:
    return [(child, "child", {})]


def _agencies(s: Story, children: Sequence[Human], day: date, *, police: bool) -> str:
    """Who took part: the children's school (or health visitor), their GP, the police."""
    eldest = min(children, key=lambda c: c.dob)
    age = academic_age(eldest.dob, day)
    school = HEALTH_VISITING if age < 4 else s.h.primary if age < 11 else s.h.secondary
    names = [f"social worker ({CSC.name})", school.name, s.h.gp.name]
    if police:
        names.insert(1, POLICE.name)
    return ", ".join(names)


def contacts(s: Story, referrals: Sequence[tuple[Human, Draft]], source: str, reason: str) -> None:
    """The contact each referral decides: made earlier that day."""
    with aside(s) as p:
        for child, referral in referrals:
            s.add(
                CSC,
                "social_care.contact",
                _before(p, referral.occurred, (15, 240)),
                s.with_carer(child),
                {"contact_source": source, "presenting_need": reason},
                f"Contact from {source} about {child.given}: {reason}.",
                delay=(0.1, 2),
            )


def assessments_started(s: Story, referrals: Sequence[tuple[Human, Draft]]) -> None:
    """The assessment a referral opens, allocated to a social worker the same day."""
    with aside(s) as p:
        for child, referral in referrals:
            s.add(
                CSC,
                "social_care.assessment_started",
                _after(p, referral.occurred, (5, 90)),
                _alone(child),
                {},
                f"Child and family assessment started for {child.given}.",
                delay=(0.5, 24),
            )


def assessments_authorised(
    s: Story, children: Sequence[Human], at: datetime, outcome: str, category: str = ""
) -> None:
    """A team manager authorises the assessment at `at`; `outcome` in the strand's words."""
    with aside(s) as p:
        _authorised(s, p, children, at, OUTCOMES[outcome], category)


def _authorised(
    s: Story,
    p: random.Random,
    children: Sequence[Human],
    at: datetime,
    outcome: str,
    category: str,
) -> None:
    if outcome == "no_further_action":
        factors = "21"
    elif category:
        factors = CATEGORY_FACTORS[category]
    else:
        factors = ", ".join(sorted(p.sample(PARENT_FACTORS, p.randint(1, 2))))
    for child in children:
        details = {"outcome": outcome, "factors": factors}
        if years_old(child.dob, at.astimezone(LONDON).date()) >= 4:
            details["child_said"] = p.choice(CHILD_SAID)
        s.add(
            CSC,
            "social_care.assessment_authorised",
            at,
            _alone(child),
            details,
            f"Child and family assessment of {child.given} authorised. Factors: {factors}. "
            f"Outcome: {OUTCOME_WORDS[outcome]}.",
            delay=(0.5, 48),
        )


def enquiry(
    s: Story,
    children: Sequence[Human],
    day: date,
    after: datetime,
    conference: date,
    *,
    assessing: bool,
    outcome: str,
) -> None:
    """A strategy discussion deciding on a section 47 enquiry on `day`, after `after`; the
    enquiry concluded before the conference on `conference`. `outcome`: "plan" (the plan's
    conference is `plan_conference`'s), "cin" (no plan: a child in need plan), or "" (the
    conference has not yet been held). `assessing`: an assessment runs beside the enquiry,
    authorised when it concludes."""
    with aside(s) as p:
        held = _after(p, after, (30, 180))
        safety = p.choice(SAFETY_ACTIONS)
        agencies = _agencies(s, children, day, police=True)
        for child in children:
            s.add(
                CSC,
                "social_care.strategy_discussion",
                held,
                _alone(child),
                {"agencies_present": agencies, "decision": "s47", "immediate_safety": safety},
                f"Strategy discussion about {child.given}: section 47 enquiry to start. {safety}",
                delay=(0.5, 24),
            )
            s.add(
                CSC,
                "social_care.s47_started",
                held + timedelta(minutes=2),
                _alone(child),
                {},
                f"Section 47 enquiry started for {child.given}.",
                delay=(0.5, 24),
            )
        concluded = add_working_days(day, p.randint(5, 9))
        if concluded >= s.b.today:
            return
        needed = outcome != "cin" or p.random() < 0.5
        at = s.moment(concluded, (10, 16))
        for child in children:
            substantiated = outcome == "plan" or p.random() < 0.4
            s.add(
                CSC,
                "social_care.s47_concluded",
                at,
                _alone(child),
                {"substantiated": substantiated, "conference_needed": needed},
                f"Section 47 enquiry concluded: concerns "
                f"{'substantiated' if substantiated else 'not substantiated'}; "
                + ("initial conference to be held." if needed else "no conference needed."),
                delay=(0.5, 48),
            )
        if assessing:
            done = "cin_plan" if outcome == "cin" else "strategy_discussion"
            _authorised(s, p, children, _after(p, at, (10, 60)), done, "")
        if outcome == "cin":
            start = at + timedelta(minutes=90)
            if needed:
                start = _conference(s, p, children, conference, "initial", "no_plan", "")
            _cin_started(s, p, children, _after(p, start, (20, 90)))


def _conference(
    s: Story,
    p: random.Random,
    children: Sequence[Human],
    day: date,
    kind: str,
    decision: str,
    category: str,
    at: datetime | None = None,
) -> datetime:
    at = at or s.moment(day, (10, 15))
    agencies = _agencies(s, children, day, police=kind == "initial")
    details = {"kind": kind, "decision": decision, "agencies_present": agencies}
    if category:
        details["category"] = category
    said = {
        "plan": f"a child protection plan under the category of {category}",
        "no_plan": "no plan; support under a child in need plan",
        "plan_continues": "the plan continues",
        "plan_ends": "the plan ends",
    }[decision]
    for child in children:
        s.add(
            CSC,
            "social_care.conference",
            at,
            _alone(child),
            details,
            f"{kind.capitalize()} child protection conference about {child.given}: {said}. "
            f"Attended: {agencies}.",
            delay=(2, 48),
        )
    return at


def _cin_started(s: Story, p: random.Random, children: Sequence[Human], at: datetime) -> None:
    for child in children:
        s.add(
            CSC,
            "social_care.cin_plan_started",
            at,
            _alone(child),
            {},
            f"Child in need plan agreed for {child.given} with the family; reviewed every six "
            "weeks.",
            delay=(1, 48),
        )


def plan_conference(s: Story, starts: Sequence[tuple[Human, Draft]], category: str) -> None:
    """The initial conference that decided on the plans starting (`starts`)."""
    with aside(s) as p:
        first = min(d.occurred for _, d in starts)
        at = _before(p, first, (10, 60))
        day = at.astimezone(LONDON).date()
        _conference(s, p, [c for c, _ in starts], day, "initial", "plan", category, at)


def plan_meetings(
    s: Story, children: Sequence[Human], conference: date, until: date, category: str
) -> None:
    """Core groups (the first within 10 working days, then about monthly) and review
    conferences (within three months, then about every six) while the plan lasts: before
    `until`, its end or today. No review in the month before a plan ends: that one ends it."""
    last = min(until, s.b.today)
    with aside(s) as p:
        day = add_working_days(conference, p.randint(5, 10))
        while day < last:
            agencies = _agencies(s, children, day, police=False)
            for child in children:
                s.add(
                    CSC,
                    "social_care.core_group",
                    s.moment(day, (9, 17)),
                    _alone(child),
                    {"agencies_present": agencies},
                    f"Core group for {child.given}: the plan's actions reviewed and updated.",
                    delay=(1, 72),
                )
            gap = p.randint(15, 27) + (p.randint(5, 12) if p.random() < 0.05 else 0)
            day = add_working_days(day, gap)
        review = weekday(conference + timedelta(days=p.randint(70, 84)))
        stop = last if until >= s.b.today else until - timedelta(days=30)
        while review < stop:
            _conference(s, p, children, review, "review", "plan_continues", category)
            review = weekday(review + timedelta(days=p.randint(150, 175)))


def plan_ends(
    s: Story, ends: Sequence[tuple[Human, Draft]], category: str, *, stepped_down: bool
) -> None:
    """The review conference that ends the plans (`ends`); stepped down, a child in need plan
    follows."""
    with aside(s) as p:
        first = min(d.occurred for _, d in ends)
        at = _before(p, first, (10, 60))
        children = [c for c, _ in ends]
        day = at.astimezone(LONDON).date()
        _conference(s, p, children, day, "review", "plan_ends", category, at)
        if stepped_down:
            last = max(d.occurred for _, d in ends)
            _cin_started(s, p, children, _after(p, last, (10, 60)))


def cin_ends(s: Story, closures: Sequence[tuple[Human, Draft]]) -> None:
    """A child in need plan ends as the case closes."""
    with aside(s) as p:
        for child, closure in closures:
            s.add(
                CSC,
                "social_care.cin_plan_ended",
                _before(p, closure.occurred, (5, 60)),
                _alone(child),
                {},
                f"Child in need plan for {child.given} ended: its goals met.",
                delay=(1, 48),
            )
