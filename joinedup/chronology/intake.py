"""Checking a chunk of decoded items before anything is stored: each against the contract,
its sender and the registered organisations. A bad item is refused with its reasons; the
others go on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from joinedup.chronology.contract import EventIn, event_parse
from joinedup.chronology.results import ItemResult, Sender, refused
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.core.models import Organisation


def chunk_check(
    chunk: list[tuple[int, Any]], sender: Sender, orgs: dict[str, Organisation]
) -> tuple[datetime, dict[int, ItemResult], list[tuple[int, EventIn]]]:
    """Check each item against the contract and its sender: (now, the refused, the good ones
    to record). `orgs` remembers the registered organisations found, by name."""
    now = timezone.now()
    results: dict[int, ItemResult] = {}
    parsed: list[tuple[int, EventIn]] = []
    for position, raw in chunk:
        if isinstance(raw, ApplicationError):
            results[position] = refused(position, raw)
            continue
        try:
            event = event_parse(raw, now=now)
        except ApplicationError as error:
            results[position] = refused(position, error)
            continue
        problem = _sender_problem(sender, event) or _organisation_problem(event, orgs)
        if problem:
            results[position] = refused(position, problem)
        else:
            parsed.append((position, event))
    return now, results, parsed


def _sender_problem(sender: Sender, event: EventIn) -> ApplicationError | None:
    org = sender.organisation
    if org is None:
        return None
    if event.organisation != org.name:
        return ApplicationError(
            "This token sends for one organisation only.",
            errors=[
                FieldError(
                    "source.organisation",
                    f"this token belongs to {org.name!r}, not {event.organisation!r}",
                )
            ],
            status=403,
        )
    if event.agency != org.agency:
        return ApplicationError(
            "The agency does not match the sending organisation.",
            errors=[FieldError("source.agency", f"{org.name!r} is a {org.agency} organisation")],
        )
    return None


def _organisation_problem(event: EventIn, orgs: dict[str, Organisation]) -> ApplicationError | None:
    """An event names a registered organisation of its own agency. A misspelt name once made a
    new organisation with no authority, whose events no social worker ever saw."""
    org = orgs.get(event.organisation)
    if org is None:
        org = Organisation.objects.filter(name=event.organisation).first()
        if org is None:
            return ApplicationError(
                "The sending organisation is not registered.",
                errors=[
                    FieldError(
                        "source.organisation",
                        f"{event.organisation!r} is not a registered organisation: check the "
                        "name, or register it (joinedup organisation add)",
                    )
                ],
            )
        orgs[event.organisation] = org
    if event.agency != org.agency:
        return ApplicationError(
            "The agency does not match the sending organisation.",
            errors=[FieldError("source.agency", f"{org.name!r} is a {org.agency} organisation")],
        )
    return None
