"""A family as the demo borough draws it: a couple or a lone parent, one to four children one
to five years apart (now and then twins), the parents' ages and surnames and the one the
children were registered with, sibling names that never clash; later, a new partner, or a
father living elsewhere.

The caller makes each person (`make`), so it can number them and decide how its agencies will
hold them; `make` is called at fixed points in the draws, so a stream makes the same family.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, Protocol, TypeVar

from joinedup.people.fictional.draws import weighted
from joinedup.people.fictional.names import Cast
from joinedup.people.fictional.variants import KNOWN_AS

FORMS = (("couple", 58), ("single_mother", 36), ("single_father", 6))
SIZES = ((1, 40), (2, 35), (3, 17), (4, 8))

P_co = TypeVar("P_co", covariant=True)


class Make(Protocol[P_co]):
    def __call__(
        self, rng: random.Random, *, given: str, family: str, sex: str, dob: date, adult: bool
    ) -> P_co: ...


@dataclass
class Family(Generic[P_co]):
    form: str  # couple, single_mother, single_father
    mother: P_co | None
    father: P_co | None
    children: list[P_co]
    mother_family: str
    child_family: str  # the surname the children were registered with
    father_dob: date  # a father living elsewhere has it too
    twins: bool


def family_draw(
    rng: random.Random, *, today: date, room: int, cast: Cast, make: Make[P_co]
) -> Family[P_co]:
    """A family with at most `room` children, the eldest born in the 18 years before `today`."""
    form = weighted(rng, FORMS)
    wanted = min(room, weighted(rng, SIZES))
    dobs, twins = _child_dobs(rng, today, wanted)
    mother_age = rng.randint(18, 40)
    mother_dob = dobs[0] - timedelta(days=mother_age * 365 + rng.randrange(365))
    father_dob = mother_dob - timedelta(days=rng.randrange(-3 * 365, 8 * 365))
    mother_family, father_family, child_family = _surnames(rng, form, cast)
    mother = father = None
    if form in ("couple", "single_mother"):
        given = rng.choice(cast.women)
        mother = make(
            rng, given=given, family=mother_family, sex="female", dob=mother_dob, adult=True
        )
    if form in ("couple", "single_father"):
        given = rng.choice(cast.men)
        father = make(
            rng, given=given, family=father_family, sex="male", dob=father_dob, adult=True
        )
    children = _children(rng, dobs, child_family, cast, make)
    return Family(form, mother, father, children, mother_family, child_family, father_dob, twins)


def _child_dobs(rng: random.Random, today: date, wanted: int) -> tuple[list[date], bool]:
    """The eldest 0 to 17, the rest one to five years apart; maybe twins."""
    eldest = today - timedelta(days=rng.randrange(1, 18 * 365 - 30))
    dobs = [eldest]
    twins = wanted >= 2 and rng.random() < 0.04
    while len(dobs) < wanted:
        if twins and len(dobs) == 1:
            dobs.append(dobs[0])
            continue
        nxt = dobs[-1] + timedelta(days=rng.randrange(330, 5 * 365))
        if nxt >= today:
            break
        dobs.append(nxt)
    return dobs, twins


def _surnames(rng: random.Random, form: str, cast: Cast) -> tuple[str, str, str]:
    """The mother's, the father's, and the one the children were registered with."""
    mother_family = rng.choice(cast.surnames)
    father_family = rng.choice(cast.surnames)
    if form == "couple" and rng.random() < 0.5:
        mother_family = father_family  # married, one name
    if form == "single_father":
        child_family = father_family
    elif form == "single_mother":
        child_family = mother_family if rng.random() < 0.6 else father_family
    else:
        child_family = weighted(
            rng,
            (
                (father_family, 62),
                (mother_family, 30),
                (f"{mother_family}-{father_family}", 8),
            ),
        )
        if child_family == f"{father_family}-{father_family}":
            child_family = father_family
    return mother_family, father_family, child_family


def _children(
    rng: random.Random, dobs: list[date], family: str, cast: Cast, make: Make[P_co]
) -> list[P_co]:
    children: list[P_co] = []
    used: set[str] = set()
    for dob in dobs:
        sex = rng.choice(("female", "male"))
        pool = cast.girls if sex == "female" else cast.boys
        given = rng.choice([g for g in pool if g not in used])
        # No sibling may be called what another is known as (Alfie and Alfred "Alfie").
        used |= {given, KNOWN_AS.get(given, given)}
        used |= {g for g, nick in KNOWN_AS.items() if nick == given}
        children.append(make(rng, given=given, family=family, sex=sex, dob=dob, adult=False))
    return children


def partner_draw(
    rng: random.Random, *, sex: str, resident_dob: date, cast: Cast, make: Make[P_co]
) -> P_co:
    """A lone parent's new partner, of `sex`, up to six years younger or ten older."""
    return make(
        rng,
        given=rng.choice(cast.men if sex == "male" else cast.women),
        family=rng.choice(cast.surnames),
        sex=sex,
        dob=resident_dob - timedelta(days=rng.randrange(-6 * 365, 10 * 365)),
        adult=True,
    )


def father_elsewhere_draw(
    rng: random.Random, family: Family[object], *, cast: Cast, make: Make[P_co]
) -> P_co:
    """The children's father, living elsewhere: the last part of their surname is his."""
    return make(
        rng,
        given=rng.choice(cast.men),
        family=family.child_family.split("-")[-1],
        sex="male",
        dob=family.father_dob,
        adult=True,
    )
