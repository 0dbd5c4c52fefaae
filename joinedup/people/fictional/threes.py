"""Households of three, the scale benchmark's people: a parent (k=0), a child (k=1), and a
second child or the parent's partner (k=2).

`three_drawn` makes one household from the caller's stream (the ingest file's new families);
`threes_numbered` makes a whole population at once, every draw a pure function of a person's
or household's number (`hashing`), so the million people the scale benchmark loads with SQL are
drawn here and the same every time.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from joinedup.people.fictional.hashing import r, u
from joinedup.people.fictional.identifiers import nhs_number_at, pnc_drawn, pnc_short
from joinedup.people.fictional.names import Cast

ADULT_DAYS = 18 * 365 + 5


@dataclass
class Member:
    k: int
    given: str
    family: str
    dob: date | None
    sex: str
    nhs: str | None = None
    pnc: str | None = None

    def is_child(self, today: date) -> bool:
        return self.dob is not None and (today - self.dob).days < ADULT_DAYS


def three_drawn(
    rng: random.Random, *, today: date, cast: Cast, nhs: Callable[[], str]
) -> list[Member]:
    """A parent (a mother five times in six) 19 to 48, a child under 17, and a second child or
    the parent's partner; `nhs` numbers each person who has an NHS number, in turn."""
    family_name = rng.choice(cast.surnames)
    mother = rng.random() < 0.85
    parent = Member(
        0,
        rng.choice(cast.women if mother else cast.men),
        family_name,
        today - timedelta(days=rng.randrange(19 * 365, 48 * 365)),
        "female" if mother else "male",
        nhs() if rng.random() < 0.9 else None,
    )
    child = _child(rng, 1, family_name, today, cast, nhs)
    if rng.random() < 0.5:
        third = _child(rng, 2, family_name, today, cast, nhs)
    else:
        third = Member(
            2,
            rng.choice(cast.men if mother else cast.women),
            rng.choice(cast.surnames) if rng.random() < 0.6 else family_name,
            today - timedelta(days=rng.randrange(19 * 365, 50 * 365)),
            "male" if mother else "female",
            nhs() if rng.random() < 0.8 else None,
            pnc=pnc_drawn(rng) if rng.random() < 0.3 else None,
        )
    return [parent, child, third]


def _child(
    rng: random.Random, k: int, family: str, today: date, cast: Cast, nhs: Callable[[], str]
) -> Member:
    sex = rng.choice(("female", "male"))
    return Member(
        k,
        rng.choice(cast.girls if sex == "female" else cast.boys),
        family,
        today - timedelta(days=rng.randrange(60, 17 * 365)),
        sex,
        nhs() if rng.random() < 0.95 else None,
    )


# -- a numbered population -----------------------------------------------------------------

NHS_FIRST = 100_000  # person n's NHS number is 999, then 100,000 + n, then its check digit
NHS_PEOPLE = 900_000  # so only the first 900,000 people have one (and not where it has none)


@dataclass
class Households:
    """Column by column, household h at [h - 1]."""

    k0_female: npt.NDArray[np.bool_]  # the parent is a mother
    k2_child: npt.NDArray[np.bool_]  # the third is a child, else the parent's partner
    k2_own_family: npt.NDArray[np.bool_]  # a partner keeps their own surname
    family_i: npt.NDArray[np.int64]  # the household's surname: an index into cast.surnames


@dataclass
class People:
    """Column by column, person n at [n - 1]: household (n - 1) // 3 + 1, k = (n - 1) % 3."""

    id: npt.NDArray[np.int64]
    h: npt.NDArray[np.int64]
    k: npt.NDArray[np.int64]
    is_child: npt.NDArray[np.bool_]
    female: npt.NDArray[np.bool_]
    given_i: npt.NDArray[np.int64]  # girls' names first, then boys': cast.girls + cast.boys
    family_i: npt.NDArray[np.int64]
    dob: npt.NDArray[np.datetime64]
    pnc: npt.NDArray[np.bool_]  # has a PNC id, made of the three parts below
    pnc_year: npt.NDArray[np.int64]
    pnc_number: npt.NDArray[np.int64]
    pnc_letter: npt.NDArray[np.int64]

    def rows(
        self,
    ) -> Iterator[tuple[int, int, int, bool, str, int, int, date, str | None, str | None]]:
        """(id, h, k, is_child, sex, given_i, family_i, dob, NHS number, PNC id) per person."""
        columns = zip(
            self.id.tolist(),
            self.h.tolist(),
            self.k.tolist(),
            self.is_child.tolist(),
            self.female.tolist(),
            self.given_i.tolist(),
            self.family_i.tolist(),
            self.dob.tolist(),
            self.pnc.tolist(),
            self.pnc_year.tolist(),
            self.pnc_number.tolist(),
            self.pnc_letter.tolist(),
            strict=True,
        )
        for n, h, k, child, female, given, family, dob, pnc, year, number, letter in columns:
            nhs = nhs_number_at(999, NHS_FIRST + n) if n < NHS_PEOPLE else None
            sex = "female" if female else "male"
            shown = pnc_short(year, number, letter) if pnc else None
            yield n, h, k, child, sex, given, family, dob, nhs, shown


def threes_numbered(households: int, *, today: date, cast: Cast) -> tuple[Households, People]:
    """`households` households of three and their people, every draw a function of a number:
    children up to 17, adults 19 to 49; about one adult in seven with a PNC id."""
    h = np.arange(1, households + 1, dtype=np.int64)
    homes = Households(
        k0_female=u(h, 1) < 0.85,
        k2_child=u(h, 4) < 0.5,
        k2_own_family=u(h, 5) < 0.6,
        family_i=r(h, 7, len(cast.surnames)),
    )
    n = np.arange(1, 3 * households + 1, dtype=np.int64)
    of = (n - 1) // 3  # the household's index
    k = (n - 1) % 3
    is_child = (k == 1) | ((k == 2) & homes.k2_child[of])
    partner = (k == 2) & ~homes.k2_child[of]
    female = np.where(
        k == 0, homes.k0_female[of], np.where(partner, ~homes.k0_female[of], u(n, 2) < 0.5)
    )
    girls = len(cast.girls)
    given_i = np.where(female, r(n, 6, girls), girls + r(n, 6, len(cast.boys)))
    own = partner & homes.k2_own_family[of]
    family_i = np.where(own, r(n, 8, len(cast.surnames)), homes.family_i[of])
    days = np.where(is_child, 30 + r(n, 3, 6200), 6935 + r(n, 3, 11000))
    dob = np.datetime64(today, "D") - days.astype("timedelta64[D]")
    people = People(
        id=n,
        h=of + 1,
        k=k,
        is_child=is_child,
        female=female,
        given_i=given_i,
        family_i=family_i,
        dob=dob,
        pnc=~is_child & (u(n, 9) < 0.15),
        pnc_year=r(n, 10, 26),
        pnc_number=r(n, 11, 10_000_000),
        pnc_letter=r(n, 12, 26),
    )
    return homes, people
