"""Making one household from its own stream: its form, children, parents, homes and schools,
and the adults who come and go in the window. The order of the draws is the household's
identity: draw in a different order and the borough is a different one."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from joinedup.demo import world
from joinedup.demo.generator.dates import academic_age
from joinedup.demo.generator.draws import poisson, weighted
from joinedup.demo.generator.people import Household, Human
from joinedup.demo.world import Address, misspell, nhs_number_for, swap_day_month

if TYPE_CHECKING:
    from joinedup.demo.generator.borough import Borough

RISKS = (("universal", 85), ("vulnerable", 12), ("complex", 3))
FORMS = (("couple", 58), ("single_mother", 36), ("single_father", 6))
SIZES = ((1, 40), (2, 35), (3, 17), (4, 8))
PARTNER_JOINS = {"universal": 0.08, "vulnerable": 0.25, "complex": 0.45}


def household_make(borough: Borough, index: int, room: int) -> Household:
    """Household `index`, with at most `room` children (the borough's last may be smaller)."""
    rng = borough.rng(index)
    risk = weighted(rng, RISKS)
    form = weighted(rng, FORMS)
    wanted = min(room, weighted(rng, SIZES))
    dobs, twins = _child_dobs(rng, borough.today, wanted)
    parents = _parents(borough, rng, form, eldest=dobs[0])
    children = _children(borough, rng, dobs, parents.child_family)
    if twins and len(children) >= 2:
        borough.stats.twins += 1
    household = _homes_and_schools(
        borough, rng, index, risk, parents.mother, parents.father, children
    )
    household.twins = twins and len(children) >= 2
    for child in children:  # a UPN from the first school, for life
        if academic_age(child.dob, borough.today) >= 4:
            child.upn = borough.ids.next_upn(household.primary)
    _adults_come_and_go(borough, rng, household, lone=form == "single_mother")
    if form == "single_mother" and children and parents.child_family != parents.mother_family:
        household.ex_partner = human_make(
            borough,
            rng,
            given=rng.choice(world.MEN),
            family=parents.child_family.split("-")[-1],
            sex="male",
            dob=parents.father_dob,
            adult=True,
        )
    borough.stats.households += 1
    return household


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


@dataclass
class _Parents:
    mother: Human | None
    father: Human | None
    mother_family: str
    child_family: str  # the surname the children were registered with
    father_dob: date  # a father living elsewhere has it too


def _surnames(rng: random.Random, form: str) -> tuple[str, str, str]:
    """The parents' surnames, and the one the children were registered with."""
    mother_family = rng.choice(world.SURNAMES)
    father_family = rng.choice(world.SURNAMES)
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


def _parents(borough: Borough, rng: random.Random, form: str, *, eldest: date) -> _Parents:
    mother_age = rng.randint(18, 40)
    mother_dob = eldest - timedelta(days=mother_age * 365 + rng.randrange(365))
    father_dob = mother_dob - timedelta(days=rng.randrange(-3 * 365, 8 * 365))
    mother_family, father_family, child_family = _surnames(rng, form)
    mother = father = None
    if form in ("couple", "single_mother"):
        mother = human_make(
            borough,
            rng,
            given=rng.choice(world.WOMEN),
            family=mother_family,
            sex="female",
            dob=mother_dob,
            adult=True,
        )
    if form in ("couple", "single_father"):
        father = human_make(
            borough,
            rng,
            given=rng.choice(world.MEN),
            family=father_family,
            sex="male",
            dob=father_dob,
            adult=True,
        )
    return _Parents(mother, father, mother_family, child_family, father_dob)


def _children(borough: Borough, rng: random.Random, dobs: list[date], family: str) -> list[Human]:
    children: list[Human] = []
    used: set[str] = set()
    for dob in dobs:
        sex = rng.choice(("female", "male"))
        pool = world.GIRLS if sex == "female" else world.BOYS
        given = rng.choice([g for g in pool if g not in used])
        # No sibling may be called what another is known as (Alfie and Alfred "Alfie").
        used |= {given, world.NICKNAMES.get(given, given)}
        used |= {g for g, nick in world.NICKNAMES.items() if nick == given}
        children.append(
            human_make(borough, rng, given=given, family=family, sex=sex, dob=dob, adult=False)
        )
    return children


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
    partner_sex = "male" if resident.sex == "female" else "female"
    household.partner = human_make(
        borough,
        rng,
        given=rng.choice(world.MEN if partner_sex == "male" else world.WOMEN),
        family=rng.choice(world.SURNAMES),
        sex=partner_sex,
        dob=resident.dob - timedelta(days=rng.randrange(-6 * 365, 10 * 365)),
        adult=True,
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
    if not adult and given in world.NICKNAMES and rng.random() < 0.6:
        nickname = world.NICKNAMES[given]
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
