"""Slowing password guessing at the sign-in form.

After `SIGN_IN_FAILURES_PER_USERNAME` failed sign-ins for one username within
`SIGN_IN_LOCK_MINUTES`, or `SIGN_IN_FAILURES_PER_ADDRESS` from one network address, the form
stops checking passwords for that username or address until the window has passed. It says
the same whether or not the username belongs to anyone, so the lock tells a guesser nothing.
Attempts refused while locked are not counted, so a guesser cannot keep a colleague locked
out for longer than one window. Attempts are kept in `SignInAttempt` (one table, so every
process and every server behind a load balancer shares the count).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Q

from joinedup.access.models import SignInAttempt


def client_address(meta: Mapping[str, Any]) -> str | None:
    """The client's network address: `REMOTE_ADDR`, or, behind a proxy that says so, the last
    address the proxy added to `SIGN_IN_CLIENT_ADDRESS_HEADER` (e.g. `HTTP_X_FORWARDED_FOR`);
    otherwise every client would share the proxy's address, and its count."""
    header = settings.SIGN_IN_CLIENT_ADDRESS_HEADER
    if header and meta.get(header):
        return str(meta[header]).split(",")[-1].strip() or None
    return meta.get("REMOTE_ADDR") or None


def _window() -> timedelta:
    return timedelta(minutes=settings.SIGN_IN_LOCK_MINUTES)


def sign_in_locked_until(*, username: str, address: str | None, now: datetime) -> datetime | None:
    """When this username or address may try again, or None if it may try now."""
    since = now - _window()
    name = username.strip().lower()
    until: datetime | None = None
    # For a username, failures since its last success count (signing in well starts the
    # count again); for an address, every failure does (one good account must not reset it).
    checks = [(Q(username=name), settings.SIGN_IN_FAILURES_PER_USERNAME, True)]
    if address:
        checks.append((Q(address=address), settings.SIGN_IN_FAILURES_PER_ADDRESS, False))
    for who, limit, resets in checks:
        start = since
        if resets:
            success = SignInAttempt.objects.filter(who, succeeded=True, at__gte=since)
            start = success.aggregate(at=Max("at"))["at"] or since
        failures = list(
            SignInAttempt.objects.filter(who, succeeded=False, at__gte=start)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(failures) >= limit:
            ends = failures[-1] + _window()  # when the oldest of the last `limit` leaves
            until = ends if until is None else max(until, ends)
    return until


def sign_in_attempt_record(
    *, username: str, address: str | None, succeeded: bool, now: datetime
) -> None:
    SignInAttempt.objects.create(
        at=now, username=username.strip().lower(), address=address or None, succeeded=succeeded
    )
