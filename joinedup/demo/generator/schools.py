"""What schools see: persistent absence each term, a child missing education, concerns."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from joinedup.demo.generator import words
from joinedup.demo.generator.dates import academic_age, terms
from joinedup.demo.generator.people import Human
from joinedup.demo.world import Org
from joinedup.people.fictional.draws import poisson

if TYPE_CHECKING:
    from joinedup.demo.generator.story import Story

MEAN_MISSED = {"universal": 0.05, "vulnerable": 0.11, "complex": 0.18}
CONCERNS = {"universal": 0.01, "vulnerable": 0.15, "complex": 0.5}


def school_on(s: Story, child: Human, day: date) -> Org | None:
    age = academic_age(child.dob, day)
    if 4 <= age <= 10:
        return s.h.primary
    if 11 <= age <= 15:
        return s.h.secondary
    return None


def schools(s: Story) -> None:
    """Each term's absence for every child at school, then the concerns a school logs."""
    for start, end in terms(s.b.start, s.b.today):
        for child in s.h.children:
            school = school_on(s, child, start)
            if school is not None:
                _term(s, child, school, start, end)
    for child in s.h.children:
        for _ in range(poisson(s.rng, CONCERNS[s.h.risk] * s.window_days / 365)):
            _concern(s, child)


def _term(s: Story, child: Human, school: Org, start: date, end: date) -> None:
    """Absence, sent once it is persistent (under 90%); for a few, missing from education."""
    rng = s.rng
    possible = 2 * sum(
        1 for i in range((end - start).days + 1) if (start + timedelta(i)).weekday() < 5
    )
    share = min(0.9, rng.expovariate(1 / MEAN_MISSED[s.h.risk]))
    missed = int(possible * share)
    if share < 0.1:
        return
    unauthorised = int(missed * rng.uniform(0.2, 0.9))
    pct = round(100 * (possible - missed) / possible)
    summary = (
        f"Attendance {pct}% this term: {missed} of {possible} sessions missed, "
        f"{unauthorised} unauthorised. "
    )
    summary += (
        "Severe absence; education welfare officer informed."
        if pct < 50
        else "Letter sent home and attendance meeting offered."
    )
    reported_day = min(end + timedelta(days=rng.randint(1, 10)), s.b.today)
    occurred = s.moment(end, (15, 17))
    if reported_day <= end:
        return
    days = (reported_day - end).days
    s.add(
        school,
        "education.absence",
        occurred,
        s.with_carer(child),
        {
            "sessions_missed": missed,
            "sessions_possible": possible,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
        },
        summary,
        delay=(24 * days - 12, 24 * days - 8),
    )
    if pct < 50 and s.h.risk == "complex" and rng.random() < 0.1:
        _missing(s, child, school, end)


def _missing(s: Story, child: Human, school: Org, end: date) -> None:
    last = end - timedelta(days=s.rng.randint(10, 30))
    parent = s.h.carer()
    s.add(
        school,
        "education.child_missing_education",
        s.moment(end, (10, 15)),
        [(child, "child", {}), (parent, "parent", {child: "mother"})],
        {"last_attended": last.isoformat()},
        f"{child.nickname or child.given} has not attended since "
        f"{last:%-d %B}; home visits unanswered, family may have left the area.",
        delay=(24, 96),
        trigger=school.name,
    )


def _concern(s: Story, child: Human) -> None:
    """A concern the designated safeguarding lead logs, on a school day in term."""
    day = s.day_between(child.dob, s.b.today)
    school = school_on(s, child, day) if day else None
    if not day or not school or day.weekday() >= 5 or day.month == 8:
        return
    secondary = school.kind == "secondary"
    concern = s.rng.choice(words.SECONDARY_CONCERNS if secondary else words.PRIMARY_CONCERNS)
    name = child.nickname or child.given
    text = concern.format(name=name, he="he" if child.sex == "male" else "she")
    s.add(
        school,
        "education.safeguarding_concern",
        s.moment(day, (8.5, 15.5)),
        s.with_carer(child),
        {"concern": text},
        text + " Logged by the designated safeguarding lead.",
        delay=(0.5, 6),
        trigger=school.name,
    )
