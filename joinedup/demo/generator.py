"""A fictional borough's two years of multi-agency events, generated household by household.

`Borough(children=..., seed=..., today=...).bodies()` yields events (contract v1 bodies) one
household at a time, so a million children never sit in memory. Each household is simulated
from its own random stream (seeded by the run's seed and the household's number), so a run is
deterministic for a seed and a date, and household 17 is the same whatever N is.

The same person reaches the system in the shape each agency holds them in:

- health (hospitals, GPs, health visitors): NHS number, registered name, exact date of birth;
  now and then an emergency department has no NHS number, or reads the date of birth the
  American way round;
- schools: the UPN, the name the child is known by (a nickname; the new partner's surname after
  a parent's new relationship, with the registered name as an alias), exact date of birth;
- police: their own nominal id, a surname that may be misspelt, and for a child often only a
  guessed year of birth, or none; a PNC id for adults who have been arrested;
- housing, probation, early help, voluntary and the public: their own keys, or only a name.

The rates are rough, plausible orders of magnitude for an English borough, not statistics.
Risk is drawn per household, independently of names.
"""

from __future__ import annotations

import calendar
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from joinedup.demo import narratives, world
from joinedup.demo.world import (
    CSC,
    EARLY_HELP,
    HEALTH_VISITING,
    HOUSING,
    NORTHGATE_HOSPITAL,
    POLICE,
    PROBATION,
    PUBLIC,
    RIVERSIDE_HOSPITAL,
    SECONDARY_SCHOOLS,
    VOLUNTARY,
    Address,
    Addresses,
    Identifiers,
    Org,
    misspell,
    nhs_number_for,
    swap_day_month,
)

LONDON = ZoneInfo("Europe/London")
RISKS = (("universal", 85), ("vulnerable", 12), ("complex", 3))


def months_before(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def age_words(dob: date, on: date) -> str:
    """ "4 months", "2", "14": how a practitioner writes a child's age in a summary."""
    months = (on.year - dob.year) * 12 + on.month - dob.month - (on.day < dob.day)
    if months < 1:
        days = (on - dob).days
        return f"{days} day{'s' if days != 1 else ''} old"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return str(age_on(dob, on))


def academic_age(dob: date, on: date) -> int:
    """Age on the 31 August before `on`: 4 is Reception, 10 is Year 6, 15 is Year 11."""
    year = on.year if on.month >= 9 else on.year - 1
    return age_on(dob, date(year, 8, 31))


def weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


@dataclass(eq=False)
class Human:
    serial: int
    given: str
    family: str
    sex: str
    dob: date
    adult: bool
    nhs: str
    upn: str | None = None
    pnc: str | None = None
    nickname: str | None = None  # the name a school and friends use
    police_dob: str = "day"  # how the police hold the date of birth: day, year, none, swapped
    police_family: str = ""  # how the police spell the surname
    known_as: tuple[date, str] | None = None  # a surname used from a date (a parent's partner's)

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}"

    def family_on(self, day: date) -> str:
        if self.known_as and day >= self.known_as[0]:
            return self.known_as[1]
        return self.family


@dataclass(eq=False)
class Household:
    index: int
    risk: str
    mother: Human | None
    father: Human | None
    children: list[Human]
    moves: list[tuple[date, Address]]  # (from, address), the first from date.min
    primary: Org
    secondary: Org
    gp: Org
    partner: Human | None = None
    partner_joined: date | None = None
    father_left: date | None = None
    ex_partner: Human | None = None  # a children's father living elsewhere
    twins: bool = False

    def address_on(self, day: date) -> Address:
        current = self.moves[0][1]
        for start, address in self.moves:
            if day >= start:
                current = address
        return current

    def adults_on(self, day: date) -> list[Human]:
        adults = []
        if self.mother:
            adults.append(self.mother)
        if self.father and not (self.father_left and day >= self.father_left):
            adults.append(self.father)
        if self.partner and self.partner_joined and day >= self.partner_joined:
            adults.append(self.partner)
        return adults

    def children_on(self, day: date) -> list[Human]:
        return [c for c in self.children if c.dob <= day]

    def carer(self) -> Human:
        """The parent the children live with throughout."""
        carer = self.mother or self.father
        assert carer is not None
        return carer

    def relation(self, adult: Human) -> str:
        """What `adult` is to the children, as a contract relationship value."""
        if adult is self.mother:
            return "mother"
        if adult is self.father or adult is self.ex_partner:
            return "father"
        return "mothers_partner" if self.mother else "fathers_partner"


@dataclass
class Draft:
    org: Org
    type: str
    occurred: datetime
    reported: datetime
    subjects: list[dict[str, Any]]
    details: dict[str, Any]
    summary: str
    trigger: str = ""  # a concern social care could be told about: who raised it


