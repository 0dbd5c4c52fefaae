"""Who holds a child's case: an append-only record of allocations to social workers.

A new allocation ends the current one (the only field ever written after creation is
`ended_at`), so "who was the allocated worker on date D" stays a query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from joinedup.people.models import Person


class Allocation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations_managed",
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    handover_note = models.TextField(blank=True)  # from the manager, for the new worker
    recorded_by = models.CharField(max_length=300)
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["person", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.person} allocated to {self.worker}"
