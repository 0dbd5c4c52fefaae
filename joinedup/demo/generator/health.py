"""What health sees: births, emergency attendances, injuries noticed, children not brought."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from joinedup.core.calendar import years_old
from joinedup.demo.generator import words
from joinedup.demo.generator.dates import age_words, utc_text, weekday
from joinedup.demo.generator.people import Human
from joinedup.demo.world import HEALTH_VISITING, NORTHGATE_HOSPITAL, RIVERSIDE_HOSPITAL
from joinedup.people.fictional.draws import poisson, weighted

if TYPE_CHECKING:
    from joinedup.demo.generator.story import Story, Subjects

BOOST = {"universal": 1.0, "vulnerable": 1.6, "complex": 2.2}
INJURED_UNDER_SIX = {"universal": 0.03, "vulnerable": 0.1, "complex": 0.3}
NOT_BROUGHT = {"universal": 0.08, "vulnerable": 0.4, "complex": 0.9}
ED_CONCERN = {"universal": 0.01, "vulnerable": 0.06, "complex": 0.2}
EXPLANATION_FITS = {"universal": 0.9, "vulnerable": 0.7, "complex": 0.45}
GESTATION = ((40, 40), (39, 25), (38, 15), (37, 8), (35, 6), (32, 6))


def births(s: Story) -> None:
    """A birth notification for each child born in the window."""
    for child in s.h.children:
        if s.b.start <= child.dob < s.b.today:
            _birth(s, child)


def _birth(s: Story, child: Human) -> None:
    mother = s.h.mother
    hospital = RIVERSIDE_HOSPITAL if s.rng.random() < 0.85 else NORTHGATE_HOSPITAL
    weeks = weighted(s.rng, GESTATION)
    twin = s.h.twins and child.dob == s.h.children[0].dob
    if twin:
        weeks = min(weeks, 36)
    grams = int(3400 - (40 - weeks) * 180 + s.rng.randint(-450, 450))
    occurred = s.moment(child.dob, (0, 24))
    subjects: Subjects = [(child, "child", {})]
    shown = child.given
    body_child = child
    if s.rng.random() < 0.4:
        shown = "Baby"  # named later: the birth notification says "Baby <surname>"
        body_child = Human(**{**child.__dict__, "given": "Baby"})
        subjects = [(body_child, "child", {})]
    if mother:
        subjects.append((mother, "parent", {body_child: "mother"}))
    s.add(
        hospital,
        "health.birth",
        occurred,
        subjects,
        {"gestation_weeks": weeks, "birth_weight_g": grams},
        f"{shown} {child.family} born at {weeks} weeks, {grams} g, "
        + ("normal delivery" if s.rng.random() < 0.7 else "caesarean section")
        + (f"; mother {mother.full}." if mother else ".")
        + (" Twin delivery." if twin else ""),
        delay=(1, 30),
    )


def health(s: Story) -> None:
    """Each child's attendances, injuries a health visitor or GP notices, and missed
    appointments, more often in households at risk."""
    risk = s.h.risk
    years = s.window_days / 365
    for child in s.h.children:
        born = max(child.dob, s.b.start)
        lived = (s.b.today - born).days / 365
        age_now = years_old(child.dob, s.b.today)
        rate = 0.8 if age_now < 2 else 0.45 if age_now < 5 else 0.3
        for _ in range(poisson(s.rng, rate * BOOST[risk] * lived)):
            day = s.day_between(born + timedelta(days=7), s.b.today)
            if day:
                attendance(s, child, day)
        if age_now < 6:
            for _ in range(poisson(s.rng, INJURED_UNDER_SIX[risk] * lived)):
                day = s.day_between(born + timedelta(days=14), s.b.today)
                if day:
                    injury_observed(s, child, day)
        for _ in range(poisson(s.rng, NOT_BROUGHT[risk] * min(lived, years))):
            day = s.day_between(born + timedelta(days=30), s.b.today)
            if day:
                not_brought(s, child, weekday(day))


def attendance(s: Story, child: Human, day: date) -> None:
    """An emergency department visit: an injury (now and then a worrying one) or an illness."""
    rng = s.rng
    age = years_old(child.dob, day)
    infant_months = (day - child.dob).days / 30.4
    hospital = RIVERSIDE_HOSPITAL if rng.random() < 0.7 else NORTHGATE_HOSPITAL
    injured = rng.random() < (0.12 if infant_months < 6 else 0.5)
    escort = s.escort(day) if age < 16 or rng.random() < 0.5 else None
    subjects: Subjects = [(child, "child", {})]
    who = "Self-presented"
    if escort:
        adult, relation = escort
        subjects.append((adult, "accompanying_adult", {child: relation}))
        who = f"Brought in by {words.relation_words(relation)} {adult.full}"
    details: dict[str, Any] = {"setting": "emergency_department"}
    if injured:
        concern, summary = _injury(s, child, day, age, details, who)
    else:
        concern, summary = False, _illness(s, child, day, age, details, who)
    details["safeguarding_concern"] = concern
    s.add(
        hospital,
        "health.unscheduled_care_attendance",
        s.moment(day, (0, 24)),
        subjects,
        details,
        summary,
        delay=(0.5, 8),
        trigger=f"{hospital.name} emergency department" if concern else "",
    )


def _injury(
    s: Story, child: Human, day: date, age: int, details: dict[str, Any], who: str
) -> tuple[bool, str]:
    rng = s.rng
    kind, site, complaint, explanation = rng.choice(
        words.INFANT_INJURIES if age < 1 else words.INJURIES if age < 13 else words.TEEN_INJURIES
    )
    details["presenting_complaint"] = complaint
    details["injury"] = {"kind": kind, "site": site}
    concern = rng.random() < (ED_CONCERN[s.h.risk] * (3 if age < 1 else 1))
    summary = (
        f"{who}. {child.given} ({age_words(child.dob, day)}): "
        f"{words.injury_words(kind, site, complaint)}. Explanation: {explanation}."
    )
    if concern:
        summary += " " + rng.choice(words.ED_CONCERNS)
    else:
        summary += " Injury consistent with the account. Discharged home with advice."
    return concern, summary


def _illness(s: Story, child: Human, day: date, age: int, details: dict[str, Any], who: str) -> str:
    complaint = s.rng.choice(words.ILLNESSES if age >= 1 else words.INFANT_ILLNESSES)
    details["presenting_complaint"] = complaint
    return f"{who}. {child.given} ({age_words(child.dob, day)}) with {complaint}. " + s.rng.choice(
        words.ILLNESS_OUTCOMES
    )


def injury_observed(s: Story, child: Human, day: date) -> None:
    """A health visitor or GP notices an injury; the explanation fits, or it does not."""
    rng = s.rng
    org = HEALTH_VISITING if rng.random() < 0.6 else s.h.gp
    day = weekday(day)
    kind, site, explanation = rng.choice(words.OBSERVED_INJURIES)
    consistent = rng.random() < EXPLANATION_FITS[s.h.risk]
    parent = s.h.carer()
    who = "health visitor at a home visit" if org is HEALTH_VISITING else "GP"
    summary = (
        f"Seen by {who}. {kind.replace('_', ' ').capitalize()} on the {site} noted on "
        f"{child.given} ({age_words(child.dob, day)}). {parent.given} said {explanation}. "
    )
    summary += (
        "Explanation fits the injury and the child's development."
        if consistent
        else "Explanation does not fit the injury; discussed with the safeguarding lead."
    )
    s.add(
        org,
        "health.injury_observed",
        s.moment(day, (9, 17)),
        s.with_carer(child),
        {
            "injury": {"kind": kind, "site": site},
            "explanation": explanation,
            "explanation_consistent": consistent,
        },
        summary,
        delay=(1, 48),
        trigger="" if consistent else org.name,
    )


def not_brought(s: Story, child: Human, day: date) -> None:
    """An appointment the child was not brought to (or, at 16 and over, did not attend)."""
    rng = s.rng
    age = years_old(child.dob, day)
    org, service = _appointment(s, child, day)
    appointment = s.moment(day, (9, 16))
    parent = s.h.carer()
    s.add(
        org,
        "health.appointment_not_attended",
        appointment,
        s.with_carer(child),
        {"service": service, "appointment_at": utc_text(appointment)},
        f"{child.given} ({age_words(child.dob, day)}) "
        + ("did not attend" if age >= 16 else "was not brought to")
        + f" the {service}. "
        + rng.choice(
            (
                "No contact from the family; new appointment sent.",
                f"Phoned {parent.given}, no answer; letter sent.",
                "Second appointment missed; GP informed.",
            )
        ),
        delay=(2, 72),
    )


def _appointment(s: Story, child: Human, day: date) -> tuple[Any, str]:
    """Whose appointment it was: a health visitor's review, the GP's, or a hospital clinic."""
    rng = s.rng
    months = (day - child.dob).days // 30
    if months < 30 and rng.random() < 0.6:
        review = (
            "6-8 week review"
            if months < 3
            else "9-12 month review"
            if months < 18
            else "2-2½ year review"
        )
        return HEALTH_VISITING, f"health visitor {review}"
    if rng.random() < 0.5:
        return s.h.gp, rng.choice(("immunisation appointment", "asthma review", "GP appointment"))
    return RIVERSIDE_HOSPITAL, rng.choice(
        (
            "paediatric outpatient clinic",
            "audiology clinic",
            "ophthalmology clinic",
            "community dental service",
        )
    )
