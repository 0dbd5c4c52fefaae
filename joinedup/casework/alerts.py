"""Deadlines alert, never block: once a clock's run is overdue, its owner is told, once.

The allocated worker owns a case's clocks (and their manager is told with them); with nobody
allocated, or for a contact waiting for its decision, the authority's front door. The email
says only that a deadline passed for a child they work with, and links to the child's page
(ADR 0023: never whom it is about). Run nightly: `joinedup clocks-alert`.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from joinedup.cases.clocks import OVERDUE
from joinedup.cases.selectors import allocation_current
from joinedup.casework.models import ClockAlert
from joinedup.casework.service import authority_clocks
from joinedup.core.models import LocalAuthority
from joinedup.notify.models import Notice
from joinedup.notify.services import notices_send
from joinedup.people.models import Person


def _front_door(authority_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            profile__role="front_door",
            profile__organisation__authority_id=authority_id,
            profile__organisation__agency="social_care",
        )
    )


def _owners(person: Person, owner: str, authority_id: int) -> list[User]:
    allocation = allocation_current(person=person) if owner != "front_door" else None
    if allocation is None:
        return _front_door(authority_id)
    return [u for u in (allocation.worker, allocation.manager) if u is not None]


@transaction.atomic
def clocks_alert(*, today: date) -> int:
    """Tell the owners of every overdue run not told yet; the number of alerts made."""
    made: list[ClockAlert] = []
    now = timezone.now()
    for authority_id in LocalAuthority.objects.values_list("pk", flat=True):
        for person, run, status in authority_clocks(authority_id, today).runs:
            if status != OVERDUE:
                continue
            told = set(
                ClockAlert.objects.filter(
                    person=person, clock=run.clock.code, started_by_id=run.started_by.version_id
                ).values_list("user_id", flat=True)
            )
            for user in _owners(person, run.clock.owner, authority_id):
                if user.pk in told:
                    continue
                made.append(
                    ClockAlert.objects.create(
                        person=person,
                        clock=run.clock.code,
                        started_by_id=run.started_by.version_id,
                        due_on=run.due_on,
                        user=user,
                        alerted_at=now,
                    )
                )
    notices_send(
        items=[(a.user, Notice.Kind.DEADLINE, f"/people/{a.person.key}#case") for a in made]
    )
    return len(made)
