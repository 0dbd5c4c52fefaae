"""Which signals and notifications a user may see or answer: the signals app's tables filtered
by the access policy (`access.policy`), which decides and names none of them."""

from __future__ import annotations

from django.db.models import QuerySet

from joinedup.access.policy import (
    Scope,
    can_respond,
    notifications_to,
    signals_open_to,
    signals_routed,
)
from joinedup.signals.models import Notification, Signal


def signals_visible(scope: Scope | None) -> QuerySet[Signal]:
    """Signals the user may open (`access.policy.signals_open_to`)."""
    return signals_open_to(scope, Signal.objects.all())


def signals_inbox(scope: Scope | None) -> QuerySet[Signal]:
    """The signals routed to the user or their team, for people they may see (an inbox)."""
    return signals_routed(scope, Signal.objects.all())


def can_respond_to_signal(scope: Scope, signal: Signal) -> bool:
    """Whether the user may acknowledge and answer `signal`, one they can open."""
    return can_respond(scope, Signal.objects.filter(pk=signal.pk))


def notifications_visible(scope: Scope | None) -> QuerySet[Notification]:
    """Notifications to the user, or to their role in their authority, about people they may
    see (or records merged into them)."""
    return notifications_to(scope, Notification.objects.all())
