"""Writes for the statutory workflow: allocating a child to a social worker."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write
from joinedup.cases.models import Allocation
from joinedup.cases.selectors import person_ids_read_as
from joinedup.people.models import Person


@transaction.atomic
def allocation_start(
    *,
    actor: Actor,
    person: Person,
    worker: User,
    manager: User | None = None,
    started_at: datetime | None = None,
    handover_note: str = "",
) -> Allocation:
    """Allocate the child to `worker` (and their `manager`), ending the current allocation
    wherever it is held: on the child, or on any record merged with it (ADR 0008)."""
    now = timezone.now()
    at = started_at or now
    Allocation.objects.filter(
        person_id__in=person_ids_read_as(person), ended_at__isnull=True
    ).update(ended_at=at)
    allocation = Allocation.objects.create(
        person=person,
        worker=worker,
        manager=manager,
        started_at=at,
        handover_note=handover_note,
        recorded_by=actor.label,
        recorded_at=now,
    )
    access_log_write(
        actor=actor,
        action=Action.ALLOCATION_STARTED,
        purpose="allocate the child's case to a social worker",
        person_id=person.pk,
        detail={
            "allocation_id": allocation.pk,
            "worker_id": worker.pk,
            "manager_id": manager.pk if manager else None,
        },
    )
    return allocation


@transaction.atomic
def allocation_end(
    *, actor: Actor, allocation: Allocation, ended_at: datetime | None = None
) -> None:
    if allocation.ended_at is not None:
        return
    allocation.ended_at = ended_at or timezone.now()
    allocation.save(update_fields=["ended_at"])
    access_log_write(
        actor=actor,
        action=Action.ALLOCATION_ENDED,
        purpose="end the child's allocation",
        person_id=allocation.person_id,
        detail={"allocation_id": allocation.pk},
    )
