"""What a household is made of: its people, its homes and schools, who lives there when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from joinedup.demo.world import Address, Org


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
