"""A subject of an event as the contract checked it: who an agency says a person is.

The event contract (`chronology.contract`) builds these; identity resolution reads them. They
live here, below both, so that people/ needs nothing from chronology/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AddressIn:
    line1: str = ""
    line2: str = ""
    town: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class SubjectIn:
    index: int
    ref: str
    role: str
    given: str = ""
    family: str = ""
    aliases: tuple[tuple[str, str], ...] = ()  # (given, family)
    dob: date | None = None
    dob_precision: str = "day"
    sex: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()  # (scheme or local label, value)
    address: AddressIn | None = None
    relationship_to: tuple[tuple[str, str], ...] = ()  # (other ref, relationship)

    def identifier(self, scheme: str) -> str | None:
        return next((v for s, v in self.identifiers if s == scheme), None)
