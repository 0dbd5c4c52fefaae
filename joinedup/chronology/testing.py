"""Builders shared by the tests, the benchmarks and the demo: fictional people only."""

from __future__ import annotations

import copy
import itertools
from typing import Any

from joinedup.audit.services import Actor
from joinedup.chronology.services import ItemResult, Sender, events_record
from joinedup.core.models import LocalAuthority, Organisation
from joinedup.core.vocabulary import AGENCIES

_record_ids = itertools.count(1)

MAYA = {
    "ref": "p1",
    "role": "child",
    "name": {"given": "Maya", "family": "Brooks"},
    "dob": "2023-01-19",
    "sex": "female",
    "identifiers": {"nhs_number": "9434765919"},
    "address": {"line1": "27 Kiln Street", "town": "Riverside", "postcode": "RV2 4KS"},
}
LEE = {
    "ref": "p2",
    "role": "accompanying_adult",
    "name": {"given": "Lee", "family": "Fenton"},
    "relationship_to": {"p1": "mothers_partner"},
}


def event_body(
    *,
    organisation: str = "Riverside Hospital",
    agency: str = "health",
    record_id: str | None = None,
    type: str = "health.unscheduled_care_attendance",
    occurred_at: str = "2026-05-04T14:05:00Z",
    reported_at: str | None = "2026-05-04T16:40:00Z",
    subjects: list[dict[str, Any]] | None = None,
    details: dict[str, Any] | None = None,
    summary: str = "Burn to right hand; explanation: touched the oven door.",
) -> dict[str, Any]:
    """An event as an agency would send it; every part can be replaced."""
    body: dict[str, Any] = {
        "source": {
            "agency": agency,
            "organisation": organisation,
            "record_id": record_id or f"REC-{next(_record_ids):06d}",
        },
        "type": type,
        "occurred_at": occurred_at,
        "subjects": copy.deepcopy(subjects if subjects is not None else [MAYA, LEE]),
        "details": details if details is not None else {"injury": {"kind": "burn", "site": "hand"}},
        "summary": summary,
    }
    if reported_at is not None:
        body["reported_at"] = reported_at
    return body


def social_care_body(
    type: str, when: str, subject: dict[str, Any] = MAYA, **details: Any
) -> dict[str, Any]:
    """A social-care event about one child on day `when` (YYYY-MM-DD), reported the same day."""
    return event_body(
        organisation="Riverside Children's Services",
        agency="social_care",
        type=type,
        occurred_at=f"{when}T10:00:00Z",
        reported_at=f"{when}T12:00:00Z",
        subjects=[subject],
        details=details,
    )


def organisations_register(*bodies: Any) -> None:
    """Register the organisations the bodies name, as an operator does before loading their
    events (an event from an organisation not registered is refused): those not registered
    yet, in Riverside (the cast's authority, made here if no test made it)."""
    for body in bodies:
        source = body.get("source") if isinstance(body, dict) else None
        if not isinstance(source, dict):
            continue
        name, agency = source.get("organisation"), source.get("agency")
        if not (isinstance(name, str) and name.strip() and agency in AGENCIES):
            continue
        if not Organisation.objects.filter(name=name.strip()).exists():
            riverside, _ = LocalAuthority.objects.get_or_create(
                code="RIV", defaults={"name": "Riverside"}
            )
            Organisation.objects.create(name=name.strip(), agency=agency, authority=riverside)


def record(*bodies: dict[str, Any]) -> list[ItemResult]:
    """Record events as the operator's command line would, the organisations they name
    registered first."""
    organisations_register(*bodies)
    sender = Sender(actor=Actor(label="test operator"))
    return list(events_record(items=list(enumerate(bodies)), sender=sender, received_via="test"))
