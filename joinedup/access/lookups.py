"""Slowing a sweep of the child protection check (the flags page and API, CP-IS model).

A clinician checks a child or two at a time; an emergency department's system checks each
attendance. One user or token may make `FLAGS_LOOKUPS_PER_WINDOW` checks within
`FLAGS_LOOKUP_WINDOW_MINUTES`; beyond that each check is refused until the window has moved
on, and the first refusal of a run is an alert: an access-log entry an auditor reads, and an
error in the server's log an operator's monitoring sees. Every check, found or not, takes at
least `FLAGS_LOOKUP_FLOOR_SECONDS`, so how long an answer takes says nothing about whether
the number is known (ADR 0006, Measurements).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import transaction

from joinedup.access.models import LookupMade
from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write

log = logging.getLogger(__name__)
T = TypeVar("T")


class TooManyLookupsError(Exception):
    def __init__(self, until: datetime):
        super().__init__(f"too many checks; next at {until:%H:%M}")
        self.until = until


def lookup_checked(*, who: str, actor: Actor, now: datetime, lookup: Callable[[], T]) -> T:
    """`lookup()` if `who` may make another check now (recording it), in at least the floor's
    time; else TooManyLookupsError, with an alert the first time a run is refused."""
    window = timedelta(minutes=settings.FLAGS_LOOKUP_WINDOW_MINUTES)
    limit = settings.FLAGS_LOOKUPS_PER_WINDOW
    started = time.monotonic()
    recent = list(
        LookupMade.objects.filter(who=who, at__gt=now - window)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        until = recent[-1] + window  # when the oldest of the last `limit` leaves the window
        _alert_once(who=who, actor=actor, now=now, since=recent[0], limit=limit)
        _pad(started)
        raise TooManyLookupsError(until)
    LookupMade.objects.create(who=who, at=now)
    try:
        return lookup()
    finally:
        _pad(started)


def _alert_once(*, who: str, actor: Actor, now: datetime, since: datetime, limit: int) -> None:
    """The first refusal since the last check that was allowed: refusals after it (the same
    sweep going on) add nothing but load."""
    if LookupMade.objects.filter(who=f"refused:{who}", at__gte=since).exists():
        return
    LookupMade.objects.create(who=f"refused:{who}", at=now)
    minutes = settings.FLAGS_LOOKUP_WINDOW_MINUTES
    log.error(
        "child protection checks refused: %s made %d in %d minutes", actor.label, limit, minutes
    )
    with transaction.atomic():
        access_log_write(
            actor=actor,
            action=Action.FLAGS_LOOKUP_REFUSED,
            purpose="child protection checks beyond the limit: a possible sweep",
            detail={"checks": limit, "minutes": minutes},
        )


def _pad(started: float) -> None:
    left = settings.FLAGS_LOOKUP_FLOOR_SECONDS - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)
