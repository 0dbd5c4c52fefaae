"""Whom to email when a signal is routed or escalated, or a notification made (ADR 0023): each
recipient resolved to people (a named user; every active user of a role at an organisation or
at an authority's organisations), told by `notify` that something waits, never what."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Q
from django.urls import reverse

from joinedup.notify.models import Notice
from joinedup.notify.services import notices_send
from joinedup.signals.models import Notification, SignalRecipient


def signal_recipients_tell(
    recipients: Iterable[SignalRecipient], *, escalation: bool = False
) -> None:
    """In the caller's transaction: email each person the signals went to (after commit)."""
    kind = Notice.Kind.ESCALATION if escalation else Notice.Kind.SIGNAL
    recipients = list(recipients)
    people = _people(recipients)
    notices_send(
        items=[
            (user, kind, reverse("signals:signal", args=[r.signal.pk]))
            for r in recipients
            for user in people.get(_whom(r), [])
        ]
    )


def notifications_tell(notes: Iterable[Notification]) -> None:
    """In the caller's transaction: email each person a notification is for."""
    notes = list(notes)
    people = _people(notes)
    inbox = reverse("signals:inbox")
    notices_send(
        items=[
            (user, Notice.Kind.MESSAGE, inbox) for n in notes for user in people.get(_whom(n), [])
        ]
    )


def _whom(r: SignalRecipient | Notification) -> tuple[int | None, str, int | None, int | None]:
    return (r.user_id, r.role, getattr(r, "organisation_id", None), r.authority_id)


def _people(addressed: list[SignalRecipient] | list[Notification]) -> dict[tuple, list[User]]:
    """Each distinct addressee's people, in one query for all of them."""
    whoms = {_whom(r) for r in addressed}
    if not whoms:
        return {}
    match = Q(pk__in=[u for u, *_ in whoms if u is not None])
    for user, role, organisation, authority in whoms:
        if user is None and role and organisation is not None:
            match |= Q(profile__role=role, profile__organisation_id=organisation)
        elif user is None and role and authority is not None:
            match |= Q(profile__role=role, profile__organisation__authority_id=authority)
    users = list(User.objects.filter(match, is_active=True).select_related("profile__organisation"))
    out: dict[tuple, list[User]] = {}
    for whom in whoms:
        user_id, role, organisation, authority = whom
        out[whom] = [
            u
            for u in users
            if (user_id is not None and u.pk == user_id)
            or (
                user_id is None
                and hasattr(u, "profile")
                and u.profile.role == role
                and (
                    u.profile.organisation_id == organisation
                    if organisation is not None
                    else authority is not None and u.profile.organisation.authority_id == authority
                )
            )
        ]
    return out
