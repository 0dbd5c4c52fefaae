"""What children's social care does with what it is told: a referral and its decision, an
assessment or a section 47 enquiry, a child protection plan, care, visits, closure; and, for
some, the re-referral that follows a closure. The statutory process's own steps around these
(the contact, the assessment, the strategy discussion, conferences, core groups, child in need
plans) come from `process`, which draws from a stream of its own.

It reads the other strands' drafts: a concern someone raised (a draft's `trigger`) may become
a referral a few days after it was reported.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from joinedup.core.calendar import years_old
from joinedup.demo.generator import process, words
from joinedup.demo.generator.dates import LONDON, add_working_days, age_words, weekday
from joinedup.demo.generator.people import Human
from joinedup.demo.generator.police import children_under_18
from joinedup.demo.world import CSC, EARLY_HELP, HEALTH_VISITING, POLICE
from joinedup.people.fictional.draws import weighted

if TYPE_CHECKING:
    from joinedup.demo.generator.story import Draft, Story

REFERRED = {"universal": 0.2, "vulnerable": 0.35, "complex": 0.85}
REFERRED_UNPROMPTED = {"universal": 0.004, "vulnerable": 0.06, "complex": 0.3}
DECISIONS = {
    "complex": (("s47", 40), ("assessment", 45), ("early_help", 10), ("no_further_action", 5)),
    "vulnerable": (
        ("s47", 8),
        ("assessment", 45),
        ("early_help", 27),
        ("no_further_action", 20),
    ),
    "universal": (
        ("s47", 2),
        ("assessment", 30),
        ("early_help", 28),
        ("no_further_action", 40),
    ),
}
ASSESSED = (("no_further_action", 45), ("step_down_early_help", 40), ("s47", 15))
PLAN = {"universal": 0.3, "vulnerable": 0.45, "complex": 0.7}
CATEGORIES = (("neglect", 45), ("emotional", 35), ("physical", 8), ("sexual", 4), ("multiple", 8))
REREFERRED = {"universal": 0.03, "vulnerable": 0.15, "complex": 0.35}


def social_care(s: Story) -> None:
    """The first concern another agency raised may be referred; without one, a health visitor
    or GP now and then refers on their own."""
    rng = s.rng
    risk = s.h.risk
    triggers = sorted((d for d in s.drafts if d.trigger), key=lambda d: (d.occurred, d.org.name))
    if not triggers:
        if rng.random() >= REFERRED_UNPROMPTED[risk]:
            return
        day = s.day_between(s.b.start, s.b.today - timedelta(days=3))
        if not day or not s.h.children_on(day):
            return
        source = HEALTH_VISITING.name if rng.random() < 0.5 else s.h.gp.name
        referral(s, weekday(day), source, 0, rng.choice(words.REFERRAL_REASONS))
        return
    if rng.random() >= REFERRED[risk]:
        return
    first = triggers[0]
    day = weekday(first.reported.astimezone(LONDON).date() + timedelta(days=rng.randint(0, 3)))
    if day < s.b.today and s.h.children_on(day):
        reason = words.TRIGGER_REASONS.get(first.type, "concerns")
        referral(s, day, first.trigger, 0, reason)


def referral(s: Story, day: date, source: str, depth: int, reason: str) -> None:
    """A contact about the children under 18, decided the same day. `depth`: how many
    re-referrals came before this one."""
    children = children_under_18(s, day)
    if not children or day >= s.b.today:
        return
    decision = weighted(s.rng, DECISIONS[s.h.risk])
    parent = s.h.carer()
    referrals = []
    for child in children:
        draft = s.add(
            CSC,
            "social_care.referral",
            s.moment(day, (9, 17)),
            s.with_carer(child),
            {"decision": decision, "referral_source": source},
            f"Contact from {source} about {child.given} ({age_words(child.dob, day)}): "
            f"{reason}. Decision: {words.DECISION_WORDS[decision]}.",
            delay=(0.5, 30),
        )
        referrals.append((child, draft))
    process.contacts(s, referrals, source, reason)
    if decision in ("no_further_action", "early_help"):
        _stepped_down(s, children, parent, day, decision, depth)
        return
    process.assessments_started(s, referrals)
    decided = max(d.occurred for _, d in referrals)
    if decision == "assessment":
        _assessment(s, children, day, depth)
    else:
        section47(s, children, day, depth, after=decided, assessing=True)


def _stepped_down(
    s: Story, children: list[Human], parent: Human, day: date, decision: str, depth: int
) -> None:
    """Closed within a week; early help may later find the family no longer engaging."""
    rng = s.rng
    closed = add_working_days(day, rng.randint(1, 5))
    close(s, children, closed, "step_down_early_help" if decision == "early_help" else decision)
    if decision == "early_help" and rng.random() < 0.3:
        later = s.day_between(closed + timedelta(days=40), closed + timedelta(days=150))
        if later:
            text = rng.choice(words.EARLY_HELP_CONCERNS).format(name=parent.given)
            s.add(
                EARLY_HELP,
                "early_help.concern",
                s.moment(weekday(later), (9, 17)),
                [(parent, "parent", {c: s.h.relation(parent) for c in children})]
                + [(c, "child", {}) for c in children],
                {"concern": text, "severity": "medium"},
                text,
                delay=(2, 72),
                trigger=EARLY_HELP.name,
            )
    maybe_rereferral(s, closed, depth)


def _assessment(s: Story, children: list[Human], day: date, depth: int) -> None:
    """One or two visits, then within 45 working days: closed, or a section 47 enquiry."""
    rng = s.rng
    for n in range(rng.randint(1, 2)):
        visit(s, children, add_working_days(day, rng.randint(3, 20) + 10 * n), lax=True)
    ended = add_working_days(day, rng.randint(20, 45))
    if ended >= s.b.today:
        return  # assessment still open today
    outcome = weighted(rng, ASSESSED)
    if outcome != "s47":
        closures = close(s, children, ended, outcome)
        if closures:  # authorised that morning, the case closed on it
            at = min(d.occurred for _, d in closures) - timedelta(minutes=30)
            process.assessments_authorised(s, children, at, outcome)
        maybe_rereferral(s, ended, depth)
        return
    with process.aside(s):  # the moment from the process's stream, not the story's
        authorised = s.moment(ended, (9, 12))
    process.assessments_authorised(s, children, authorised, outcome)
    section47(s, children, ended, depth, after=authorised, assessing=False)


def section47(
    s: Story, children: list[Human], day: date, depth: int, *, after: datetime, assessing: bool
) -> None:
    """A visit the next working day, a conference within three weeks; a child protection plan
    for some, a child in need plan for the rest. The strategy discussion is held on `day`
    after `after`; `assessing`: an assessment runs beside the enquiry."""
    rng = s.rng
    visit(s, children, add_working_days(day, 1), lax=False)
    conference = add_working_days(day, rng.randint(10, 15))

    def enquiry(outcome: str) -> None:
        process.enquiry(s, children, day, after, conference, assessing=assessing, outcome=outcome)

    if conference >= s.b.today:
        enquiry("")
        return
    if rng.random() >= PLAN[s.h.risk]:
        enquiry("cin")
        closed = add_working_days(conference, rng.randint(40, 120))
        process.cin_ends(s, close(s, children, closed, "child_in_need_plan_ended"))
        maybe_rereferral(s, closed, depth)
        return
    enquiry("plan")
    _plan(s, children, conference)


def _plan(s: Story, children: list[Human], conference: date) -> None:
    """A child protection plan: visits every ten working days until it ends, in care for
    some, stepped down for the rest."""
    rng = s.rng
    category = weighted(rng, CATEGORIES)
    if s.h.risk == "complex" and any(d.type.startswith("police.domestic") for d in s.drafts):
        category = rng.choice(("emotional", "multiple"))
    starts = []
    for child in children:
        draft = s.add(
            CSC,
            "social_care.child_protection_plan_started",
            s.moment(conference, (10, 16)),
            [(child, "child", {})],
            {"category": category},
            f"Initial child protection conference: {child.given} made subject of a child "
            f"protection plan under the category of {category}. Core group to meet within "
            "10 working days.",
            delay=(2, 48),
        )
        starts.append((child, draft))
    process.plan_conference(s, starts, category)
    ends = conference + timedelta(days=rng.randint(180, 500))
    looked_after = None
    if rng.random() < 0.15:
        looked_after = conference + timedelta(days=rng.randint(60, 200))
    plan_end = min(d for d in (ends, looked_after, s.b.today) if d)
    visits(s, children, conference, plan_end, working_days=10)
    process.plan_meetings(s, children, conference, plan_end, category)
    if plan_end >= s.b.today:
        return
    ended = []
    for child in children:
        draft = s.add(
            CSC,
            "social_care.child_protection_plan_ended",
            s.moment(weekday(plan_end), (10, 16)),
            [(child, "child", {})],
            {"category": category},
            "Review conference: child protection plan ended"
            + (
                f"; {child.given} to become looked after."
                if looked_after
                else f". Risks to {child.given} reduced; stepped down to a child in need plan."
            ),
            delay=(2, 48),
        )
        ended.append((child, draft))
    process.plan_ends(s, ended, category, stepped_down=not looked_after)
    if looked_after:
        care(s, children, weekday(plan_end))
        return
    closed = add_working_days(plan_end, rng.randint(40, 90))
    process.cin_ends(s, close(s, children, closed, "step_down_early_help"))


def care(s: Story, children: list[Human], day: date) -> None:
    """Looked after: visited every six weeks or so; some return home."""
    rng = s.rng
    status, text = rng.choice(
        (
            ("C1", "Interim care order granted; placed with foster carers"),
            ("V2", "Accommodated under section 20 with the parent's agreement"),
            ("C1", "Interim care order granted; placed with the maternal grandmother"),
        )
    )
    for child in children:
        s.add(
            CSC,
            "social_care.looked_after_started",
            s.moment(day, (10, 18)),
            [(child, "child", {})],
            {"legal_status": status},
            f"{child.given} became looked after. {text}.",
            delay=(1, 24),
        )
    ended = day + timedelta(days=rng.randint(90, 400))
    visits(s, children, day, min(ended, s.b.today), working_days=30)
    if ended < s.b.today and rng.random() < 0.4:
        for child in children:
            s.add(
                CSC,
                "social_care.looked_after_ended",
                s.moment(weekday(ended), (10, 17)),
                [(child, "child", {})],
                {"legal_status": status},
                f"{child.given} returned home to {s.h.carer().given}'s care under a "
                "supervision plan.",
                delay=(1, 48),
            )


def visits(s: Story, children: list[Human], start: date, end: date, *, working_days: int) -> None:
    """Statutory visits a little inside every `working_days`, with now and then a lapse."""
    day = start
    while True:
        gap = s.rng.randint(working_days - 4, working_days - 1)
        if s.rng.random() < 0.05:
            gap += s.rng.randint(3, 10)  # a lapse: leave, sickness, a missed visit
        day = add_working_days(day, gap)
        if day >= end:
            return
        visit(s, children, day, lax=False)


def visit(s: Story, children: list[Human], day: date, *, lax: bool) -> None:
    """A home visit: each child seen (alone, if old enough), or no answer at the door."""
    if day >= s.b.today:
        return
    rng = s.rng
    parent = s.h.carer()
    access = rng.random() < (0.95 if not lax else 0.97)
    for child in children:
        seen = access
        alone = seen and years_old(child.dob, day) >= 3 and rng.random() < 0.9
        if not seen:
            summary = "Home visit: no answer at the door; card left. Child not seen."
        elif alone:
            room = rng.choice(("their bedroom", "the garden", "the kitchen"))
            summary = f"Home visit. {child.given} seen alone in {room}; " + rng.choice(
                words.VISIT_NOTES
            )
        else:
            summary = f"Home visit. {child.given} seen with {parent.given}; " + rng.choice(
                words.VISIT_NOTES
            )
        s.add(
            CSC,
            "social_care.visit",
            s.moment(day, (9, 18)),
            s.with_carer(child),
            {"child_seen": seen, "seen_alone": alone},
            summary,
            delay=(1, 30),
        )


def close(s: Story, children: list[Human], day: date, reason: str) -> list[tuple[Human, Draft]]:
    """Each child's case closed on `day` (a weekday): the closures, none if not yet."""
    day = weekday(day)
    if day >= s.b.today:
        return []
    closures = []
    for child in children:
        draft = s.add(
            CSC,
            "social_care.case_closed",
            s.moment(day, (9, 17)),
            [(child, "child", {})],
            {"reason": reason},
            f"Case closed: {words.CLOSURE_WORDS.get(reason, reason.replace('_', ' '))}.",
            delay=(1, 48),
        )
        closures.append((child, draft))
    return closures


def maybe_rereferral(s: Story, closed: date, depth: int) -> None:
    """For some, a police concern months after a closure, and a referral again (at most two
    re-referrals)."""
    if depth >= 2 or s.rng.random() >= REREFERRED[s.h.risk]:
        return
    day = s.day_between(closed + timedelta(days=60), closed + timedelta(days=300))
    if not day:
        return
    day = weekday(day)
    if day >= s.b.today:
        return
    children = s.h.children_on(day)
    if not children:
        return
    child = children[0]
    text = s.rng.choice(words.POLICE_CHILD_CONCERNS).format(
        name=child.given,
        age=age_words(child.dob, day),
        place=s.h.address_on(day).line1,
    )
    s.add(
        POLICE,
        "police.child_concern",
        s.moment(day - timedelta(days=1), (0, 23.9)),
        [(child, "child", {})],
        {"concern": text},
        text,
        delay=(2, 20),
    )
    referral(s, day, POLICE.name, depth + 1, words.TRIGGER_REASONS["police.child_concern"])
