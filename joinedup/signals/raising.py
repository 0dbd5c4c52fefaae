"""Findings become signals. A finding joins the signal already raised for its pattern (the
same key, or sharing a key fact, on the child or on a record merged into it, ADR 0008) as new
evidence, or raises a new signal, routed before it is stored (ADR 0006).

Findings made on a probable identity (`probable`, ADR 0022) are raised with the review they wait
on and a pattern key of their own: they never add evidence to a signal raised on confirmed
records or on another probable identity. An ordinary finding that matches a signal raised on a
probable identity confirms it: the pattern no longer rests on the doubtful link."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write_many
from joinedup.core.bulk import bulk_insert
from joinedup.core.calendar import (
    local_date,
    one_working_day_after,
    school_day_start_after,
    start_of_day,
    working_day_end,
)
from joinedup.people.merges import MergeGroups
from joinedup.people.services import identity_reviews_hasten
from joinedup.signals.delivery import signal_recipients_tell
from joinedup.signals.facts import Finding
from joinedup.signals.models import Signal, SignalEvidence, SignalRecipient
from joinedup.signals.routing import ORGANISATION_ROUTES, recipients_added, recipients_for
from joinedup.signals.rules import RULES

log = logging.getLogger(__name__)

ENGINE = Actor(label="JoinedUp risk signals")  # who the access log says raised and escalated


def signals_raise(
    findings: dict[int, list[Finding]],
    merged: MergeGroups,
    *,
    all_new: bool = False,
    review: int | None = None,
) -> int:
    """Raise what the findings (child id -> findings) show, or add them as evidence to the
    signals already raised. Returns the signals raised. `all_new`: the caller has already
    dropped every finding raised before. `review`: the findings rest on the probable identity
    this review item asks about (`merged` reads the two as one)."""
    if not any(findings.values()):
        return 0
    if review is not None:
        findings = {
            pk: [replace(f, pattern_key=probable_key(f.pattern_key, review)) for f in found]
            for pk, found in findings.items()
        }
    # Most evaluations re-find patterns already raised with all their evidence: check that
    # without a transaction (on SQLite, a write lock) and write only when there is news.
    if not all_new and not _news(findings, merged, review):
        return 0
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _raise(findings, merged, review)
        except IntegrityError:  # the same pattern raised at the same time by another worker
            if attempt == 2:
                raise
            log.info("signal raised concurrently; evaluating again")
    return 0


def probable_key(pattern_key: str, review: int) -> str:
    """A pattern found on a probable identity is its own pattern until confirmed: kept apart,
    it is withdrawn, and another review item may find the same pattern again."""
    return f"{pattern_key}~review:{review}"


def _news(findings: dict[int, list[Finding]], merged: MergeGroups, review: int | None) -> int:
    """How many signals, evidence rows and confirmations the findings would add; writes
    nothing."""
    outcome = _match(findings, merged, timezone.now(), review)
    return len(outcome.new) + len(outcome.evidence) + len(outcome.confirmed) + len(outcome.rerouted)


def _raise(findings: dict[int, list[Finding]], merged: MergeGroups, review: int | None) -> int:
    """Write what the findings add, in the caller's transaction. Returns the signals raised."""
    now = timezone.now()
    outcome = _match(findings, merged, now, review)
    _store(outcome, merged, now)
    return len(outcome.new)


@dataclass
class _Open:
    """A signal raised (or about to be), with the versions already its evidence."""

    signal: Signal
    versions: set[int] = field(default_factory=set)


@dataclass
class _Outcome:
    """What a set of findings adds: new signals, new evidence rows, and the signals raised
    before that gained key evidence (a new sentence, opened again if answered)."""

    new: list[tuple[Signal, Finding]] = field(default_factory=list)
    evidence: list[SignalEvidence] = field(default_factory=list)
    resentenced: dict[int, Signal] = field(default_factory=dict)
    # Raised on a probable identity, now found on confirmed records: signal id -> (it, finding).
    confirmed: dict[int, tuple[Signal, Finding]] = field(default_factory=dict)
    # Raised before, going to no organisation, naming one now (the school, learnt later).
    rerouted: list[tuple[Signal, Finding]] = field(default_factory=list)


