"""Notifications that are not signals: a record shared with an authority, a record sent from
another authority's organisation (ADR 0019), a clinician's child protection check."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.utils import timezone

from joinedup.audit.services import Actor
from joinedup.chronology.models import EventSubject
from joinedup.people.models import Person, PersonAuthority
from joinedup.signals.delivery import notifications_tell
from joinedup.signals.models import Notification
from joinedup.signals.selectors import allocations_for, child_authority


def on_share_recorded(share_id: int) -> None:
    """After-commit listener (people.hooks): tell the authority a record was shared with."""
    share = PersonAuthority.objects.select_related("person", "authority").get(pk=share_id)
    note = Notification.objects.create(
        person=share.person,
        role="front_door",
        authority=share.authority,
        kind="record_shared",
        text=(
            f"{share.decided_by} shared {share.person.display_name}'s record with "
            f"{share.authority.name}: {share.reason}"
        ),
        created_at=timezone.now(),
    )
    notifications_tell([note])


def notices_sent_from_elsewhere(*, version_ids: list[int]) -> int:
    """Tell each authority that sees a person when an organisation of another authority first
    sends about them (ADR 0019): that authority sees nothing more, and the one holding the
    record decides whether to share it. Idempotent: told once per person and organisation.
    Returns the notices made."""
    sent = _senders(version_ids)
    if not sent:
        return 0
    holders = _holders(list({p for p, _ in sent}))
    now = timezone.now()
    made = 0
    for (person_id, _org_id), (org_name, authority_id, authority_name) in sorted(sent.items()):
        held_by = holders.get(person_id, set())
        if not held_by or authority_id in held_by:
            continue
        person = Person.objects.get(pk=person_id)
        text = (
            f"{org_name} ({authority_name}) sent a record about {person.display_name}. Staff "
            f"of {authority_name} cannot see this record: share it from the person's page if "
            "they should."
        )
        made += _tell_holders(person_id, held_by, text, now)
    return made


def _senders(version_ids: list[int]) -> dict[tuple[int, int], tuple[str, int, str]]:
    """(person, organisation) -> (organisation's name, its authority, the authority's name),
    for each organisation of an authority that sent these versions."""
    sent: dict[tuple[int, int], tuple[str, int, str]] = {}
    for person_id, org_id, org_name, authority_id, authority_name in EventSubject.objects.filter(
        version_id__any=version_ids, version__organisation__authority__isnull=False
    ).values_list(
        "person_id",
        "version__organisation_id",
        "version__organisation__name",
        "version__organisation__authority_id",
        "version__organisation__authority__name",
    ):
        sent[(person_id, org_id)] = (org_name, authority_id, authority_name)
    return sent


def _holders(person_ids: list[int]) -> dict[int, set[int]]:
    """person -> the authorities that see them (recorded first, or were shared the record)."""
    holders: dict[int, set[int]] = defaultdict(set)
    for person_id, authority_id in PersonAuthority.objects.filter(
        person_id__any=person_ids
    ).values_list("person_id", "authority_id"):
        holders[person_id].add(authority_id)
    return holders


def _tell_holders(person_id: int, held_by: set[int], text: str, now: datetime) -> int:
    made = 0
    for holder in sorted(held_by):
        note, created = Notification.objects.get_or_create(
            person_id=person_id,
            role="front_door",
            authority_id=holder,
            kind="sent_from_elsewhere",
            text=text,
            defaults={"created_at": now},
        )
        made += created
        if created:
            notifications_tell([note])
    return made


def notification_lookup(*, actor: Actor, person: Person, who: str) -> list[Notification]:
    """Tell the child's social worker (else the front door) that a clinician looked them up.

    Called inside the lookup's transaction, which also writes the access log.
    """
    now = timezone.now()
    allocation = allocations_for([person.pk]).get(person.pk)
    text = f"{who} looked up {person.display_name}'s child protection status at {now:%H:%M}."
    if allocation is not None:
        notes = [
            Notification(person=person, user=allocation.worker, kind="flags_lookup", text=text)
        ]
    else:
        notes = [
            Notification(
                person=person,
                role="front_door",
                authority_id=child_authority(person.pk),
                kind="flags_lookup",
                text=text,
            )
        ]
    for n in notes:
        n.created_at = now
    made = Notification.objects.bulk_create(notes)
    notifications_tell(made)
    return made
