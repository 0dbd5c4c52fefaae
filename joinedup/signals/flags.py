"""The clinician's check, child protection information sharing (the NHS CP-IS model): is there
a child protection plan or looked-after status for an NHS number, since when, whom to call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write_many
from joinedup.cases.selectors import allocation_current, case_state
from joinedup.core.calendar import local_date
from joinedup.core.models import Organisation
from joinedup.people.identifiers import nhs_number_normalise
from joinedup.people.merges import MergeGroups, person_ids_merged_into_known
from joinedup.people.models import Person, PersonIdentifier
from joinedup.signals.notices import notification_lookup
from joinedup.signals.selectors import child_authority, user_label


@dataclass(frozen=True)
class Flags:
    person: Person
    cp_plan_since: datetime | None
    looked_after_since: datetime | None
    contact_name: str
    contact_role: str
    contact_phone: str
    contact_organisation: str

    @property
    def flagged(self) -> bool:
        return self.cp_plan_since is not None or self.looked_after_since is not None

    def as_dict(self) -> dict[str, Any]:
        def day(moment: datetime | None) -> str | None:
            return local_date(moment).isoformat() if moment else None

        return {
            "person_id": str(self.person.key),
            "name": self.person.display_name,
            "dob": self.person.dob.isoformat() if self.person.dob else None,
            "child_protection_plan": {
                "active": self.cp_plan_since is not None,
                "since": day(self.cp_plan_since),
            },
            "looked_after": {
                "active": self.looked_after_since is not None,
                "since": day(self.looked_after_since),
            },
            "contact": {
                "name": self.contact_name,
                "role": self.contact_role,
                "phone": self.contact_phone,
                "organisation": self.contact_organisation,
            },
        }


@transaction.atomic
def flags_lookup(*, actor: Actor, nhs_number: str, who: str) -> Flags | None:
    """Is there a child protection plan or looked-after status for this NHS number, since when,
    and whom to call. Every lookup is logged; a lookup of a flagged child notifies the child's
    social worker (or the front door) that a clinician asked. None: nothing recorded."""
    number = nhs_number_normalise(nhs_number) or ""
    person, merged = _person_holding(number)
    state = case_state(person=person) if person is not None else None
    flagged = state is not None and state.on_plan_or_looked_after
    access_log_write_many(
        actor=actor,
        action=Action.FLAGS_LOOKUP,
        purpose="clinician checked child protection status (CP-IS)",
        entries=[
            (
                person.pk if person else None,
                {"nhs_number_last4": number[-4:], "found": person is not None, "flagged": flagged},
            )
        ],
    )
    if person is None or state is None or not flagged:
        return None
    name, role, phone, organisation = _contact(person, merged)
    notification_lookup(actor=actor, person=person, who=who)
    return Flags(
        person=person,
        cp_plan_since=state.cp_plan_since,
        looked_after_since=state.looked_after_since,
        contact_name=name,
        contact_role=role,
        contact_phone=phone,
        contact_organisation=organisation,
    )


def _person_holding(number: str) -> tuple[Person | None, MergeGroups | None]:
    """The person an NHS number is held on. The number may be held on a record merged into
    another: the answer is the survivor's, read over every record merged into it (ADR 0008)."""
    held_by = (
        PersonIdentifier.objects.filter(scheme="nhs_number", value=number)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .first()
    )
    if held_by is None:
        return None, None
    merged = MergeGroups([held_by])
    person = Person.objects.get(pk=merged.read_as(held_by))
    person_ids_merged_into_known(person, list(merged.group(person.pk)))
    return person, merged


def _contact(person: Person, merged: MergeGroups | None) -> tuple[str, str, str, str]:
    """Whom to call, as (name, role, phone, organisation): the allocated social worker, else
    the front door of children's social care of the child's authority."""
    allocation = allocation_current(person=person)
    authority = child_authority(person.pk, merged=merged)
    csc = (
        Organisation.objects.filter(agency="social_care", authority_id=authority)
        .order_by("pk")
        .first()
    )
    if allocation is None:
        phone = csc.contact_phone if csc else ""
        organisation = csc.name if csc else ""
        return "Front door (children's social care)", "Duty team", phone, organisation
    profile = getattr(allocation.worker, "profile", None)
    phone = (profile.phone if profile else "") or (csc.contact_phone if csc else "")
    organisation = profile.organisation.name if profile else (csc.name if csc else "")
    return user_label(allocation.worker), "Allocated social worker", phone, organisation