@dataclass
class _Held:
    """The signals already raised about some children for some rules, each found by its
    (child, rule, pattern key) or by (child, rule, event id of a key fact)."""

    by_key: dict[tuple[int, str, str], _Open] = field(default_factory=dict)
    by_fact: dict[tuple[int, str, int], _Open] = field(default_factory=dict)

    @classmethod
    def load(cls, children: list[int], rules: set[str], merged: MergeGroups) -> _Held:
        # A child's signals may be held on it or on a record merged into it (ADR 0008): they
        # are the child's, keyed by the child, so a pattern already raised is not raised again.
        held = cls()
        held_on = merged.members(children)
        opened: dict[int, _Open] = {}
        # A withdrawn signal rested on an identity kept apart: nothing is added to it.
        signals = Signal.objects.filter(person_id__any=list(held_on), rule__in=rules)
        for s in signals.exclude(status=Signal.Status.WITHDRAWN).order_by("pk"):
            child = held_on[s.person_id]
            opened[s.pk] = _Open(s)
            if (child, s.rule, s.pattern_key) not in held.by_key or s.person_id == child:
                held.by_key[(child, s.rule, s.pattern_key)] = opened[s.pk]
        for signal_id, person_id, rule, vid, eid, is_key in (
            SignalEvidence.objects.filter(
                signal__person_id__any=list(held_on), signal__rule__in=rules
            )
            .exclude(signal__status=Signal.Status.WITHDRAWN)
            .values_list(
                "signal_id",
                "signal__person_id",
                "signal__rule",
                "version_id",
                "version__event_id",
                "is_key",
            )
        ):
            entry = opened[signal_id]
            entry.versions.add(vid)
            if is_key:
                held.by_fact[(held_on[person_id], rule, eid)] = entry
        return held

    def find(self, child: int, finding: Finding) -> _Open | None:
        return self.by_key.get((child, finding.rule, finding.pattern_key)) or next(
            (
                self.by_fact[(child, finding.rule, f.event_id)]
                for f in finding.key_facts
                if (child, finding.rule, f.event_id) in self.by_fact
            ),
            None,
        )


def _match(
    findings: dict[int, list[Finding]], merged: MergeGroups, now: datetime, review: int | None
) -> _Outcome:
    """Each finding, oldest knowledge first, matched to a signal held or new."""
    children = [pk for pk, found in findings.items() if found]
    held = _Held.load(children, {f.rule for pk in children for f in findings[pk]}, merged)
    outcome = _Outcome()
    routed: list[tuple[Signal, Finding]] = []
    for pk in children:
        for finding in sorted(findings[pk], key=lambda f: f.knowledge_time):
            entry = held.find(pk, finding)
            if entry is None:
                signal = _signal_new(pk, finding, now, review)
                entry = held.by_key[(pk, finding.rule, finding.pattern_key)] = _Open(signal)
                outcome.new.append((signal, finding))
            elif review is not None and entry.signal.review_id != review:
                continue  # raised on confirmed records, or on another probable identity
            elif (
                review is None and entry.signal.pk is not None and entry.signal.identity_unconfirmed
            ):
                outcome.confirmed[entry.signal.pk] = (entry.signal, finding)
            _evidence_add(entry, pk, finding, held, outcome, now)
            if entry.signal.pk is not None and finding.route_organisations:
                routed.append((entry.signal, finding))
    outcome.rerouted = _not_routed_yet(routed)
    return outcome


def _not_routed_yet(routed: list[tuple[Signal, Finding]]) -> list[tuple[Signal, Finding]]:
    """Of the signals raised before whose findings now name organisations to route to, those
    that went to none when raised: the school was not known then, and is now."""
    if not routed:
        return []
    had = set(
        SignalRecipient.objects.filter(
            signal_id__in={s.pk for s, _ in routed}, organisation__isnull=False
        ).values_list("signal_id", flat=True)
    )
    return list({s.pk: (s, f) for s, f in routed if s.pk not in had}.values())


def _evidence_add(
    entry: _Open, child: int, finding: Finding, held: _Held, outcome: _Outcome, now: datetime
) -> None:
    """The finding's evidence the signal does not have yet; key evidence rewords the signal
    and opens it again if it was answered."""
    keys = {f.version_id for f in finding.key_facts}
    added = False
    for f in finding.evidence:
        if f.version_id in entry.versions:
            continue
        entry.versions.add(f.version_id)
        outcome.evidence.append(
            SignalEvidence(
                signal=entry.signal,
                version_id=f.version_id,
                person_id=f.person_id,
                is_key=f.version_id in keys,
                added_at=now,
            )
        )
        added = added or f.version_id in keys
        if f.version_id in keys:
            held.by_fact[(child, finding.rule, f.event_id)] = entry
    if added and entry.signal.pk is not None:
        entry.signal.sentence = finding.sentence
        outcome.resentenced[entry.signal.pk] = entry.signal
        if entry.signal.status == Signal.Status.ANSWERED:
            entry.signal.status = Signal.Status.OPEN


