"""How each agency holds a person: which name, which date of birth, which identifiers.

One function per kind of organisation, each filling in the subject as that agency would send
it; they draw from the story's stream, so the same person looks a little different each time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from joinedup.core.calendar import years_old
from joinedup.demo.generator.people import Human
from joinedup.demo.world import Org
from joinedup.people.fictional.variants import swap_day_month

if TYPE_CHECKING:
    from joinedup.demo.generator.story import Story


@dataclass
class _Held:
    """A subject as one agency is writing it down."""

    rng: random.Random
    p: Human
    org: Org
    day: date
    role: str
    name: dict[str, Any]
    out: dict[str, Any]
    address: dict[str, str] | None

    @property
    def dob(self) -> str:
        return self.p.dob.isoformat()


def subject_shape(story: Story, p: Human, org: Org, day: date, role: str) -> dict[str, Any]:
    """`p` on `day` as `org` holds them, in the role the event gives them."""
    address = story.h.address_on(day).as_json() if p is not story.h.ex_partner else None
    name: dict[str, Any] = {"given": p.given, "family": p.family}
    held = _Held(story.rng, p, org, day, role, name, {"name": name}, address)
    shape = _SHAPES.get(org.kind)
    if shape:
        shape(held)
    if held.address and not (org.kind == "public" and role != "child" and not p.adult):
        held.out["address"] = held.address
    return held.out


def _health(h: _Held) -> None:
    h.out.update(dob=h.dob, sex=h.p.sex, identifiers={"nhs_number": h.p.nhs})


def _hospital(h: _Held) -> None:
    p, rng = h.p, h.rng
    if p.adult and h.role != "child":
        if rng.random() < 0.4:
            h.out["dob"] = h.dob  # an accompanying adult gives their date of birth
        h.address = None
        return
    ids = {"hospital_number": f"{h.org.prefix}{p.serial:08d}"}
    if rng.random() < 0.92:
        ids["nhs_number"] = p.nhs
    dob = h.dob
    swapped = swap_day_month(p.dob.day, p.dob.month)
    if swapped and rng.random() < 0.03:
        dob = date(p.dob.year, *swapped).isoformat()
    h.out.update(dob=dob, sex=p.sex, identifiers=ids)


def _school(h: _Held) -> None:
    p = h.p
    if p.adult:
        h.name["family"] = p.family_on(h.day)
        h.address = None  # a parent's contact details: the name only
        return
    h.name["given"] = p.nickname or p.given
    h.name["family"] = p.family_on(h.day)
    if h.name["family"] != p.family:
        h.name["aliases"] = [p.full]
    h.out.update(dob=h.dob, sex=p.sex)
    if p.upn:
        h.out["identifiers"] = {"upn": p.upn}


def _police(h: _Held) -> None:
    p, day = h.p, h.day
    h.name["family"] = p.police_family if p.family_on(day) == p.family else p.family_on(day)
    if not p.adult and p.nickname and h.rng.random() < 0.3:
        h.name["given"] = p.nickname
    ids = {"nominal_id": f"RP{p.serial:08d}"}
    if p.pnc:
        ids["pnc_id"] = p.pnc
    h.out["identifiers"] = ids
    if p.police_dob == "day":
        h.out["dob"] = h.dob
    elif p.police_dob == "year":
        h.out["dob"] = str(day.year - years_old(p.dob, day))  # a guessed age
    elif p.police_dob == "swapped":
        swapped = swap_day_month(p.dob.day, p.dob.month)
        assert swapped
        h.out["dob"] = date(p.dob.year, *swapped).isoformat()


def _social_care(h: _Held) -> None:
    p = h.p
    ids = {"la_child_id": f"RIV{p.serial:07d}"} if not p.adult else {}
    if not p.adult and h.rng.random() < 0.85:
        ids["nhs_number"] = p.nhs
    if p.family_on(h.day) != p.family:
        h.name["aliases"] = [f"{p.given} {p.family_on(h.day)}"]
    h.out.update(dob=h.dob, sex=p.sex)
    if ids:
        h.out["identifiers"] = ids


def _housing(h: _Held) -> None:
    if h.p.adult:
        h.out.update(dob=h.dob, identifiers={"person_ref": f"RHO{h.p.serial:07d}"})
    elif h.rng.random() < 0.8:
        h.out["dob"] = h.dob


def _probation(h: _Held) -> None:
    p = h.p
    if p.adult:
        ids = {"crn": f"X{p.serial:07d}"}
        if p.pnc:
            ids["pnc_id"] = p.pnc
        h.out.update(dob=h.dob, sex=p.sex, identifiers=ids)
    else:
        h.name["family"] = p.family_on(h.day)
        h.out["dob"] = h.dob if h.rng.random() < 0.6 else str(p.dob.year)


def _early_help(h: _Held) -> None:
    p = h.p
    h.name["given"] = p.nickname or p.given
    h.name["family"] = p.family_on(h.day)
    h.out["dob"] = h.dob
    if not p.adult:
        h.out["identifiers"] = {"eh_ref": f"EH{p.serial:07d}"}


def _voluntary(h: _Held) -> None:
    h.name["family"] = h.p.family_on(h.day)
    if not h.p.adult and h.rng.random() < 0.5:
        h.out["dob"] = str(h.day.year - years_old(h.p.dob, h.day))


def _public(h: _Held) -> None:
    if not h.p.adult:
        h.name["given"] = h.p.nickname or h.p.given
        if h.rng.random() < 0.5:
            del h.name["family"]  # "the little boy called Kev"
    h.address = h.address if h.rng.random() < 0.8 else None


_SHAPES: dict[str, Callable[[_Held], None]] = {
    "gp": _health,
    "hv": _health,
    "hospital": _hospital,
    "primary": _school,
    "secondary": _school,
    "police": _police,
    "csc": _social_care,
    "housing": _housing,
    "probation": _probation,
    "early_help": _early_help,
    "voluntary": _voluntary,
    "public": _public,
}
