"""What the police see: domestic abuse at home, arrests, charges and convictions (and the
probation notice after a violent one), and children found at risk."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from joinedup.core.calendar import years_old
from joinedup.demo.generator import words
from joinedup.demo.generator.dates import age_words, weekday
from joinedup.demo.generator.people import Human
from joinedup.demo.world import POLICE, PROBATION
from joinedup.people.fictional.draws import poisson, weighted

if TYPE_CHECKING:
    from joinedup.demo.generator.story import Story, Subjects

DOMESTIC_ABUSE = {"universal": 0.01, "vulnerable": 0.12, "complex": 0.55}
MORE_INCIDENTS = {"universal": 0.3, "vulnerable": 1.0, "complex": 2.5}
OFFENDING = {"universal": 0.012, "vulnerable": 0.06, "complex": 0.2}
CHILD_CONCERN = {"universal": 0.004, "vulnerable": 0.05, "complex": 0.25}
VIOLENT = ("violence", "domestic_abuse", "sexual", "weapons")


def pnc(s: Story, person: Human, day: date) -> None:
    """A Police National Computer id, from the first arrest or charge on."""
    if not person.pnc:
        year = max(day.year - s.rng.randint(0, 8), person.dob.year + 16)
        letter = "ABCDEFGHJKLMNPQRTUVWXYZ"[person.serial % 23]
        person.pnc = f"{year}/{person.serial % 10_000_000:07d}{letter}"


def children_under_18(s: Story, day: date) -> list[Human]:
    return [c for c in s.h.children_on(day) if years_old(c.dob, day) < 18]


def domestic_abuse(s: Story) -> None:
    """Incidents between the parent and a partner, or an ex-partner; an arrest may follow."""
    rng = s.rng
    risk = s.h.risk
    if rng.random() >= DOMESTIC_ABUSE[risk]:
        return
    victim = s.h.carer()
    if s.h.partner and s.h.partner_joined:
        abuser, first = s.h.partner, s.h.partner_joined
    elif s.h.father and s.h.mother:
        abuser, first = s.h.father, s.b.start
    elif s.h.ex_partner:
        abuser, first = s.h.ex_partner, s.b.start
    else:
        return
    last = s.h.father_left if abuser is s.h.father and s.h.father_left else None
    count = 1 + poisson(rng, MORE_INCIDENTS[risk])
    days = sorted(d for d in (s.day_between(first, last or s.b.today) for _ in range(count)) if d)
    arrested = False
    for n, day in enumerate(days):
        arrested |= _incident(s, victim, abuser, n, day)
    if arrested and rng.random() < 0.45:
        prosecution(s, abuser, days[-1], "domestic_abuse", "assault on a partner")


def _incident(s: Story, victim: Human, abuser: Human, n: int, day: date) -> bool:
    """The `n`-th call-out (from the third, never standard risk); True if an arrest."""
    rng = s.rng
    children = children_under_18(s, day)
    present = bool(children) and rng.random() < 0.7
    level = weighted(rng, (("standard", 50), ("medium", 35), ("high", 15)))
    if n >= 2 and level == "standard":
        level = "medium"
    act = rng.choice(words.DA_ACTS)
    address = s.h.address_on(day) if abuser is not s.h.ex_partner else None
    place = address.one_line if address else f"{victim.given}'s home"
    outcome = rng.choice(words.DA_OUTCOMES)
    witnesses = children if present else []
    subjects: Subjects = [
        (victim, "victim", {c: s.h.relation(victim) for c in witnesses}),
        (abuser, "alleged_perpetrator", {c: s.h.relation(abuser) for c in witnesses}),
        *((c, "child", {}) for c in witnesses),
    ]
    present_words = (
        f"{words.count_words(len(children))} in the house at the time"
        if present
        else "children not present (staying with a relative)"
        if children
        else "no children in the house"
    )
    evening = rng.random() < 0.7
    s.add(
        POLICE,
        "police.domestic_abuse_incident",
        s.moment(day, (18, 23.9) if evening else (8, 18)),
        subjects,
        {"children_present": present, "risk_level": level},
        f"Police called by {rng.choice(words.CALLERS)} to {place}. {victim.given} "
        f"{victim.family} said {abuser.given} {abuser.police_family} {act}. "
        f"{present_words[0].upper()}{present_words[1:]}. "
        f"{outcome.format(name=abuser.given)}. DASH risk {level}.",
        delay=(2, 30),
        trigger="Riverside Police" if present else "",
    )
    if "arrested" not in outcome:
        return False
    pnc(s, abuser, day)
    s.add(
        POLICE,
        "police.arrest",
        s.moment(day, (0, 23.9)),
        [(abuser, "subject", {})],
        {"offence_category": "domestic_abuse"},
        f"{abuser.given} {abuser.police_family} arrested for assault on a partner "
        f"after a call to {place}. Released on bail with conditions not to contact "
        f"{victim.given}.",
        delay=(1, 12),
    )
    return True


def prosecution(s: Story, person: Human, arrested: date, category: str, offence: str) -> None:
    """A charge within three months of the arrest; a conviction for most; for violence, the
    probation service's notice of the risk to children."""
    charged = s.day_between(arrested + timedelta(days=7), arrested + timedelta(days=90))
    if not charged:
        return
    pnc(s, person, charged)
    s.add(
        POLICE,
        "police.charge",
        s.moment(charged, (9, 18)),
        [(person, "subject", {})],
        {"offence_category": category},
        f"{person.given} {person.police_family} charged with {offence}; bailed to appear at "
        "Riverside Magistrates' Court.",
        delay=(1, 24),
    )
    if s.rng.random() >= 0.65:
        return
    convicted = s.day_between(charged + timedelta(days=30), charged + timedelta(days=240))
    if not convicted:
        return
    sentence = s.rng.choice(words.SENTENCES)
    s.add(
        POLICE,
        "police.conviction",
        s.moment(weekday(convicted), (10, 16)),
        [(person, "subject", {})],
        {"offence_category": category},
        f"{person.given} {person.police_family} convicted of {offence} at Riverside "
        f"Magistrates' Court; {sentence}.",
        delay=(24, 240),
    )
    if category in VIOLENT and s.rng.random() < 0.7:
        _probation_notice(s, person, convicted, category, offence)


