"""Grants to read one event: the partner agency participants of a strategy discussion may
read its record (Working Together: information shared is shared with those who took part)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from joinedup.access.models import EventGrant
from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write
from joinedup.chronology.models import EventVersion
from joinedup.people.models import Person


@transaction.atomic
def event_read_grant(
    *, actor: Actor, version: EventVersion, person: Person, users: Iterable[User]
) -> list[EventGrant]:
    now = timezone.now()
    grants = [
        EventGrant.objects.create(
            version=version, person=person, user=user, granted_at=now, granted_by=actor.label
        )
        for user in users
    ]
    if grants:
        access_log_write(
            actor=actor,
            action=Action.EVENT_READ_GRANTED,
            purpose="let the partner participants read the record of the strategy discussion",
            person_id=person.pk,
            detail={"version_id": version.pk, "user_ids": [g.user_id for g in grants]},
        )
    return grants