@dataclass
class Stats:
    households: int = 0
    children: int = 0
    adults: int = 0
    twins: int = 0
    surname_changes: int = 0
    events: Counter[str] = field(default_factory=Counter)


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: exact and fast for the small means used here.
    limit, k, p = 2.718281828459045**-mean, 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class Borough:
    def __init__(
        self,
        *,
        children: int,
        seed: int,
        today: date,
        months: int = 24,
        keep_households: bool = False,
    ):
        if children < 0 or months < 1:
            raise ValueError("children must be 0 or more and months 1 or more")
        self.wanted = children
        self.seed = seed
        self.today = today
        self.start = months_before(today, months)
        # Everything happens before the start of "today", so nothing is ever in the future.
        self.end = datetime.combine(today, time(0, 0), tzinfo=LONDON)
        self.ids = Identifiers()
        self.addresses = Addresses(reserved=narratives.ADDRESSES)
        self.stats = Stats()
        # The truth behind the events, for tests only: a large run must not hold it.
        self.households: list[Household] | None = [] if keep_households else None

    def bodies(self) -> Iterator[dict[str, Any]]:
        made, index = 0, 0
        while made < self.wanted:
            index += 1
            household = self._household(index, self.wanted - made)
            made += len(household.children)
            if self.households is not None:
                self.households.append(household)
            yield from _Story(self, household).bodies()

    # -- the people -------------------------------------------------------------------------

    def _rng(self, index: int) -> random.Random:
        return random.Random(f"joinedup-demo:{self.seed}:{index}")

    def _human(
        self,
        rng: random.Random,
        *,
        given: str,
        family: str,
        sex: str,
        dob: date,
        adult: bool,
    ) -> Human:
        serial = self.ids.next_serial()
        police_dob = (
            _weighted(rng, (("day", 90), ("year", 7), ("none", 3)))
            if adult
            else _weighted(rng, (("day", 55), ("year", 20), ("none", 15), ("swapped", 10)))
        )
        if police_dob == "swapped" and not swap_day_month(dob.day, dob.month):
            police_dob = "day"
        police_family = misspell(family, rng.randrange(1000)) if rng.random() < 0.12 else family
        nickname = None
        if not adult and given in world.NICKNAMES and rng.random() < 0.6:
            nickname = world.NICKNAMES[given]
        if adult:
            self.stats.adults += 1
        else:
            self.stats.children += 1
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

    def _household(self, index: int, room: int) -> Household:
        rng = self._rng(index)
        risk = _weighted(rng, RISKS)
        form = _weighted(rng, (("couple", 58), ("single_mother", 36), ("single_father", 6)))
        wanted = min(room, _weighted(rng, ((1, 40), (2, 35), (3, 17), (4, 8))))
        window_days = (self.today - self.start).days

        # The children: the eldest 0 to 17, the rest one to five years apart; maybe twins.
        eldest = self.today - timedelta(days=rng.randrange(1, 18 * 365 - 30))
        dobs = [eldest]
        twins = wanted >= 2 and rng.random() < 0.04
        while len(dobs) < wanted:
            if twins and len(dobs) == 1:
                dobs.append(dobs[0])
                continue
            nxt = dobs[-1] + timedelta(days=rng.randrange(330, 5 * 365))
            if nxt >= self.today:
                break
            dobs.append(nxt)

        mother_age = rng.randint(18, 40)
        mother_dob = eldest - timedelta(days=mother_age * 365 + rng.randrange(365))
        father_dob = mother_dob - timedelta(days=rng.randrange(-3 * 365, 8 * 365))
        mother_family = rng.choice(world.SURNAMES)
        father_family = rng.choice(world.SURNAMES)
        if form == "couple" and rng.random() < 0.5:
            mother_family = father_family  # married, one name
        if form == "single_father":
            child_family = father_family
        elif form == "single_mother":
            child_family = mother_family if rng.random() < 0.6 else father_family
        else:
            child_family = _weighted(
                rng,
                (
                    (father_family, 62),
                    (mother_family, 30),
                    (f"{mother_family}-{father_family}", 8),
                ),
            )
            if child_family == f"{father_family}-{father_family}":
                child_family = father_family

        mother = father = None
        if form in ("couple", "single_mother"):
            mother = self._human(
                rng,
                given=rng.choice(world.WOMEN),
                family=mother_family,
                sex="female",
                dob=mother_dob,
                adult=True,
            )
        if form in ("couple", "single_father"):
            father = self._human(
                rng,
                given=rng.choice(world.MEN),
                family=father_family,
                sex="male",
                dob=father_dob,
                adult=True,
            )

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
                self._human(rng, given=given, family=child_family, sex=sex, dob=dob, adult=False)
            )
        if twins and len(children) >= 2:
            self.stats.twins += 1

        address = self.addresses.next()
        district = address.district
        moves: list[tuple[date, Address]] = [(date.min, address)]
        move_rate = 0.1 if risk == "universal" else 0.3
        for _ in range(_poisson(rng, move_rate * window_days / 365)):
            moved = self.start + timedelta(days=rng.randrange(window_days))
            moves.append((moved, self.addresses.next()))
        moves.sort(key=lambda m: m[0])

        primary = (
            world.primary_for(district) if rng.random() < 0.8 else rng.choice(world.PRIMARY_SCHOOLS)
        )
        household = Household(
            index=index,
            risk=risk,
            mother=mother,
            father=father,
            children=children,
            moves=moves,
            primary=primary,
            secondary=rng.choice(SECONDARY_SCHOOLS),
            gp=world.gp_for(district),
            twins=twins and len(children) >= 2,
        )
        for child in children:  # a UPN from the first school, for life
            if academic_age(child.dob, self.today) >= 4:
                child.upn = self.ids.next_upn(primary)

        # Adults come and go: a father leaves, a new partner moves in.
        if father and mother and risk != "universal" and rng.random() < 0.15:
            household.father_left = self.start + timedelta(days=rng.randrange(window_days))
        lone = form == "single_mother" or household.father_left is not None
        join_rate = {"universal": 0.08, "vulnerable": 0.25, "complex": 0.45}[risk]
        if lone and rng.random() < join_rate:
            earliest = household.father_left or self.start
            span = (self.today - earliest).days
            if span > 30:
                joined = earliest + timedelta(days=rng.randrange(20, span))
                resident = household.carer()
                partner_sex = "male" if resident.sex == "female" else "female"
                household.partner = self._human(
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
                    if renamed < self.today:
                        for child in children:
                            child.known_as = (renamed, household.partner.family)
                        self.stats.surname_changes += 1
        if form == "single_mother" and children and child_family != mother_family:
            household.ex_partner = self._human(
                rng,
                given=rng.choice(world.MEN),
                family=child_family.split("-")[-1],
                sex="male",
                dob=father_dob,
                adult=True,
            )
        self.stats.households += 1
        return household


class _Story:
    """Two years of one household, as the agencies around it saw and recorded it."""

    def __init__(self, borough: Borough, household: Household):
        self.b = borough
        self.h = household
        # A stream apart from the one that built the household.
        self.rng = random.Random(f"joinedup-demo:{borough.seed}:{household.index}:story")
        self.drafts: list[Draft] = []
        self.window_days = (borough.today - borough.start).days

    # -- time -------------------------------------------------------------------------------

    def day_between(self, first: date, last: date) -> date | None:
        """A random day in [first, last), clipped to the window; None if there is none."""
        first = max(first, self.b.start)
        last = min(last, self.b.today)
        if first >= last:
            return None
        return first + timedelta(days=self.rng.randrange((last - first).days))

    def moment(self, day: date, hours: tuple[float, float] = (8, 20)) -> datetime:
        minute = self.rng.randrange(int(hours[0] * 60), int(hours[1] * 60))
        return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON)

    # -- recording --------------------------------------------------------------------------

    def add(
        self,
        org: Org,
        type: str,
        occurred: datetime,
        subjects: list[tuple[Human, str, dict[Human, str]]],
        details: dict[str, Any],
        summary: str,
        *,
        delay: tuple[float, float] = (0.1, 6),  # hours until the agency records it
        trigger: str = "",
    ) -> Draft:
        hours = self.rng.uniform(*delay)
        # Sums and comparisons in UTC: on a London clock they are wall-clock sums, and the
        # hour skipped in March would put a report before what it reports.
        occurred = occurred.astimezone(UTC)
        reported = min(occurred + timedelta(hours=hours), self.b.end)
        reported = max(reported, occurred)
        day = occurred.astimezone(LONDON).date()
        refs = {person: f"p{i + 1}" for i, (person, _, _) in enumerate(subjects)}
        rendered = []
        for person, role, relations in subjects:
            subject = {"ref": refs[person], "role": role, **self.shape(person, org, day, role)}
            if relations:
                subject["relationship_to"] = {refs[o]: kind for o, kind in relations.items()}
            rendered.append(subject)
        draft = Draft(org, type, occurred, reported, rendered, details, summary, trigger)
        self.drafts.append(draft)
        return draft

    def bodies(self) -> Iterator[dict[str, Any]]:
        self.births()
        self.health()
        self.schools()
        self.domestic_abuse()
        self.offending()
        self.housing()
        self.community()
        self.social_care()
        # Work moved to a weekday or a few working days on can land on or after "today": that
        # has not happened yet, so it is not sent. (They sort last: earlier numbers stay.)
        happened = [d for d in self.drafts if d.occurred < self.b.end]
        happened.sort(key=lambda d: (d.occurred, d.org.name, d.type))
        for number, d in enumerate(happened, start=1):
            self.b.stats.events[d.type] += 1
            yield {
                "source": {
                    "agency": d.org.agency,
                    "organisation": d.org.name,
                    "record_id": f"{d.org.prefix}-S{self.b.seed}-H{self.h.index:06d}-{number:03d}",
                },
                "type": d.type,
                "occurred_at": utc_text(d.occurred),
                "reported_at": utc_text(d.reported),
                "subjects": d.subjects,
                "details": d.details,
                "summary": d.summary,
            }

    # -- how each agency holds a person -----------------------------------------------------

    def shape(self, p: Human, org: Org, day: date, role: str) -> dict[str, Any]:
        rng = self.rng
        address = self.h.address_on(day).as_json() if p is not self.h.ex_partner else None
        name: dict[str, Any] = {"given": p.given, "family": p.family}
        out: dict[str, Any] = {"name": name}
        dob = p.dob.isoformat()
        kind = org.kind
        if kind in ("gp", "hv"):
            out.update(dob=dob, sex=p.sex, identifiers={"nhs_number": p.nhs})
        elif kind == "hospital":
            if p.adult and role != "child":
                if rng.random() < 0.4:
                    out["dob"] = dob  # an accompanying adult gives their date of birth
                return out
            ids = {"hospital_number": f"{org.prefix}{p.serial:08d}"}
            if rng.random() < 0.92:
                ids["nhs_number"] = p.nhs
            swapped = swap_day_month(p.dob.day, p.dob.month)
            if swapped and rng.random() < 0.03:
                dob = date(p.dob.year, *swapped).isoformat()
            out.update(dob=dob, sex=p.sex, identifiers=ids)
        elif kind in ("primary", "secondary"):
            if p.adult:
                name["family"] = p.family_on(day)
                return out  # a parent's contact details: the name only
            name["given"] = p.nickname or p.given
            name["family"] = p.family_on(day)
            if name["family"] != p.family:
                name["aliases"] = [p.full]
            out.update(dob=dob, sex=p.sex)
            if p.upn:
                out["identifiers"] = {"upn": p.upn}
        elif kind == "police":
            family = p.police_family if p.family_on(day) == p.family else p.family_on(day)
            name["family"] = family
            if not p.adult and p.nickname and rng.random() < 0.3:
                name["given"] = p.nickname
            ids = {"nominal_id": f"RP{p.serial:08d}"}
            if p.pnc:
                ids["pnc_id"] = p.pnc
            out["identifiers"] = ids
            if p.police_dob == "day":
                out["dob"] = dob
            elif p.police_dob == "year":
                out["dob"] = str(day.year - age_on(p.dob, day))  # a guessed age
            elif p.police_dob == "swapped":
                swapped = swap_day_month(p.dob.day, p.dob.month)
                assert swapped
                out["dob"] = date(p.dob.year, *swapped).isoformat()
        elif kind == "csc":
            ids = {"la_child_id": f"RIV{p.serial:07d}"} if not p.adult else {}
            if not p.adult and rng.random() < 0.85:
                ids["nhs_number"] = p.nhs
            if p.family_on(day) != p.family:
                name["aliases"] = [f"{p.given} {p.family_on(day)}"]
            out.update(dob=dob, sex=p.sex)
            if ids:
                out["identifiers"] = ids
        elif kind == "housing":
            if p.adult:
                out.update(dob=dob, identifiers={"person_ref": f"RHO{p.serial:07d}"})
            elif rng.random() < 0.8:
                out["dob"] = dob
        elif kind == "probation":
            if p.adult:
                ids = {"crn": f"X{p.serial:07d}"}
                if p.pnc:
                    ids["pnc_id"] = p.pnc
                out.update(dob=dob, sex=p.sex, identifiers=ids)
            else:
                name["family"] = p.family_on(day)
                out["dob"] = dob if rng.random() < 0.6 else str(p.dob.year)
        elif kind == "early_help":
            name["given"] = p.nickname or p.given
            name["family"] = p.family_on(day)
            out["dob"] = dob
            if not p.adult:
                out["identifiers"] = {"eh_ref": f"EH{p.serial:07d}"}
        elif kind == "voluntary":
            name["family"] = p.family_on(day)
            if not p.adult and rng.random() < 0.5:
                out["dob"] = str(day.year - age_on(p.dob, day))
        elif kind == "public":
            if not p.adult:
                name["given"] = p.nickname or p.given
                if rng.random() < 0.5:
                    del name["family"]  # "the little boy called Kev"
            address = address if rng.random() < 0.8 else None
        if address and not (kind == "public" and role != "child" and not p.adult):
            out["address"] = address
        return out

    # -- health -----------------------------------------------------------------------------

    def births(self) -> None:
        for child in self.h.children:
            if not (self.b.start <= child.dob < self.b.today):
                continue
            mother = self.h.mother
            hospital = RIVERSIDE_HOSPITAL if self.rng.random() < 0.85 else NORTHGATE_HOSPITAL
            weeks = _weighted(self.rng, ((40, 40), (39, 25), (38, 15), (37, 8), (35, 6), (32, 6)))
            if self.h.twins and child.dob == self.h.children[0].dob:
                weeks = min(weeks, 36)
            grams = int(3400 - (40 - weeks) * 180 + self.rng.randint(-450, 450))
            occurred = self.moment(child.dob, (0, 24))
            subjects: list[tuple[Human, str, dict[Human, str]]] = [(child, "child", {})]
            shown = child.given
            body_child = child
            if self.rng.random() < 0.4:
                shown = "Baby"  # named later: the birth notification says "Baby <surname>"
                body_child = Human(**{**child.__dict__, "given": "Baby"})
                subjects = [(body_child, "child", {})]
            if mother:
                subjects.append((mother, "parent", {body_child: "mother"}))
            self.add(
                hospital,
                "health.birth",
                occurred,
                subjects,
                {"gestation_weeks": weeks, "birth_weight_g": grams},
                f"{shown} {child.family} born at {weeks} weeks, {grams} g, "
                + ("normal delivery" if self.rng.random() < 0.7 else "caesarean section")
                + (f"; mother {mother.full}." if mother else ".")
                + (
                    " Twin delivery."
                    if self.h.twins and child.dob == self.h.children[0].dob
                    else ""
                ),
                delay=(1, 30),
            )

    def escort(self, day: date) -> tuple[Human, str] | None:
        adults = self.h.adults_on(day)
        if not adults:
            return None
        weights = [3 if a is self.h.mother else 2 if a is self.h.father else 1 for a in adults]
        adult = self.rng.choices(adults, weights=weights)[0]
        return adult, self.h.relation(adult)

    def health(self) -> None:
        risk = self.h.risk
        boost = {"universal": 1.0, "vulnerable": 1.6, "complex": 2.2}[risk]
        years = self.window_days / 365
        for child in self.h.children:
            born = max(child.dob, self.b.start)
            lived = (self.b.today - born).days / 365
            age_now = age_on(child.dob, self.b.today)
            rate = 0.8 if age_now < 2 else 0.45 if age_now < 5 else 0.3
            for _ in range(_poisson(self.rng, rate * boost * lived)):
                day = self.day_between(born + timedelta(days=7), self.b.today)
                if day:
                    self.attendance(child, day)
            if age_now < 6:
                injury_rate = {"universal": 0.03, "vulnerable": 0.1, "complex": 0.3}[risk]
                for _ in range(_poisson(self.rng, injury_rate * lived)):
                    day = self.day_between(born + timedelta(days=14), self.b.today)
                    if day:
                        self.injury_observed(child, day)
            wnb = {"universal": 0.08, "vulnerable": 0.4, "complex": 0.9}[risk]
            for _ in range(_poisson(self.rng, wnb * min(lived, years))):
                day = self.day_between(born + timedelta(days=30), self.b.today)
                if day:
                    self.not_brought(child, weekday(day))

    def attendance(self, child: Human, day: date) -> None:
        rng = self.rng
        age = age_on(child.dob, day)
        infant_months = (day - child.dob).days / 30.4
        hospital = RIVERSIDE_HOSPITAL if rng.random() < 0.7 else NORTHGATE_HOSPITAL
        injured = rng.random() < (0.12 if infant_months < 6 else 0.5)
        escort = self.escort(day) if age < 16 or rng.random() < 0.5 else None
        subjects: list[tuple[Human, str, dict[Human, str]]] = [(child, "child", {})]
        who = "Self-presented"
        if escort:
            adult, relation = escort
            subjects.append((adult, "accompanying_adult", {child: relation}))
            who = f"Brought in by {_relation_words(relation)} {adult.full}"
        details: dict[str, Any] = {"setting": "emergency_department"}
        concern = False
        if injured:
            kind, site, complaint, explanation = rng.choice(
                _INFANT_INJURIES if age < 1 else _INJURIES if age < 13 else _TEEN_INJURIES
            )
            details["presenting_complaint"] = complaint
            details["injury"] = {"kind": kind, "site": site}
            concern_rate = {"universal": 0.01, "vulnerable": 0.06, "complex": 0.2}[self.h.risk]
            concern = rng.random() < (concern_rate * (3 if age < 1 else 1))
            summary = (
                f"{who}. {child.given} ({age_words(child.dob, day)}): "
                f"{_injury_words(kind, site, complaint)}. Explanation: {explanation}."
            )
            if concern:
                summary += " " + rng.choice(_ED_CONCERNS)
            else:
                summary += " Injury consistent with the account. Discharged home with advice."
        else:
            complaint = rng.choice(_ILLNESSES if age >= 1 else _INFANT_ILLNESSES)
            details["presenting_complaint"] = complaint
            summary = (
                f"{who}. {child.given} ({age_words(child.dob, day)}) with {complaint}. "
                + rng.choice(_ILLNESS_OUTCOMES)
            )
        details["safeguarding_concern"] = concern
        self.add(
            hospital,
            "health.unscheduled_care_attendance",
            self.moment(day, (0, 24)),
            subjects,
            details,
            summary,
            delay=(0.5, 8),
            trigger=f"{hospital.name} emergency department" if concern else "",
        )

    def injury_observed(self, child: Human, day: date) -> None:
        rng = self.rng
        org = HEALTH_VISITING if rng.random() < 0.6 else self.h.gp
        day = weekday(day)
        kind, site, explanation = rng.choice(_OBSERVED_INJURIES)
        consistent = (
            rng.random() < {"universal": 0.9, "vulnerable": 0.7, "complex": 0.45}[self.h.risk]
        )
        parent = self.h.carer()
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
        self.add(
            org,
            "health.injury_observed",
            self.moment(day, (9, 17)),
            [(child, "child", {}), (parent, "parent", {child: self.h.relation(parent)})],
            {
                "injury": {"kind": kind, "site": site},
                "explanation": explanation,
                "explanation_consistent": consistent,
            },
            summary,
            delay=(1, 48),
            trigger="" if consistent else org.name,
        )

    def not_brought(self, child: Human, day: date) -> None:
        rng = self.rng
        age = age_on(child.dob, day)
        months = (day - child.dob).days // 30
        if months < 30 and rng.random() < 0.6:
            review = (
                "6-8 week review"
                if months < 3
                else "9-12 month review"
                if months < 18
                else "2-2½ year review"
            )
            org, service = HEALTH_VISITING, f"health visitor {review}"
        elif rng.random() < 0.5:
            org, service = (
                self.h.gp,
                rng.choice(("immunisation appointment", "asthma review", "GP appointment")),
            )
        else:
            org, service = (
                RIVERSIDE_HOSPITAL,
                rng.choice(
                    (
                        "paediatric outpatient clinic",
                        "audiology clinic",
                        "ophthalmology clinic",
                        "community dental service",
                    )
                ),
            )
        appointment = self.moment(day, (9, 16))
        parent = self.h.carer()
        self.add(
            org,
            "health.appointment_not_attended",
            appointment,
            [(child, "child", {}), (parent, "parent", {child: self.h.relation(parent)})],
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

    # -- schools ----------------------------------------------------------------------------

    def school_on(self, child: Human, day: date) -> Org | None:
        age = academic_age(child.dob, day)
        if 4 <= age <= 10:
            return self.h.primary
        if 11 <= age <= 15:
            return self.h.secondary
        return None

    def schools(self) -> None:
        rng = self.rng
        risk = self.h.risk
        mean_missed = {"universal": 0.05, "vulnerable": 0.11, "complex": 0.18}[risk]
        for start, end in _terms(self.b.start, self.b.today):
            for child in self.h.children:
                school = self.school_on(child, start)
                if school is None:
                    continue
                possible = 2 * sum(
                    1 for i in range((end - start).days + 1) if (start + timedelta(i)).weekday() < 5
                )
                share = min(0.9, rng.expovariate(1 / mean_missed))
                missed = int(possible * share)
                if share < 0.1:
                    continue  # schools send absence only once it is persistent (under 90%)
                unauthorised = int(missed * rng.uniform(0.2, 0.9))
                pct = round(100 * (possible - missed) / possible)
                parent = self.h.carer()
                summary = (
                    f"Attendance {pct}% this term: {missed} of {possible} sessions missed, "
                    f"{unauthorised} unauthorised. "
                )
                summary += (
                    "Severe absence; education welfare officer informed."
                    if pct < 50
                    else "Letter sent home and attendance meeting offered."
                )
                reported_day = min(end + timedelta(days=rng.randint(1, 10)), self.b.today)
                occurred = self.moment(end, (15, 17))
                if reported_day <= end:
                    continue
                self.add(
                    school,
                    "education.absence",
                    occurred,
                    [(child, "child", {}), (parent, "parent", {child: self.h.relation(parent)})],
                    {
                        "sessions_missed": missed,
                        "sessions_possible": possible,
                        "period_start": start.isoformat(),
                        "period_end": end.isoformat(),
                    },
                    summary,
                    delay=(24 * (reported_day - end).days - 12, 24 * (reported_day - end).days - 8),
                )
                if pct < 50 and risk == "complex" and rng.random() < 0.1:
                    last = end - timedelta(days=rng.randint(10, 30))
                    self.add(
                        school,
                        "education.child_missing_education",
                        self.moment(end, (10, 15)),
                        [(child, "child", {}), (parent, "parent", {child: "mother"})],
                        {"last_attended": last.isoformat()},
                        f"{child.nickname or child.given} has not attended since "
                        f"{last:%-d %B}; home visits unanswered, family may have left the area.",
                        delay=(24, 96),
                        trigger=school.name,
                    )
        concern_rate = {"universal": 0.01, "vulnerable": 0.15, "complex": 0.5}[risk]
        for child in self.h.children:
            for _ in range(_poisson(rng, concern_rate * self.window_days / 365)):
                day = self.day_between(child.dob, self.b.today)
                school = self.school_on(child, day) if day else None
                if not day or not school or day.weekday() >= 5 or day.month == 8:
                    continue
                secondary = school.kind == "secondary"
                concern = rng.choice(_SECONDARY_CONCERNS if secondary else _PRIMARY_CONCERNS)
                name = child.nickname or child.given
                text = concern.format(name=name, he="he" if child.sex == "male" else "she")
                parent = self.h.carer()
                self.add(
                    school,
                    "education.safeguarding_concern",
                    self.moment(day, (8.5, 15.5)),
                    [(child, "child", {}), (parent, "parent", {child: self.h.relation(parent)})],
                    {"concern": text},
                    text + " Logged by the designated safeguarding lead.",
                    delay=(0.5, 6),
                    trigger=school.name,
                )

    # -- police -----------------------------------------------------------------------------

    def pnc(self, person: Human, day: date) -> None:
        if not person.pnc:
            year = max(day.year - self.rng.randint(0, 8), person.dob.year + 16)
            letter = "ABCDEFGHJKLMNPQRTUVWXYZ"[person.serial % 23]
            person.pnc = f"{year}/{person.serial % 10_000_000:07d}{letter}"

    def domestic_abuse(self) -> None:
        rng = self.rng
        risk = self.h.risk
        if rng.random() >= {"universal": 0.01, "vulnerable": 0.12, "complex": 0.55}[risk]:
            return
        victim = self.h.carer()
        if self.h.partner and self.h.partner_joined:
            abuser, first = self.h.partner, self.h.partner_joined
        elif self.h.father and self.h.mother:
            abuser, first = self.h.father, self.b.start
        elif self.h.ex_partner:
            abuser, first = self.h.ex_partner, self.b.start
        else:
            return
        last = self.h.father_left if abuser is self.h.father and self.h.father_left else None
        count = 1 + _poisson(rng, {"universal": 0.3, "vulnerable": 1.0, "complex": 2.5}[risk])
        days = sorted(
            d for d in (self.day_between(first, last or self.b.today) for _ in range(count)) if d
        )
        arrested = False
        for n, day in enumerate(days):
            children = [c for c in self.h.children_on(day) if age_on(c.dob, day) < 18]
            present = bool(children) and rng.random() < 0.7
            level = _weighted(rng, (("standard", 50), ("medium", 35), ("high", 15)))
            if n >= 2 and level == "standard":
                level = "medium"
            act = rng.choice(_DA_ACTS)
            address = self.h.address_on(day) if abuser is not self.h.ex_partner else None
            place = address.one_line if address else f"{victim.given}'s home"
            outcome = rng.choice(_DA_OUTCOMES)
            if "arrested" in outcome:
                arrested = True
            witnesses = children if present else []
            subjects: list[tuple[Human, str, dict[Human, str]]] = [
                (victim, "victim", {c: self.h.relation(victim) for c in witnesses}),
                (abuser, "alleged_perpetrator", {c: self.h.relation(abuser) for c in witnesses}),
                *((c, "child", {}) for c in witnesses),
            ]
            present_words = (
                f"{_count_words(len(children))} in the house at the time"
                if present
                else "children not present (staying with a relative)"
                if children
                else "no children in the house"
            )
            evening = rng.random() < 0.7
            self.add(
                POLICE,
                "police.domestic_abuse_incident",
                self.moment(day, (18, 23.9) if evening else (8, 18)),
                subjects,
                {"children_present": present, "risk_level": level},
                f"Police called by {rng.choice(_CALLERS)} to {place}. {victim.given} "
                f"{victim.family} said {abuser.given} {abuser.police_family} {act}. "
                f"{present_words[0].upper()}{present_words[1:]}. "
                f"{outcome.format(name=abuser.given)}. DASH risk {level}.",
                delay=(2, 30),
                trigger="Riverside Police" if present else "",
            )
            if "arrested" in outcome:
                self.pnc(abuser, day)
                self.add(
                    POLICE,
                    "police.arrest",
                    self.moment(day, (0, 23.9)),
                    [(abuser, "subject", {})],
                    {"offence_category": "domestic_abuse"},
                    f"{abuser.given} {abuser.police_family} arrested for assault on a partner "
                    f"after a call to {place}. Released on bail with conditions not to contact "
                    f"{victim.given}.",
                    delay=(1, 12),
                )
        if arrested and rng.random() < 0.45:
            self.prosecution(abuser, days[-1], "domestic_abuse", "assault on a partner")

    def prosecution(self, person: Human, arrested: date, category: str, offence: str) -> None:
        rng = self.rng
        charged = self.day_between(arrested + timedelta(days=7), arrested + timedelta(days=90))
        if not charged:
            return
        self.pnc(person, charged)
        self.add(
            POLICE,
            "police.charge",
            self.moment(charged, (9, 18)),
            [(person, "subject", {})],
            {"offence_category": category},
            f"{person.given} {person.police_family} charged with {offence}; bailed to appear at "
            "Riverside Magistrates' Court.",
            delay=(1, 24),
        )
        if rng.random() >= 0.65:
            return
        convicted = self.day_between(charged + timedelta(days=30), charged + timedelta(days=240))
        if not convicted:
            return
        sentence = rng.choice(_SENTENCES)
        self.add(
            POLICE,
            "police.conviction",
            self.moment(weekday(convicted), (10, 16)),
            [(person, "subject", {})],
            {"offence_category": category},
            f"{person.given} {person.police_family} convicted of {offence} at Riverside "
            f"Magistrates' Court; {sentence}.",
            delay=(24, 240),
        )
        if category in ("violence", "domestic_abuse", "sexual", "weapons") and rng.random() < 0.7:
            day = self.day_between(convicted + timedelta(days=10), convicted + timedelta(days=60))
            if not day:
                return
            level = {
                "sexual": _weighted(rng, (("high", 60), ("very_high", 40))),
                "domestic_abuse": _weighted(rng, (("medium", 60), ("high", 40))),
            }.get(category) or _weighted(rng, (("low", 40), ("medium", 45), ("high", 15)))
            children = [c for c in self.h.children_on(day) if age_on(c.dob, day) < 18]
            listed = children if person is not self.h.ex_partner and rng.random() < 0.6 else []
            subjects: list[tuple[Human, str, dict[Human, str]]] = [
                (person, "subject", {c: self.h.relation(person) for c in listed})
            ]
            subjects += [(c, "child", {}) for c in listed]
            home = (
                f"Lives at {self.h.address_on(day).one_line} with {_count_words(len(children))}."
                if person is not self.h.ex_partner and children
                else "Has contact with his children at weekends."
            )
            self.add(
                PROBATION,
                "probation.risk_notification",
                self.moment(weekday(day), (9, 17)),
                subjects,
                {"risk_to_children": level},
                f"{person.given} {person.family} under probation supervision after conviction "
                f"for {offence}. Assessed risk of serious harm to children: "
                f"{level.replace('_', ' ')}. {home}",
                delay=(2, 72),
            )

    def offending(self) -> None:
        rng = self.rng
        base = {"universal": 0.012, "vulnerable": 0.06, "complex": 0.2}[self.h.risk]
        adults = [a for a in (self.h.mother, self.h.father, self.h.partner) if a]
        for adult in adults:
            if rng.random() >= base * (1.6 if adult.sex == "male" else 0.5):
                continue
            category, offence = rng.choice(_OFFENCES)
            first = self.h.partner_joined if adult is self.h.partner else None
            day = self.day_between(first or self.b.start, self.b.today)
            if not day:
                continue
            self.pnc(adult, day)
            place = rng.choice(_PLACES)
            self.add(
                POLICE,
                "police.arrest",
                self.moment(day, (0, 23.9)),
                [(adult, "subject", {})],
                {"offence_category": category},
                f"{adult.given} {adult.police_family} arrested on suspicion of {offence} "
                f"{place}. Released under investigation.",
                delay=(1, 12),
            )
            if rng.random() < 0.55:
                self.prosecution(adult, day, category, offence)
        for child in self.h.children:
            rate = {"universal": 0.004, "vulnerable": 0.05, "complex": 0.25}[self.h.risk]
            if rng.random() >= rate * self.window_days / 365:
                continue
            day = self.day_between(child.dob + timedelta(days=60), self.b.today)
            if not day:
                continue
            age = age_on(child.dob, day)
            concern = rng.choice(_POLICE_TEEN_CONCERNS if age >= 12 else _POLICE_CHILD_CONCERNS)
            text = concern.format(
                name=child.given, age=age_words(child.dob, day), place=self.h.address_on(day).line1
            )
            self.add(
                POLICE,
                "police.child_concern",
                self.moment(day, (0, 23.9)),
                [(child, "child", {})],
                {"concern": text},
                text,
                delay=(2, 48),
                trigger="Riverside Police",
            )

    # -- housing ----------------------------------------------------------------------------

    def housing(self) -> None:
        rng = self.rng
        tenant = self.h.carer()
        for (_, before), (moved, after) in zip(self.h.moves, self.h.moves[1:], strict=False):
            household = self.h.adults_on(moved) + self.h.children_on(moved)
            self.add(
                HOUSING,
                "housing.household_change",
                self.moment(weekday(moved), (9, 17)),
                [(p, "household_member", {}) for p in household],
                {"change": "moved_address"},
                f"{tenant.full} and household moved from {before.one_line} to "
                f"{after.one_line} ({rng.choice(_MOVE_REASONS)}).",
                delay=(24, 24 * 20),
            )
        if self.h.partner and self.h.partner_joined:
            partner = self.h.partner
            children = self.h.children_on(self.h.partner_joined)
            relation = self.h.relation(partner)
            reported = rng.random() < 0.6  # often housing hears months later, or never
            if reported:
                day = self.day_between(
                    self.h.partner_joined + timedelta(days=14),
                    self.h.partner_joined + timedelta(days=200),
                )
                if day:
                    self.add(
                        HOUSING,
                        "housing.household_change",
                        self.moment(weekday(day), (9, 17)),
                        [
                            (tenant, "household_member", {}),
                            (partner, "household_member", {c: relation for c in children}),
                            *((c, "household_member", {}) for c in children),
                        ],
                        {"change": "adult_joined"},
                        f"{tenant.full} reports that her partner {partner.full} has moved in; "
                        "added to the household on the tenancy."
                        if tenant.sex == "female"
                        else f"{tenant.full} reports that his partner {partner.full} has moved "
                        "in; added to the household on the tenancy.",
                        delay=(2, 48),
                    )
        if self.h.father and self.h.father_left:
            father = self.h.father
            self.add(
                HOUSING,
                "housing.household_change",
                self.moment(weekday(self.h.father_left), (9, 17)),
                [(father, "household_member", {}), (tenant, "household_member", {})],
                {"change": "adult_left"},
                f"{father.full} has left the property; {tenant.full} now the sole tenant.",
                delay=(24 * 7, 24 * 60),
            )

    # -- the community ----------------------------------------------------------------------

    def community(self) -> None:
        rng = self.rng
        risk = self.h.risk
        children = self.h.children
        if not children:
            return
        if rng.random() < {"universal": 0.003, "vulnerable": 0.04, "complex": 0.25}[risk]:
            day = self.day_between(self.b.start, self.b.today)
            if day and self.h.children_on(day):
                kids = self.h.children_on(day)
                text = rng.choice(_PUBLIC_CONCERNS).format(place=self.h.address_on(day).line1)
                self.add(
                    PUBLIC,
                    "public.concern",
                    self.moment(day, (7, 23)),
                    [(c, "child", {}) for c in kids],
                    {"concern": text},
                    "Anonymous caller: " + text,
                    delay=(0.1, 2),
                    trigger="a member of the public (anonymous)",
                )
        if rng.random() < {"universal": 0.004, "vulnerable": 0.08, "complex": 0.2}[risk]:
            day = self.day_between(self.b.start, self.b.today)
            if day and self.h.children_on(day):
                parent = self.h.carer()
                kids = self.h.children_on(day)
                text = rng.choice(_VOLUNTARY_CONCERNS).format(name=parent.given)
                self.add(
                    VOLUNTARY,
                    "voluntary.concern",
                    self.moment(weekday(day), (9, 17)),
                    [(parent, "parent", {c: self.h.relation(parent) for c in kids})]
                    + [(c, "child", {}) for c in kids],
                    {"concern": text, "severity": rng.choice(("low", "medium"))},
                    text,
                    delay=(2, 96),
                    trigger=VOLUNTARY.name,
                )

    # -- children's social care -------------------------------------------------------------

    def social_care(self) -> None:
        rng = self.rng
        risk = self.h.risk
        triggers = sorted(
            (d for d in self.drafts if d.trigger), key=lambda d: (d.occurred, d.org.name)
        )
        chance = {"universal": 0.2, "vulnerable": 0.35, "complex": 0.85}[risk]
        if not triggers:
            if rng.random() >= {"universal": 0.004, "vulnerable": 0.06, "complex": 0.3}[risk]:
                return
            day = self.day_between(self.b.start, self.b.today - timedelta(days=3))
            if not day or not self.h.children_on(day):
                return
            source = HEALTH_VISITING.name if rng.random() < 0.5 else self.h.gp.name
            self.referral(weekday(day), source, 0, rng.choice(_REFERRAL_REASONS))
            return
        if rng.random() >= chance:
            return
        first = triggers[0]
        day = weekday(first.reported.astimezone(LONDON).date() + timedelta(days=rng.randint(0, 3)))
        if day < self.b.today and self.h.children_on(day):
            self.referral(day, first.trigger, 0, _TRIGGER_REASONS.get(first.type, "concerns"))

    def referral(self, day: date, source: str, depth: int, reason: str) -> None:
        rng = self.rng
        risk = self.h.risk
        children = [c for c in self.h.children_on(day) if age_on(c.dob, day) < 18]
        if not children or day >= self.b.today:
            return
        decision = _weighted(
            rng,
            {
                "complex": (
                    ("s47", 40),
                    ("assessment", 45),
                    ("early_help", 10),
                    ("no_further_action", 5),
                ),
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
            }[risk],
        )
        parent = self.h.carer()
        for child in children:
            self.add(
                CSC,
                "social_care.referral",
                self.moment(day, (9, 17)),
                [(child, "child", {}), (parent, "parent", {child: self.h.relation(parent)})],
                {"decision": decision, "referral_source": source},
                f"Contact from {source} about {child.given} ({age_words(child.dob, day)}): "
                f"{reason}. Decision: {_DECISION_WORDS[decision]}.",
                delay=(0.5, 30),
            )
        if decision in ("no_further_action", "early_help"):
            closed = add_working_days(day, rng.randint(1, 5))
            reason_code = "step_down_early_help" if decision == "early_help" else decision
            self.close(children, closed, reason_code)
            if decision == "early_help" and rng.random() < 0.3:
                later = self.day_between(closed + timedelta(days=40), closed + timedelta(days=150))
                if later:
                    text = rng.choice(_EARLY_HELP_CONCERNS).format(name=parent.given)
                    self.add(
                        EARLY_HELP,
                        "early_help.concern",
                        self.moment(weekday(later), (9, 17)),
                        [(parent, "parent", {c: self.h.relation(parent) for c in children})]
                        + [(c, "child", {}) for c in children],
                        {"concern": text, "severity": "medium"},
                        text,
                        delay=(2, 72),
                        trigger=EARLY_HELP.name,
                    )
            self.maybe_rereferral(closed, depth)
            return
        if decision == "assessment":
            visits = rng.randint(1, 2)
            for n in range(visits):
                self.visit(children, add_working_days(day, rng.randint(3, 20) + 10 * n), lax=True)
            ended = add_working_days(day, rng.randint(20, 45))
            if ended >= self.b.today:
                return  # assessment still open today
            outcome = _weighted(
                rng, (("no_further_action", 45), ("step_down_early_help", 40), ("s47", 15))
            )
            if outcome != "s47":
                self.close(children, ended, outcome)
                self.maybe_rereferral(ended, depth)
                return
            day = ended
        self.section47(children, day, depth)

    def section47(self, children: list[Human], day: date, depth: int) -> None:
        rng = self.rng
        self.visit(children, add_working_days(day, 1), lax=False)
        conference = add_working_days(day, rng.randint(10, 15))
        if conference >= self.b.today:
            return
        plan_rate = {"universal": 0.3, "vulnerable": 0.45, "complex": 0.7}[self.h.risk]
        if rng.random() >= plan_rate:
            closed = add_working_days(conference, rng.randint(40, 120))
            self.close(children, closed, "child_in_need_plan_ended")
            self.maybe_rereferral(closed, depth)
            return
        category = _weighted(
            rng,
            (("neglect", 45), ("emotional", 35), ("physical", 8), ("sexual", 4), ("multiple", 8)),
        )
        if self.h.risk == "complex" and any(
            d.type.startswith("police.domestic") for d in self.drafts
        ):
            category = rng.choice(("emotional", "multiple"))
        for child in children:
            self.add(
                CSC,
                "social_care.child_protection_plan_started",
                self.moment(conference, (10, 16)),
                [(child, "child", {})],
                {"category": category},
                f"Initial child protection conference: {child.given} made subject of a child "
                f"protection plan under the category of {category}. Core group to meet within "
                "10 working days.",
                delay=(2, 48),
            )
        ends = conference + timedelta(days=rng.randint(180, 500))
        looked_after = None
        if rng.random() < 0.15:
            looked_after = conference + timedelta(days=rng.randint(60, 200))
        plan_end = min(d for d in (ends, looked_after, self.b.today) if d)
        self.visits(children, conference, plan_end, working_days=10)
        if plan_end >= self.b.today:
            return
        for child in children:
            self.add(
                CSC,
                "social_care.child_protection_plan_ended",
                self.moment(weekday(plan_end), (10, 16)),
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
        if looked_after:
            self.care(children, weekday(plan_end))
            return
        closed = add_working_days(plan_end, rng.randint(40, 90))
        self.close(children, closed, "step_down_early_help")

    def care(self, children: list[Human], day: date) -> None:
        rng = self.rng
        status, words = rng.choice(
            (
                ("C1", "Interim care order granted; placed with foster carers"),
                ("V2", "Accommodated under section 20 with the parent's agreement"),
                ("C1", "Interim care order granted; placed with the maternal grandmother"),
            )
        )
        for child in children:
            self.add(
                CSC,
                "social_care.looked_after_started",
                self.moment(day, (10, 18)),
                [(child, "child", {})],
                {"legal_status": status},
                f"{child.given} became looked after. {words}.",
                delay=(1, 24),
            )
        ended = day + timedelta(days=rng.randint(90, 400))
        self.visits(children, day, min(ended, self.b.today), working_days=30)
        if ended < self.b.today and rng.random() < 0.4:
            for child in children:
                self.add(
                    CSC,
                    "social_care.looked_after_ended",
                    self.moment(weekday(ended), (10, 17)),
                    [(child, "child", {})],
                    {"legal_status": status},
                    f"{child.given} returned home to {self.h.carer().given}'s care under a "
                    "supervision plan.",
                    delay=(1, 48),
                )

    def visits(self, children: list[Human], start: date, end: date, *, working_days: int) -> None:
        day = start
        while True:
            gap = self.rng.randint(working_days - 4, working_days - 1)
            if self.rng.random() < 0.05:
                gap += self.rng.randint(3, 10)  # a lapse: leave, sickness, a missed visit
            day = add_working_days(day, gap)
            if day >= end:
                return
            self.visit(children, day, lax=False)

    def visit(self, children: list[Human], day: date, *, lax: bool) -> None:
        if day >= self.b.today:
            return
        rng = self.rng
        parent = self.h.carer()
        access = rng.random() < (0.95 if not lax else 0.97)
        for child in children:
            seen = access
            alone = seen and age_on(child.dob, day) >= 3 and rng.random() < 0.9
            if not seen:
                summary = "Home visit: no answer at the door; card left. Child not seen."
            elif alone:
                room = rng.choice(("their bedroom", "the garden", "the kitchen"))
                summary = f"Home visit. {child.given} seen alone in {room}; " + rng.choice(
                    _VISIT_NOTES
                )
            else:
                summary = f"Home visit. {child.given} seen with {parent.given}; " + rng.choice(
                    _VISIT_NOTES
                )
            self.add(
                CSC,
                "social_care.visit",
                self.moment(day, (9, 18)),
                [(child, "child", {}), (parent, "parent", {child: self.h.relation(parent)})],
                {"child_seen": seen, "seen_alone": alone},
                summary,
                delay=(1, 30),
            )

    def close(self, children: list[Human], day: date, reason: str) -> None:
        day = weekday(day)
        if day >= self.b.today:
            return
        for child in children:
            self.add(
                CSC,
                "social_care.case_closed",
                self.moment(day, (9, 17)),
                [(child, "child", {})],
                {"reason": reason},
                f"Case closed: {_CLOSURE_WORDS.get(reason, reason.replace('_', ' '))}.",
                delay=(1, 48),
            )

    def maybe_rereferral(self, closed: date, depth: int) -> None:
        rate = {"universal": 0.03, "vulnerable": 0.15, "complex": 0.35}[self.h.risk]
        if depth >= 2 or self.rng.random() >= rate:
            return
        day = self.day_between(closed + timedelta(days=60), closed + timedelta(days=300))
        if not day:
            return
        day = weekday(day)
        if day >= self.b.today:
            return
        children = self.h.children_on(day)
        if not children:
            return
        child = children[0]
        text = self.rng.choice(_POLICE_CHILD_CONCERNS).format(
            name=child.given,
            age=age_words(child.dob, day),
            place=self.h.address_on(day).line1,
        )
        self.add(
            POLICE,
            "police.child_concern",
            self.moment(day - timedelta(days=1), (0, 23.9)),
            [(child, "child", {})],
            {"concern": text},
            text,
            delay=(2, 20),
        )
        self.referral(day, POLICE.name, depth + 1, _TRIGGER_REASONS["police.child_concern"])


def _relation_words(relation: str) -> str:
    return {
        "mothers_partner": "mother's partner",
        "fathers_partner": "father's partner",
    }.get(relation, relation)


def _injury_words(kind: str, site: str, complaint: str) -> str:
    return {
        "bruise": f"bruise to the {site}",
        "fracture": f"fracture of the {site}",
        "burn": f"burn to the {site}",
        "scald": f"scald to the {site}",
        "head_injury": "head injury",
        "laceration": f"cut to the {site}",
        "bite": f"bite to the {site}",
    }.get(kind, f"{complaint} ({site})")


def _count_words(n: int) -> str:
    return {1: "one child", 2: "two children", 3: "three children"}.get(n, f"{n} children")


def _terms(start: date, today: date) -> list[tuple[date, date]]:
    """English school terms (roughly) that ended inside the window."""
    terms = []
    for year in range(start.year - 1, today.year + 1):
        for first, last in (
            (date(year, 9, 3), date(year, 12, 19)),
            (date(year + 1, 1, 6), date(year + 1, 3, 28)),
            (date(year + 1, 4, 14), date(year + 1, 7, 21)),
        ):
            if first >= start and last < today:
                terms.append((first, last))
    return sorted(set(terms))


# -- the words ------------------------------------------------------------------------------
# (kind, site, presenting complaint, explanation given)
_INFANT_INJURIES = (
    ("head_injury", "head", "fall from the changing table", "rolled off while being changed"),
    ("bruise", "forehead", "fall from the bed", "rolled off the adult bed onto the floor"),
    ("burn", "hand", "burn", "grabbed a hot mug"),
)
_INJURIES = (
    ("bruise", "forehead", "fall from the sofa", "fell off the sofa onto a laminate floor"),
    ("head_injury", "head", "head injury", "fell from the climbing frame at the park"),
    ("fracture", "left wrist", "fall", "fell off the trampoline"),
    ("laceration", "chin", "cut chin", "tripped on the stairs"),
    ("burn", "right hand", "burn", "touched the oven door"),
    ("scald", "forearm", "scald", "pulled a cup of tea off the table"),
    ("bite", "hand", "dog bite", "bitten by a neighbour's dog"),
    ("other", "ankle", "sprained ankle", "twisted it playing football"),
    ("fracture", "collarbone", "fall", "fell off a scooter"),
)
_TEEN_INJURIES = (
    ("fracture", "right hand", "hand injury", "punched a wall"),
    ("laceration", "forearm", "cuts to the forearm", "said it was an accident with a knife"),
    ("head_injury", "head", "assault", "assaulted by a group of older youths"),
    ("other", "knee", "sports injury", "fell during rugby"),
    ("fracture", "left ankle", "ankle injury", "fell from a wall"),
)
_OBSERVED_INJURIES = (
    ("bruise", "shin", "the child bumped it on the coffee table"),
    ("bruise", "cheek", "a toy thrown by an older sibling hit the child"),
    ("bruise", "upper arm", "they did not know how it happened"),
    ("burn", "forearm", "the child touched a radiator"),
    ("laceration", "lip", "the child fell against the cot rail"),
    ("bruise", "ear", "the child fell while learning to walk"),
)
_ILLNESSES = (
    "a high temperature",
    "breathing difficulty",
    "vomiting and diarrhoea",
    "a rash",
    "an asthma attack",
    "ear pain",
    "abdominal pain",
    "a swallowed coin",
    "a febrile seizure",
)
_INFANT_ILLNESSES = ("a high temperature", "poor feeding", "breathing difficulty", "a rash")
_ILLNESS_OUTCOMES = (
    "Treated and discharged home.",
    "Observed for four hours and discharged.",
    "Admitted to the children's ward overnight.",
    "Discharged with antibiotics; GP to follow up.",
)
_ED_CONCERNS = (
    "Safeguarding concern raised: two-day delay in seeking treatment.",
    "Safeguarding concern raised: account changed between triage and the doctor.",
    "Safeguarding concern raised: the adult was intoxicated and left before discharge.",
    "Safeguarding concern raised: older bruising also seen; hospital safeguarding team told.",
)
_PRIMARY_CONCERNS = (
    "{name} arrived hungry and asked staff for food; said there was no breakfast at home "
    "again this week.",
    "{name} came to school in the same unwashed clothes for several days; shoes too small.",
    "{name} said mum and her boyfriend were shouting all night; {he} was tired and tearful.",
    "Bruise on {name}'s upper arm noticed during PE; {he} said {he} fell over at home.",
    "{name} was not collected at the end of the day; the parent arrived at 5pm, unsteady.",
    "{name} told a teaching assistant that {he} looks after the baby when mum goes out.",
    "Head lice and poor hygiene raised again for {name}; other children avoiding {name}.",
)
_SECONDARY_CONCERNS = (
    "{name} said {he} is staying at an older friend's flat some nights and not going home.",
    "{name} seen with a new phone and cash; missing from afternoon lessons this week.",
    "{name} disclosed self-harm to a friend; cuts seen on the forearm by the school nurse.",
    "{name} said {he} does not want to go home because of the arguments there.",
    "{name} has lost weight, is often asleep in class and says there is no food at home.",
)
_DA_ACTS = (
    "had pushed her against a wall",
    "had shouted at her and smashed a mirror",
    "had threatened to kill her",
    "had grabbed her by the throat",
    "had taken her phone and would not let her leave",
    "had been verbally abusive; no injuries",
)
_DA_OUTCOMES = (
    "{name} had left before officers arrived",
    "{name} arrested at the scene",
    "Words of advice given; {name} agreed to stay at his brother's",
    "{name} arrested after a short search of the area",
)
_CALLERS = ("a neighbour", "the victim", "an older child in the house", "a passer-by")
_SENTENCES = (
    "12-month community order with a domestic abuse programme requirement",
    "18 weeks' custody suspended for 12 months",
    "fined and a restraining order for two years",
    "26 weeks' custody",
    "community order with 150 hours of unpaid work",
)
_OFFENCES = (
    ("violence", "assault occasioning actual bodily harm"),
    ("violence", "common assault"),
    ("weapons", "possession of a bladed article"),
    ("drugs", "possession with intent to supply Class A drugs"),
    ("drugs", "possession of cannabis"),
    ("other", "shoplifting"),
    ("other", "criminal damage"),
    ("other", "driving while disqualified"),
    ("sexual", "sexual assault"),
)
_PLACES = (
    "after a fight outside the Anchor pub",
    "at the Riverside shopping centre",
    "at an address on Basin Street",
    "after a vehicle stop on Northgate Street",
    "at the Saltings Road retail park",
)
_POLICE_CHILD_CONCERNS = (
    "Officers attending {place} for an unrelated matter found {name} ({age}) at home alone "
    "late in the evening.",
    "Officers attending {place} found the home in a poor state: no food in the fridge, dog mess "
    "on the floors; {name} ({age}) present.",
    "{name} ({age}) found wandering near the canal towpath at 9pm by a member of the public "
    "and returned home by officers.",
)
_POLICE_TEEN_CONCERNS = (
    "{name} ({age}) reported missing overnight; found the next morning at an address in "
    "another town with older males.",
    "{name} ({age}) stopped with two adults in a car found to contain cannabis and cash.",
    "{name} ({age}) found drunk in the town centre at 2am and taken home by officers.",
)
_PUBLIC_CONCERNS = (
    "the children at {place} are left on their own in the evenings and are often heard crying.",
    "a man at {place} was shouting at a small child in the street and dragged them inside.",
    "the children at {place} are out in the street late at night in all weathers.",
)
_VOLUNTARY_CONCERNS = (
    "Family referred to the food bank for the third time; {name} said she skips meals so the "
    "children can eat.",
    "{name} came to the family centre distressed; said her partner checks her phone and "
    "controls the money.",
    "{name} has stopped bringing the children to the stay-and-play group; staff worried about "
    "her low mood.",
)
_EARLY_HELP_CONCERNS = (
    "Early help worker has not seen the family for six weeks; two home visits unanswered and "
    "{name} not returning calls.",
    "{name} has disengaged from the family support plan; school attendance worsening.",
)
_REFERRAL_REASONS = (
    "concerns about neglect of the children's basic care",
    "domestic abuse in the home",
    "the parent's alcohol use",
    "an unexplained injury",
    "the children being left alone",
    "the parent's mental health and the care of the children",
)
_TRIGGER_REASONS = {
    "health.unscheduled_care_attendance": "an injury, and the emergency department's concern",
    "health.injury_observed": "an injury whose explanation does not fit",
    "police.domestic_abuse_incident": "domestic abuse in the home with the children present",
    "police.child_concern": "a police child concern notice",
    "education.safeguarding_concern": "the school's concerns about the child's care",
    "education.child_missing_education": "the child missing from education",
    "public.concern": "a neighbour's concern about the children's care",
    "voluntary.concern": "the family's circumstances and the parent's wellbeing",
    "early_help.concern": "the family no longer engaging with early help",
}
_DECISION_WORDS = {
    "no_further_action": "no further action; advice given to the referrer",
    "early_help": "step down to early help with the family's agreement",
    "assessment": "single assessment by a social worker, within 45 working days",
    "s47": "strategy discussion held; section 47 enquiry started",
}
_CLOSURE_WORDS = {
    "no_further_action": "assessment complete, needs met by universal services",
    "step_down_early_help": "stepped down to early help",
    "child_in_need_plan_ended": "child in need plan ended, goals met",
}
_VISIT_NOTES = (
    "home conditions adequate; food in the cupboards.",
    "home cluttered and cold; discussed heating and the electricity meter.",
    "talked about school and friends; presented as happy.",
    "quiet and watchful; said things are 'fine'.",
    "bedroom has no bedding; referral made for a bed and bedding.",
)
_MOVE_REASONS = (
    "transfer to a larger property",
    "overcrowding",
    "moved after rent arrears",
    "management move after anti-social behaviour",
    "mutual exchange",
)
