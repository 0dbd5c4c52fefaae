"""Deciding a review item that signals wait on (ADR 0022): linked, they are ordinary signals,
routed as their rule says; kept apart, they are withdrawn with the decision's reason.

On a link the survivor is evaluated as after any merge (`evaluation.on_review_decided`): each
finding matches the signal raised on the probable identity and confirms it (`raising`), routed
with what the rule found (the school, the clinician). Whatever that leaves unconfirmed is
confirmed here. The catch-up settles decisions the after-commit hook missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from joinedup.audit.actions import Action
from joinedup.audit.services import access_log_write_many
from joinedup.core.bulk import bulk_insert
from joinedup.people.merges import MergeGroups
from joinedup.people.models import IdentityDecision
from joinedup.signals.facts import Finding
from joinedup.signals.models import Signal, SignalWithdrawal
from joinedup.signals.raising import ENGINE, signals_confirm


def signals_settle_reviews(*, review_ids: Iterable[int] | None = None) -> int:
    """Settle the signals raised on a probable identity whose review item has been decided and
    that nothing has settled yet. `review_ids` None: every decided item (the catch-up).
    Returns the signals settled."""
    waiting = Signal.objects.filter(
        review__isnull=False, confirmed_at__isnull=True, review__decision__isnull=False
    ).exclude(status=Signal.Status.WITHDRAWN)
    if review_ids is not None:
        waiting = waiting.filter(review_id__in=list(review_ids))
    signals = list(waiting.order_by("pk"))
    if not signals:
        return 0
    decisions = {
        d.review_id: d
        for d in IdentityDecision.objects.filter(review_id__in={s.review_id for s in signals})
    }
    now = timezone.now()
    link = {pk for pk, d in decisions.items() if d.decision == IdentityDecision.Decision.LINK}
    linked = [s for s in signals if s.review_id in link]
    apart = [s for s in signals if s.review_id not in link]
    with transaction.atomic():
        if linked:
            _confirm(linked, now)
        if apart:
            _withdraw(apart, decisions, now)
    return len(signals)


def _confirm(signals: list[Signal], now: datetime) -> None:
    """Linked, and no finding confirmed them: ordinary signals, routed as their rule says (a
    route needing what the rule found, the school, falls back as it does without it)."""
    signals_confirm(
        [(s, Finding(s.rule, s.pattern_key, key_facts=())) for s in signals],
        merged=MergeGroups({s.person_id for s in signals}),
        now=now,
        purpose="the identity a signal rested on was confirmed",
    )


def _withdraw(signals: list[Signal], decisions: dict[int, IdentityDecision], now: datetime) -> None:
    """Kept apart: the danger rested on two records being one person, and they are not."""
    rows = []
    for s in signals:
        d = decisions[s.review_id]  # type: ignore[index]
        s.status = Signal.Status.WITHDRAWN
        rows.append(
            SignalWithdrawal(
                signal=s,
                decision=d,
                reason=f"The records were kept apart by {d.decided_by}: {d.reason}",
                at=now,
            )
        )
    Signal.objects.bulk_update(signals, ["status"])
    bulk_insert(SignalWithdrawal, rows)
    access_log_write_many(
        actor=ENGINE,
        action=Action.SIGNAL_WITHDRAWN,
        purpose="the identity a signal rested on was kept apart",
        entries=[(s.person_id, {"signal_id": s.pk, "review_id": s.review_id}) for s in signals],
    )
