"""What recording an event answers: one result per item, in the order sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from joinedup.audit.services import Actor
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.core.models import Organisation
from joinedup.people.models import Person

CREATED = "created"
CORRECTED = "corrected"
UNCHANGED = "unchanged"
REFUSED = "refused"


@dataclass
class SubjectResult:
    ref: str
    role: str
    person: Person
    outcome: str
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "role": self.role,
            "person_id": str(self.person.key),
            "match": {"outcome": self.outcome, "reasons": list(self.reasons)},
        }


@dataclass
class ItemResult:
    position: int  # line number for a file, index for a list
    status: str
    errors: list[FieldError] = field(default_factory=list)
    event_id: int | None = None
    version: int | None = None
    subjects: list[SubjectResult] = field(default_factory=list)
    message: str = ""
    http_status: int = 200
    # Values kept as sent that the contract does not know (events v1): told, never refused.
    warnings: list[FieldError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        if self.status == REFUSED:
            return {
                "position": self.position,
                "status": REFUSED,
                "message": self.message,
                "errors": [e.as_dict() for e in self.errors],
            }
        answer: dict[str, Any] = {
            "position": self.position,
            "status": self.status,
            "event_id": self.event_id,
            "version": self.version,
            "subjects": [s.as_dict() for s in self.subjects],
        }
        if self.warnings:
            answer["warnings"] = [w.as_dict() for w in self.warnings]
        return answer


@dataclass(frozen=True)
class Sender:
    """Who is sending. An API token sends only as its own organisation; the operator as any."""

    actor: Actor
    organisation: Organisation | None = None  # None: any organisation, created if unknown
    # Subjects (by `ref`) the sender names by their record: a practitioner recording in
    # JoinedUp itself, about the child whose page they are on. Linked there, never matched.
    known: dict[str, Person] = field(default_factory=dict)


def refused(position: int, error: ApplicationError) -> ItemResult:
    return ItemResult(
        position, REFUSED, errors=error.errors, message=error.message, http_status=error.status
    )
