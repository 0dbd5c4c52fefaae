"""Whom a signal goes to: its rule's routes (`rules.ROUTES`) resolved to a named user, a role at
an authority or at an organisation, for the child and every record merged into it (ADR 0008).
A signal raised on a probable identity goes where its rule says and, as well, to the front door,
whose review item it waits on, and to the allocated worker if there is one (signals v1, ADR
0022). Nobody gets one signal twice."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from joinedup.cases.models import Allocation
from joinedup.core.models import LocalAuthority, Organisation
from joinedup.people.merges import MergeGroups
from joinedup.signals.facts import Finding
from joinedup.signals.models import Signal, SignalRecipient
from joinedup.signals.rules import RULES
from joinedup.signals.selectors import (
    allocations_for,
    child_authorities,
    child_authority,
    user_label,
)

# Routes to the practitioners of an organisation the finding names: (their role, what they are).
ORGANISATION_ROUTES = {
    "school_dsl": ("school_dsl", "designated safeguarding lead"),
    "health_named": ("health_practitioner", "health visitor / GP"),
    "attending_clinician": ("health_practitioner", "attending clinician"),
}


def recipients_for(
    new: list[tuple[Signal, Finding]],
    *,
    now: datetime,
    merged: MergeGroups,
    only: Collection[str] | None = None,
) -> list[SignalRecipient]:
    """Whom each new signal goes to: the allocation and authority are those of the child and
    of every record merged into it."""
    if not new:
        return []
    routing = _Routing.load(new, now=now, merged=merged)
    out: list[SignalRecipient] = []
    for signal, finding in new:
        routes = RULES[signal.rule].routes
        if signal.identity_unconfirmed:
            routes = (*routes, *PROBABLE_ROUTES)
        if only is not None:
            routes = tuple(r for r in routes if r in only)
        had: set[tuple] = set()
        for route in routes:
            for r in routing.route(route, signal, finding):
                if _whom(r) not in had:
                    had.add(_whom(r))
                    out.append(r)
    return out


# Whom a signal raised on a probable identity also goes to, until the identity is confirmed.
PROBABLE_ROUTES = ("front_door", "social_worker_if_allocated")


def _whom(r: SignalRecipient) -> tuple[int | None, str, int | None, int | None]:
    return (r.user_id, r.role, r.organisation_id, r.authority_id)


def recipients_added(
    confirmed: list[tuple[Signal, Finding]],
    *,
    now: datetime,
    merged: MergeGroups,
    only: Collection[str] | None = None,
) -> list[SignalRecipient]:
    """Whom each signal goes to now by its rule (`only` these routes) that it has not gone to
    yet: confirmed, or the school it names now known."""
    had = {
        (signal_id, user, role, organisation, authority)
        for signal_id, user, role, organisation, authority in SignalRecipient.objects.filter(
            signal_id__in=[s.pk for s, _ in confirmed]
        ).values_list("signal_id", "user_id", "role", "organisation_id", "authority_id")
    }
    return [
        r
        for r in recipients_for(confirmed, now=now, merged=merged, only=only)
        if (r.signal.pk, *_whom(r)) not in had
    ]


def managers(
    signal: Signal, allocation: Allocation | None, authority_id: int | None, now: datetime
) -> list[SignalRecipient]:
    """The allocated worker's team manager, else the team managers of the child's authority."""
    if allocation is not None and allocation.manager is not None:
        return [
            SignalRecipient(
                signal=signal,
                user=allocation.manager,
                label=f"{user_label(allocation.manager)} (team manager)",
                added_at=now,
            )
        ]
    return [
        SignalRecipient(
            signal=signal,
            role="team_manager",
            authority_id=authority_id,
            label="Team managers, children's social care",
            added_at=now,
        )
    ]


@dataclass
class _Routing:
    """What routing a batch of new signals reads, loaded once for all of them."""

    now: datetime
    merged: MergeGroups
    allocations: dict[int, Allocation]
    authorities: dict[int, int | None]
    organisations: dict[int, Organisation]
    names: dict[int, str] = field(default_factory=dict)  # local authority id -> name

    @classmethod
    def load(cls, new: list[tuple[Signal, Finding]], *, now: datetime, merged: MergeGroups):
        children = {s.person_id for s, _ in new}
        allocations = allocations_for(children, merged=merged)
        authorities = child_authorities(children, merged=merged)
        named = {o for _, f in new for o in f.route_organisations}
        organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=named)}
        return cls(now, merged, allocations, authorities, organisations)

    def route(self, route: str, signal: Signal, finding: Finding) -> list[SignalRecipient]:
        allocation = self.allocations.get(signal.person_id)
        if route in ("social_worker_or_front_door", "front_door_or_social_worker"):
            return [self.worker(signal, allocation) if allocation else self.front_door(signal)]
        if route in ("social_worker", "social_worker_if_allocated"):
            if allocation:
                return [self.worker(signal, allocation)]
            return [self.front_door(signal)] if route == "social_worker" else []
        if route == "front_door":
            return [self.front_door(signal)]
        if route == "manager":
            return managers(signal, allocation, self.authority(signal.person_id), self.now)
        if route in ORGANISATION_ROUTES:
            return self.organisation(route, signal, finding)
        return []

    def authority(self, person_id: int) -> int | None:
        if person_id not in self.authorities:
            self.authorities[person_id] = child_authority(person_id, merged=self.merged)
        return self.authorities[person_id]

    def front_door(self, signal: Signal, note: str = "") -> SignalRecipient:
        if signal.identity_unconfirmed and not note:
            note = " (identity not confirmed: the review item waits on you)"
        a = self.authority(signal.person_id)
        if a is not None and a not in self.names:
            self.names[a] = LocalAuthority.objects.get(pk=a).name
        where = self.names.get(a, "authority not known") if a is not None else "authority not known"
        return SignalRecipient(
            signal=signal,
            role="front_door",
            authority_id=a,
            label=f"Front door, {where}{note}",
            added_at=self.now,
        )

    def worker(self, signal: Signal, allocation: Allocation) -> SignalRecipient:
        return SignalRecipient(
            signal=signal,
            user=allocation.worker,
            label=f"{user_label(allocation.worker)} (allocated social worker)",
            added_at=self.now,
        )

    def organisation(self, route: str, signal: Signal, finding: Finding) -> list[SignalRecipient]:
        """The practitioners of each organisation the finding names (a school not known: the
        front door instead)."""
        role, what = ORGANISATION_ROUTES[route]
        targets = [
            self.organisations[o] for o in finding.route_organisations if o in self.organisations
        ]
        out = []
        if not targets and route == "school_dsl":
            out.append(self.front_door(signal, " (the child's school is not known)"))
        for org in targets:
            out.append(
                SignalRecipient(
                    signal=signal,
                    role=role,
                    organisation=org,
                    label=f"{org.name} ({what})",
                    added_at=self.now,
                )
            )
        return out
