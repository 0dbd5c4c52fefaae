"""People acting on signals: acknowledging and answering them, and the escalation of those
left unanswered to a manager."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.access.policy import Scope
from joinedup.audit.actions import Action
from joinedup.audit.services import access_log_write_many
from joinedup.core.errors import ApplicationError
from joinedup.people.merges import MergeGroups
from joinedup.signals.delivery import signal_recipients_tell
from joinedup.signals.models import Signal, SignalRecipient, SignalResponse
from joinedup.signals.raising import ENGINE
from joinedup.signals.routing import managers
from joinedup.signals.selectors import allocations_for, child_authorities


def signal_acknowledge(*, scope: Scope, signal: Signal) -> SignalResponse:
    """The recipient says they have seen it. Answering is still required."""
    return _respond(scope, signal, SignalResponse.Kind.ACKNOWLEDGED, "")


def signal_respond(*, scope: Scope, signal: Signal, kind: str, text: str) -> SignalResponse:
    """The recorded response: the action taken, or why none is needed."""
    if kind not in (SignalResponse.Kind.ACTION_TAKEN, SignalResponse.Kind.NO_ACTION):
        raise ApplicationError("Choose whether action was taken or why none is needed.")
    if not text.strip():
        raise ApplicationError(
            "Say what action was taken, or why none is needed."
            if kind == SignalResponse.Kind.ACTION_TAKEN
            else "Say why no action is needed."
        )
    return _respond(scope, signal, kind, text.strip())


@transaction.atomic
def _respond(scope: Scope, signal: Signal, kind: str, text: str) -> SignalResponse:
    assert scope.user_id is not None, "a signal is answered by a person, not a system"
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    response = SignalResponse.objects.create(
        signal=signal,
        user_id=scope.user_id,
        actor_label=scope.label,
        kind=kind,
        text=text,
        at=timezone.now(),
    )
    if kind == SignalResponse.Kind.ACKNOWLEDGED:
        if signal.status == Signal.Status.OPEN:
            signal.status = Signal.Status.ACKNOWLEDGED
    else:
        signal.status = Signal.Status.ANSWERED
    signal.save(update_fields=["status"])
    access_log_write_many(
        actor=scope.actor,
        action=Action(f"signal_{kind}"),
        purpose="respond to a risk signal",
        entries=[(signal.person_id, {"signal_id": signal.pk, "response_id": response.pk})],
    )
    return response


def signals_escalate(*, now: datetime) -> int:
    """Unanswered signals past one working day go to the manager as well; so do signals raised
    on a probable identity whose review item is not decided by the end of the working day,
    answered or not (ADR 0022)."""
    unanswered = Q(status__in=[Signal.Status.OPEN, Signal.Status.ACKNOWLEDGED])
    review_waits = Q(
        review__isnull=False,
        confirmed_at__isnull=True,
        review__decision__isnull=True,
        status=Signal.Status.ANSWERED,
    )
    due = list(
        Signal.objects.filter(escalated_at__isnull=True, escalate_at__lte=now)
        .filter(unanswered | review_waits)
        .order_by("pk")
    )
    if not due:
        return 0
    stamp = timezone.now()
    with transaction.atomic():
        merged = MergeGroups({s.person_id for s in due})
        allocations = allocations_for({s.person_id for s in due}, merged=merged)
        authorities = child_authorities({s.person_id for s in due}, merged=merged)
        recipients: list[SignalRecipient] = []
        for signal in due:
            signal.escalated_at = now
            for r in managers(
                signal, allocations.get(signal.person_id), authorities[signal.person_id], stamp
            ):
                r.escalation = True
                r.label += (
                    " (escalated: the identity review it waits on is not decided)"
                    if signal.identity_unconfirmed
                    else " (escalated: unanswered after one working day)"
                )
                recipients.append(r)
        Signal.objects.bulk_update(due, ["escalated_at"])
        SignalRecipient.objects.bulk_create(recipients)
        signal_recipients_tell(recipients, escalation=True)
        access_log_write_many(
            actor=ENGINE,
            action=Action.SIGNAL_ESCALATED,
            purpose="unanswered risk signal escalated to the manager",
            entries=[(s.person_id, {"signal_id": s.pk}) for s in due],
        )
    return len(due)