def _store(outcome: _Outcome, merged: MergeGroups, now: datetime) -> None:
    # Routed before they are stored, so each signal is written once with its recipients' names.
    recipients = recipients_for(outcome.new, now=now, merged=merged)
    labels: dict[int, list[str]] = defaultdict(list)
    for r in recipients:
        labels[id(r.signal)].append(r.label)
    for s, _ in outcome.new:
        s.routed_label = "; ".join(labels[id(s)])
    bulk_insert(Signal, [s for s, _ in outcome.new])
    bulk_insert(SignalEvidence, outcome.evidence)
    bulk_insert(SignalRecipient, recipients)
    signal_recipients_tell(recipients)
    if outcome.resentenced:
        Signal.objects.bulk_update(list(outcome.resentenced.values()), ["sentence", "status"])
    entries: list[tuple[int | None, dict[str, Any]]] = [
        (
            s.person_id,
            {"signal_id": s.pk, "rule": s.rule, "pattern": s.pattern_key}
            | ({"identity_not_confirmed": True, "review_id": s.review_id} if s.review_id else {}),
        )
        for s, _ in outcome.new
    ]
    entries += [
        (s.person_id, {"signal_id": s.pk, "rule": s.rule, "evidence_added": True})
        for s in outcome.resentenced.values()
    ]
    access_log_write_many(
        actor=ENGINE,
        action=Action.SIGNAL_RAISED,
        purpose="risk rules evaluated on the events agencies sent",
        entries=entries,
    )
    _hasten_reviews([s for s, _ in outcome.new if s.review_id is not None])
    if outcome.confirmed:
        signals_confirm(
            list(outcome.confirmed.values()),
            merged=merged,
            now=now,
            purpose="a signal raised on a probable identity is found on confirmed records",
        )
    if outcome.rerouted:
        recipients_add(outcome.rerouted, merged=merged, now=now, only=ORGANISATION_ROUTES)


def recipients_add(
    signals: list[tuple[Signal, Finding]],
    *,
    merged: MergeGroups,
    now: datetime,
    only: Collection[str] | None = None,
) -> None:
    """Route signals raised before to whoever their rule (`only` these routes) now names and
    they have not gone to; each told by email."""
    added = recipients_added(signals, now=now, merged=merged, only=only)
    bulk_insert(SignalRecipient, added)
    signal_recipients_tell(added)


def _hasten_reviews(probable: list[Signal]) -> None:
    """A review item a danger waits on is due when its signal escalates: the same working day."""
    if probable:
        identity_reviews_hasten(
            dues=[(s.review_id, s.escalate_at) for s in probable if s.review_id is not None],
            reason="a risk signal waits on this decision",
        )


def signals_confirm(
    confirmed: list[tuple[Signal, Finding]], *, merged: MergeGroups, now: datetime, purpose: str
) -> None:
    """Signals that rested on a probable identity and no longer do (the link confirmed, or the
    pattern found on confirmed records): ordinary signals, routed as their rule says to whoever
    has not had them yet. In the caller's transaction."""
    for s, _ in confirmed:
        s.confirmed_at = now
    Signal.objects.bulk_update([s for s, _ in confirmed], ["confirmed_at"])
    recipients_add(confirmed, merged=merged, now=now)
    access_log_write_many(
        actor=ENGINE,
        action=Action.SIGNAL_CONFIRMED,
        purpose=purpose,
        entries=[
            (s.person_id, {"signal_id": s.pk, "rule": s.rule, "review_id": s.review_id})
            for s, _ in confirmed
        ],
    )


def _signal_new(person_id: int, finding: Finding, now: datetime, review: int | None) -> Signal:
    raised = finding.knowledge_time
    rule = RULES[finding.rule]
    if rule.due == "same_day":
        due = start_of_day(local_date(raised) + timedelta(days=1))
    elif rule.due == "next_school_day":
        due = school_day_start_after(raised)
    else:
        due = one_working_day_after(raised)
    escalate = one_working_day_after(max(raised, now))
    if review is not None:  # the review it waits on is due the same working day, and escalates
        due = min(due, working_day_end(raised))
        escalate = working_day_end(max(raised, now))
    return Signal(
        rule=finding.rule,
        person_id=person_id,
        pattern_key=finding.pattern_key,
        raised_at=raised,
        due_at=due,
        escalate_at=escalate,
        sentence=finding.sentence,
        created_at=now,
        review_id=review,
    )
