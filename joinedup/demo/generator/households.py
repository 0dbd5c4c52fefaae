"""Making one household from its own stream: its risk, its family (the shared generator's,
`people.fictional.families`), homes and schools, and the adults who come and go in the window.
The order of the draws is the household's identity: draw in a different order and the borough
is a different one."""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from joinedup.demo import world
from joinedup.demo.generator.dates import academic_age
from joinedup.demo.generator.people import Household, Human
from joinedup.demo.world import Address
from joinedup.people.fictional.draws import poisson, weighted
from joinedup.people.fictional.families import family_draw, father_elsewhere_draw, partner_draw
from joinedup.people.fictional.identifiers import nhs_number_for
from joinedup.people.fictional.names import RIVERSIDE
from joinedup.people.fictional.variants import KNOWN_AS, misspell, swap_day_month

if TYPE_CHECKING:
    from joinedup.demo.generator.borough import Borough

RISKS = (("universal", 85), ("vulnerable", 12), ("complex", 3))
PARTNER_JOINS = {"universal": 0.08, "vulnerable": 0.25, "complex": 0.45}


def household_make(borough: Borough, index: int, room: int) -> Household:
    """Household `index`, with at most `room` children (the borough's last may be smaller)."""
    rng = borough.rng(index)
    risk = weighted(rng, RISKS)
    make = partial(human_make, borough)
    family = family_draw(rng, today=borough.today, room=room, cast=RIVERSIDE, make=make)
    children = family.children
    if family.twins and len(children) >= 2:
        borough.stats.twins += 1
    household = _homes_and_schools(
        borough, rng, index, risk, family.mother, family.father, children
    )
    household.twins = family.twins and len(children) >= 2
    for child in children:  # a UPN from the first school, for life
        if academic_age(child.dob, borough.today) >= 4:
            child.upn = borough.ids.next_upn(household.primary)
    _adults_come_and_go(borough, rng, household, lone=family.form == "single_mother")
    if family.form == "single_mother" and children and family.child_family != family.mother_family:
        household.ex_partner = father_elsewhere_draw(rng, family, cast=RIVERSIDE, make=make)
    borough.stats.households += 1
    return household


def _homes_and_schools(
    borough: Borough,
    rng: random.Random,
    index: int,
    risk: str,
    mother: Human | None,
    father: Human | None,
    children: list[Human],
) -> Household:
    """The first home and any moves in the window; the schools and GP near the first home."""
    window_days = (borough.today - borough.start).days
    address = borough.addresses.next()
    district = address.district
    moves: list[tuple[date, Address]] = [(date.min, address)]
    move_rate = 0.1 if risk == "universal" else 0.3
    for _ in range(poisson(rng, move_rate * window_days / 365)):
        moved = borough.start + timedelta(days=rng.randrange(window_days))
        moves.append((moved, borough.addresses.next()))
    moves.sort(key=lambda m: m[0])
    primary = (
        world.primary_for(district) if rng.random() < 0.8 else rng.choice(world.PRIMARY_SCHOOLS)
    )
    return Household(
        index=index,
        risk=risk,
        mother=mother,
        father=father,
        children=children,
        moves=moves,
        primary=primary,
        secondary=rng.choice(world.SECONDARY_SCHOOLS),
        gp=world.gp_for(district),
    )


def _adults_come_and_go(
    borough: Borough, rng: random.Random, household: Household, *, lone: bool
) -> None:
    """A father leaves; a lone parent's new partner moves in, and the children may take the
    partner's surname at school."""
    window_days = (borough.today - borough.start).days
    mother, father = household.mother, household.father
    if father and mother and household.risk != "universal" and rng.random() < 0.15:
        household.father_left = borough.start + timedelta(days=rng.randrange(window_days))
    lone = lone or household.father_left is not None
    if not (lone and rng.random() < PARTNER_JOINS[household.risk]):
        return
    earliest = household.father_left or borough.start
    span = (borough.today - earliest).days
    if span <= 30:
        return
    joined = earliest + timedelta(days=rng.randrange(20, span))
    resident = household.carer()
    household.partner = partner_draw(
        rng,
        sex="male" if resident.sex == "female" else "female",
        resident_dob=resident.dob,
        cast=RIVERSIDE,
        make=partial(human_make, borough),
    )
    household.partner_joined = joined
    if rng.random() < 0.35:  # the children take the partner's name at school
        renamed = joined + timedelta(days=rng.randrange(30, 120))
        if renamed < borough.today:
            for child in household.children:
                child.known_as = (renamed, household.partner.family)
            borough.stats.surname_changes += 1


def human_make(
    borough: Borough,
    rng: random.Random,
    *,
    given: str,
    family: str,
    sex: str,
    dob: date,
    adult: bool,
) -> Human:
    """A person, with how the police will hold their date of birth and surname."""
    serial = borough.ids.next_serial()
    police_dob = (
        weighted(rng, (("day", 90), ("year", 7), ("none", 3)))
        if adult
        else weighted(rng, (("day", 55), ("year", 20), ("none", 15), ("swapped", 10)))
    )
    if police_dob == "swapped" and not swap_day_month(dob.day, dob.month):
        police_dob = "day"
    police_family = misspell(family, rng.randrange(1000)) if rng.random() < 0.12 else family
    nickname = None
    if not adult and given in KNOWN_AS and rng.random() < 0.6:
        nickname = KNOWN_AS[given]
    if adult:
        borough.stats.adults += 1
    else:
        borough.stats.children += 1
    return Human(
        serial=serial,
        given=given,
        family=family,
        sex=sex,
        dob=dob,
        adult=adult,
        nhs=nhs_number_for(serial),
        nickname=nickname,
        police_dob=police_dob,
        police_family=police_family,
    )
