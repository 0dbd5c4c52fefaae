"""Each email notice JoinedUp sent, or tried to: to whom, why, and what became of it.

A notice says only that something waits for the recipient and where to sign in: never a
child's name or any detail of a record (ADR 0023). `sent_at` and `error` are written once the
mail server or GOV.UK Notify has answered; nothing else is edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notice(models.Model):
    class Kind(models.TextChoices):
        SIGNAL = "signal", "A new risk signal"
        ESCALATION = "escalation", "A risk signal escalated"
        MESSAGE = "message", "A new message"
        DEADLINE = "deadline", "A statutory deadline passed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    address = models.EmailField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    path = models.CharField(max_length=200)  # where to sign in to, on this site: "/signals/12"
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]
