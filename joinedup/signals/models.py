"""Raised risk signals, their evidence, whom they went to, and the responses: append-only.

A `Signal` is one rule's finding about one child and one fact pattern (`pattern_key`), raised
once. `raised_at` is knowledge time (when the partnership could first have known), never the
wall-clock moment the engine ran; `created_at` keeps the latter. Evidence rows, recipients and
responses are only ever added. The few fields written after creation are projections of those
rows kept for listing: `status`, `sentence`, `escalated_at`, `confirmed_at`.

A signal raised on a probable identity (ADR 0022) names the `review` it waits on: it is marked
"identity not confirmed" until the link is confirmed or the pattern is found without it
(`confirmed_at`), or withdrawn with the reason (a `SignalWithdrawal`) when the two are kept
apart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from joinedup.chronology.models import EventVersion
from joinedup.core.models import LocalAuthority, Organisation
from joinedup.people.models import IdentityDecision, IdentityReview, Person
from joinedup.signals.rules import RULES, Rule


class Signal(models.Model):
    # Set by `selectors.read_as_now`: the person the child is read as now (after merges), and
    # the record the signal was raised on when that is another.
    child: Person
    raised_on: Person | None

    class Status(models.TextChoices):
        OPEN = "open", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ANSWERED = "answered", "Answered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    rule = models.CharField(max_length=64, choices=[(c, r.label) for c, r in RULES.items()])
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signals")
    pattern_key = models.CharField(max_length=200)
    raised_at = models.DateTimeField()
    due_at = models.DateTimeField()
    escalate_at = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    sentence = models.TextField()
    routed_label = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    # Raised on a probable identity: the identity review it waits on (None: an ordinary signal).
    review = models.ForeignKey(
        IdentityReview, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "person", "pattern_key"], name="signal_once_per_pattern"
            )
        ]
        indexes = [
            models.Index(fields=["raised_at"]),
            models.Index(fields=["status", "escalate_at"]),
            models.Index(fields=["person", "rule"]),
            models.Index(fields=["review"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} for {self.person_id} ({self.pattern_key})"

    @property
    def rule_spec(self) -> Rule:
        return RULES[self.rule]

    @property
    def state(self) -> str:
        """open, acknowledged, escalated (unanswered past its time), answered or withdrawn."""
        if self.status == self.Status.WITHDRAWN:
            return self.status
        if self.status != self.Status.ANSWERED and self.escalated_at is not None:
            return "escalated"
        return self.status

    @property
    def identity_unconfirmed(self) -> bool:
        """Raised on a probable identity that nobody has yet confirmed or kept apart."""
        return (
            self.review_id is not None
            and self.confirmed_at is None
            and self.status != self.Status.WITHDRAWN
        )

    @property
    def state_label(self) -> str:
        return {"escalated": "Escalated"}.get(self.state) or self.get_status_display()


class SignalEvidence(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="evidence")
    version = models.ForeignKey(EventVersion, on_delete=models.PROTECT, related_name="+")
    # Whose event: the child's own, or a linked adult's (a partner's arrest).
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # A fact that makes the pattern what it is (the injury), not context (the plan it is on).
    is_key = models.BooleanField(default=True)
    added_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signal", "version"], name="signal_evidence_once")
        ]


class SignalRecipient(models.Model):
    """Who the signal went to: a named user, or a role at an organisation or authority."""

    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(max_length=300)
    escalation = models.BooleanField(default=False)
    added_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["user"]),
            models.Index(fields=["role", "organisation"]),
            models.Index(fields=["role", "authority"]),
        ]


class SignalResponse(models.Model):
    class Kind(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ACTION_TAKEN = "action_taken", "Action taken"
        NO_ACTION = "no_action", "No action needed"

    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField(blank=True)
    at = models.DateTimeField()


class SignalWithdrawal(models.Model):
    """A signal raised on a probable identity, withdrawn because the two records were kept
    apart: the decision that did it and its reason. Once per signal, never edited."""

    signal = models.OneToOneField(Signal, on_delete=models.PROTECT, related_name="withdrawal")
    decision = models.ForeignKey(
        IdentityDecision, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    at = models.DateTimeField()


class Notification(models.Model):
    """A message for a practitioner that is not a rule's finding (a clinician looked a child up)."""

    child: Person  # as on Signal: set by `selectors.read_as_now`
    raised_on: Person | None

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32, blank=True)
    authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32)
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]


class EvaluationMark(models.Model):
    """One row: the last event version, merge and unmerge the catch-up evaluated (see
    evaluation.signals_catch_up)."""

    version_id = models.BigIntegerField(default=0)
    merge_id = models.BigIntegerField(default=0)
    unmerge_id = models.BigIntegerField(default=0)
