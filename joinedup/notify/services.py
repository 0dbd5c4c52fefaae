"""Telling people by email that something waits for them in JoinedUp (ADR 0023).

`notices_send` records one `Notice` per person in the caller's transaction and hands them to
Django's email framework once it commits, so a signal rolled back sends nothing and a mail
server that fails never loses or holds up the signal: the error is recorded on the notice. The
email says only that a safeguarding notice waits and where to sign in, never whom it is about.
`settings.EMAIL` chooses how it goes: off (the default), smtp, notify (GOV.UK Notify) or
console.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from joinedup.notify.models import Notice

log = logging.getLogger(__name__)

SUBJECT = "JoinedUp: a new safeguarding notice for you"
WHAT: dict[str, str] = {
    Notice.Kind.SIGNAL: "a risk signal has been sent to you or your team",
    Notice.Kind.ESCALATION: "a risk signal nobody has answered in time has been escalated to you",
    Notice.Kind.MESSAGE: "there is a new message for you or your team",
    Notice.Kind.DEADLINE: "a statutory deadline has passed for a child you work with",
}
BODY = """A new safeguarding notice is waiting for you in {site}: {what}.

Sign in to read it: {url}

This email never says whom a notice is about. If you did not expect it, tell your manager.
"""


def notices_send(*, items: Iterable[tuple[User, str, str]]) -> list[Notice]:
    """A notice for each (user, kind, path) with an email address, each once, sent after the
    caller's transaction commits. Nothing while email is off."""
    if settings.EMAIL == "off":
        return []
    now = timezone.now()
    rows: list[Notice] = []
    seen: set[tuple[int, str, str]] = set()
    no_address = 0
    for user, kind, path in items:
        address = user.email
        if not address or not user.is_active:
            no_address += 1
            continue
        if (user.pk, kind, path) in seen:
            continue
        seen.add((user.pk, kind, path))
        rows.append(Notice(user=user, address=address, kind=kind, path=path, created_at=now))
    if no_address:
        log.warning("%d notice(s) not emailed: no address, or the account is closed", no_address)
    if rows:
        Notice.objects.bulk_create(rows)
        ids = [n.pk for n in rows]
        transaction.on_commit(lambda: notices_deliver(ids))
    return rows


def notices_deliver(ids: list[int]) -> int:
    """Send the notices not yet sent; record, for each, when it went or why it did not.
    Returns how many went."""
    notices = list(Notice.objects.filter(pk__in=ids, sent_at__isnull=True).order_by("pk"))
    sent = 0
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as exc:  # any failure of the mail service is recorded, never raised
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(error=_words(exc))
        log.error("email not sent: %s", exc)
        return 0
    try:
        for notice in notices:
            try:
                _message(notice, connection).send()
            except Exception as exc:
                Notice.objects.filter(pk=notice.pk).update(error=_words(exc))
                log.error("email notice %d not sent: %s", notice.pk, exc)
            else:
                Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now(), error="")
                sent += 1
    finally:
        connection.close()
    return sent


def _message(notice: Notice, connection) -> EmailMessage:  # type: ignore[no-untyped-def]
    body = BODY.format(
        site=settings.SITE_NAME,
        what=WHAT.get(notice.kind, WHAT[Notice.Kind.MESSAGE]),
        url=settings.SITE_URL.rstrip("/") + notice.path,
    )
    return EmailMessage(SUBJECT, body, to=[notice.address], connection=connection)


def _words(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]