def _probation_notice(
    s: Story, person: Human, convicted: date, category: str, offence: str
) -> None:
    rng = s.rng
    day = s.day_between(convicted + timedelta(days=10), convicted + timedelta(days=60))
    if not day:
        return
    level = {
        "sexual": weighted(rng, (("high", 60), ("very_high", 40))),
        "domestic_abuse": weighted(rng, (("medium", 60), ("high", 40))),
    }.get(category) or weighted(rng, (("low", 40), ("medium", 45), ("high", 15)))
    children = children_under_18(s, day)
    listed = children if person is not s.h.ex_partner and rng.random() < 0.6 else []
    subjects: Subjects = [(person, "subject", {c: s.h.relation(person) for c in listed})]
    subjects += [(c, "child", {}) for c in listed]
    home = (
        f"Lives at {s.h.address_on(day).one_line} with {words.count_words(len(children))}."
        if person is not s.h.ex_partner and children
        else "Has contact with his children at weekends."
    )
    s.add(
        PROBATION,
        "probation.risk_notification",
        s.moment(weekday(day), (9, 17)),
        subjects,
        {"risk_to_children": level},
        f"{person.given} {person.family} under probation supervision after conviction "
        f"for {offence}. Assessed risk of serious harm to children: "
        f"{level.replace('_', ' ')}. {home}",
        delay=(2, 72),
    )


def offending(s: Story) -> None:
    """Adults arrested for other offences (men more often); children the police find at risk."""
    rng = s.rng
    adults = [a for a in (s.h.mother, s.h.father, s.h.partner) if a]
    for adult in adults:
        if rng.random() >= OFFENDING[s.h.risk] * (1.6 if adult.sex == "male" else 0.5):
            continue
        category, offence = rng.choice(words.OFFENCES)
        first = s.h.partner_joined if adult is s.h.partner else None
        day = s.day_between(first or s.b.start, s.b.today)
        if day:
            _arrest(s, adult, day, category, offence)
    for child in s.h.children:
        if rng.random() >= CHILD_CONCERN[s.h.risk] * s.window_days / 365:
            continue
        day = s.day_between(child.dob + timedelta(days=60), s.b.today)
        if day:
            _child_concern(s, child, day)


def _arrest(s: Story, adult: Human, day: date, category: str, offence: str) -> None:
    pnc(s, adult, day)
    place = s.rng.choice(words.PLACES)
    s.add(
        POLICE,
        "police.arrest",
        s.moment(day, (0, 23.9)),
        [(adult, "subject", {})],
        {"offence_category": category},
        f"{adult.given} {adult.police_family} arrested on suspicion of {offence} "
        f"{place}. Released under investigation.",
        delay=(1, 12),
    )
    if s.rng.random() < 0.55:
        prosecution(s, adult, day, category, offence)


def _child_concern(s: Story, child: Human, day: date) -> None:
    age = years_old(child.dob, day)
    concern = s.rng.choice(words.POLICE_TEEN_CONCERNS if age >= 12 else words.POLICE_CHILD_CONCERNS)
    text = concern.format(
        name=child.given, age=age_words(child.dob, day), place=s.h.address_on(day).line1
    )
    s.add(
        POLICE,
        "police.child_concern",
        s.moment(day, (0, 23.9)),
        [(child, "child", {})],
        {"concern": text},
        text,
        delay=(2, 48),
        trigger="Riverside Police",
    )
