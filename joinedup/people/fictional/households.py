"""Households of one or two adults and their children, some twins, each at one home: the
identity benchmark's people (`people.matching.synthetic` writes the records agencies hold
about them), drawn from one stream in a fixed order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from joinedup.people.fictional.identifiers import nhs_number_drawn, pnc_drawn_after, upn_drawn
from joinedup.people.fictional.names import NAMES, Names

STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Lane",
    "Victoria Road",
    "Park Avenue",
    "Queens Road",
    "Kings Road",
    "New Street",
    "Grange Road",
    "Manor Way",
    "The Crescent",
    "Albert Street",
    "Orchard Close",
    "Willow Drive",
    "Riverside Walk",
    "Chapel Street",
    "School Lane",
    "Green Lane",
    "Meadow View",
    "Oak Road",
    "Beech Grove",
    "Elm Terrace",
    "Cedar Court",
    "Hawthorn Way",
    "Bridge Street",
    "Market Place",
    "Castle Road",
]
TOWNS = ("Riverside", "Northbrook", "Eastwick", "Southmoor", "Westford", "Ashby Vale")
AREAS = ("RV", "NB", "EW", "SM", "WF", "AV")


@dataclass
class Person:
    key: int
    given: str
    family: str
    dob: date
    sex: str
    home: tuple[str, str, str]  # address line, town, postcode
    nhs_number: str
    upn: str
    pnc_id: str


def _postcode(rng: random.Random, area: int) -> str:
    unit = rng.choice("ABDEFGHJLNPQRSTUWXYZ") + rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    return f"{AREAS[area]}{rng.randint(1, 19)} {rng.randint(0, 9)}{unit}"


def home(rng: random.Random) -> tuple[str, str, str]:
    """An address line, town and postcode in one of six invented towns."""
    area = rng.randrange(len(AREAS))
    return (
        f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
        TOWNS[area],
        _postcode(rng, area),
    )


def people(n: int, *, seed: int, names: str = "few") -> list[Person]:
    """About n people in households: one or two adults and their children, some twins. Their
    names are drawn from `NAMES[names]`: `few` (the default, which the shipped parameters and
    the tests were made with) or `uk`."""
    pool = NAMES[names]
    rng = random.Random(seed)
    out: list[Person] = []
    while len(out) < n:
        address = home(rng)
        family = pool.family.draw(rng)
        adults = 1 if rng.random() < 0.35 else 2
        for a in range(adults):
            sex = "female" if a == 0 else "male"
            dob = date(1972, 1, 1) + timedelta(days=rng.randrange(365 * 28))
            adult_family = family if a == 0 or rng.random() < 0.7 else pool.family.draw(rng)
            out.append(_person(rng, len(out), sex, adult_family, dob, address, pool))
        children = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        born = date(2008, 1, 1) + timedelta(days=rng.randrange(365 * 16))
        used: set[str] = set()
        for c in range(children):
            twins = c == 0 and rng.random() < 0.04
            for _ in range(2 if twins else 1):
                sex = rng.choice(("female", "male"))
                out.append(_person(rng, len(out), sex, family, born, address, pool, used))
            born = born + timedelta(days=rng.randint(400, 1600))
            if born >= date(2025, 6, 1):
                break
    return out[:n]


def _person(
    rng: random.Random,
    key: int,
    sex: str,
    family: str,
    dob: date,
    home: tuple[str, str, str],
    pool: Names,
    used: set[str] | None = None,
) -> Person:
    names = pool.given(sex)
    given = names.draw(rng)
    while used is not None and given in used:  # siblings are not given one name
        given = names.draw_again(rng)
    if used is not None:
        used.add(given)
    adult = dob.year < 2008
    return Person(
        key=key,
        given=given,
        family=family,
        dob=dob,
        sex=sex,
        home=home,
        nhs_number=nhs_number_drawn(rng),
        upn="" if adult else upn_drawn(rng),
        pnc_id=pnc_drawn_after(rng, dob) if rng.random() < (0.08 if adult else 0.03) else "",
    )
