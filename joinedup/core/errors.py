"""The one exception for failures a user should read, and the field-level detail it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with one field of the input, in words the sender can act on."""

    field: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason}


class ApplicationError(Exception):
    def __init__(self, message: str, *, errors: list[FieldError] | None = None, status: int = 422):
        super().__init__(message)
        self.message = message
        self.errors = errors or []
        self.status = status
