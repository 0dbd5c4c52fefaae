"""How a narrative family is written down: its people, and a book of its events in order.

`Book.event` numbers the record ids (`DEMO-<FAMILY>-nn`) and counts dates back from the demo's
"today", so a family's story stays current and loading it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from joinedup.core.calendar import LONDON
from joinedup.demo.world import (
    GP_PRACTICES,
    PRIMARY_SCHOOLS,
    SECONDARY_SCHOOLS,
    TOWN,
    Org,
)
from joinedup.people.fictional.identifiers import nhs_number_for

# The families' schools and surgeries.
KILN_STREET_PRIMARY = PRIMARY_SCHOOLS[0]
MILLBROOK_PRIMARY = PRIMARY_SCHOOLS[2]
FERRY_ROAD_PRIMARY = PRIMARY_SCHOOLS[3]
RIVERSIDE_ACADEMY = SECONDARY_SCHOOLS[0]
KILN_STREET_SURGERY = GP_PRACTICES[0]
WHARFSIDE_MEDICAL = GP_PRACTICES[1]


@dataclass(frozen=True)
class Family:
    code: str
    title: str
    description: str
    search: tuple[str, ...]  # names to type into search, as the agencies recorded them
    signals: tuple[str, ...]  # rule codes its events should raise
    matching: str  # what the deterministic first-cut matcher links, and what it cannot
    build: Callable[[Book], None]


@dataclass(frozen=True)
class Person:
    """A family member. `serial` (1..999, reserved for the families) fixes the NHS number."""

    serial: int
    given: str
    family: str
    sex: str
    days_old: int  # age in days on the demo's "today"
    # Born on the 3rd (or 4th) of the month, so that a day-month swap is still a date.
    early_in_month: bool = False

    @property
    def nhs(self) -> str:
        return nhs_number_for(self.serial)


def address(line1: str, postcode: str) -> dict[str, str]:
    return {"line1": line1, "town": TOWN, "postcode": postcode}


class Book:
    """Writes one family's events in order, numbering their record ids."""

    def __init__(self, code: str, today: date):
        self.code = code.upper()
        self.today = today
        self.bodies: list[dict[str, Any]] = []
        # (record id, LA child id): after that event, the child's case is allocated.
        self.allocations: list[tuple[str, str]] = []

    def dob(self, person: Person, shape: str = "day") -> str:
        born = self.today - timedelta(days=person.days_old)
        if person.early_in_month:
            born = born.replace(day=4 if born.month == 3 else 3)
        if shape == "year":
            return str(born.year)
        if shape == "swapped":
            return date(born.year, born.day, born.month).isoformat()
        return born.isoformat()

    def subject(
        self,
        ref: str,
        role: str,
        person: Person,
        *,
        dob: str | None = "day",
        given: str | None = None,
        family: str | None = None,
        sex: bool = True,
        ids: dict[str, str] | None = None,
        address: dict[str, str] | None = None,
        rel: dict[str, str] | None = None,
        aliases: list[str] | None = None,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ref": ref,
            "role": role,
            "name": {
                "given": person.given if given is None else given,
                "family": person.family if family is None else family,
            },
        }
        if aliases:
            out["name"]["aliases"] = aliases
        if dob:
            out["dob"] = self.dob(person, dob)
        if sex:
            out["sex"] = person.sex
        if ids:
            out["identifiers"] = ids
        if address:
            out["address"] = address
        if rel:
            out["relationship_to"] = rel
        return out

    def event(
        self,
        org: Org,
        type: str,
        days_ago: int,
        at: str,
        subjects: list[dict[str, Any]],
        details: dict[str, Any],
        summary: str,
        *,
        reported_after_hours: float = 2,
        weekday: bool = False,
        allocate: bool = False,
    ) -> None:
        hour, minute = (int(part) for part in at.split(":"))
        day = self.today - timedelta(days=days_ago)
        while weekday and day.weekday() >= 5:  # office work: the Friday before a weekend
            day -= timedelta(days=1)
        # In UTC, not on London's wall clock (see generator.story.Story.add).
        occurred = datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)
        reported = occurred + timedelta(hours=reported_after_hours)
        end = datetime.combine(self.today, time(0, 0), tzinfo=LONDON)
        record_id = f"DEMO-{self.code}-{len(self.bodies) + 1:02d}"
        if allocate:  # the first subject is the child, known by the LA child id
            self.allocations.append((record_id, subjects[0]["identifiers"]["la_child_id"]))
        self.bodies.append(
            {
                "source": {
                    "agency": org.agency,
                    "organisation": org.name,
                    "record_id": record_id,
                },
                "type": type,
                "occurred_at": utc(occurred),
                "reported_at": utc(min(reported, end)),
                "subjects": subjects,
                "details": details,
                "summary": summary,
            }
        )


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
