"""Reads about a child's case: who holds it, and its statutory status derived from events.

The status ("open case", "on a child protection plan since", "looked after since") is derived
from `social_care.*` events, whichever system sent them, by one pure function,
`case_state_from`, which the risk-signal rules use too, "as known at" a moment: only events
reported by then count, so a replay of history sees what the partnership saw at the time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db.models import Q

from joinedup.cases.models import Allocation
from joinedup.chronology.models import EventSubject
from joinedup.people.models import Person

CLOSING_DECISIONS = frozenset({"no_further_action", "early_help"})


class SocialCareFact(Protocol):
    @property
    def version_id(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def reported_at(self) -> datetime: ...
    @property
    def details(self) -> dict[str, Any]: ...


@dataclass
class CaseState:
    """A child's statutory status at one moment, with the events that establish it."""

    open_since: datetime | None = None
    referral_fact: Any = None  # the referral (or other event) that opened the current case
    cp_plan_since: datetime | None = None
    cp_plan_fact: Any = None
    looked_after_since: datetime | None = None
    looked_after_fact: Any = None
    last_referral: Any = None
    last_closure: Any = None  # a case_closed event, or a referral closed at decision
    last_closure_at: datetime | None = None

    @property
    def open_case(self) -> bool:
        return self.open_since is not None

    @property
    def on_plan_or_looked_after(self) -> bool:
        return self.cp_plan_since is not None or self.looked_after_since is not None


def case_state_from(
    facts: Iterable[SocialCareFact], *, at: datetime | None = None, known_at: datetime | None = None
) -> CaseState:
    """Fold social-care events (occurred by `at`, reported by `known_at`) into a CaseState."""
    state = CaseState()
    ordered = sorted(
        (
            f
            for f in facts
            if f.type.startswith("social_care.")
            and (at is None or f.occurred_at <= at)
            and (known_at is None or f.reported_at <= known_at)
        ),
        key=lambda f: (f.occurred_at, f.version_id),
    )
    for f in ordered:
        kind = f.type.split(".", 1)[1]
        if kind == "referral":
            state.last_referral = f
            if f.details.get("decision") in CLOSING_DECISIONS:
                if state.open_since is None:  # decided and closed at once
                    state.last_closure, state.last_closure_at = f, f.occurred_at
            elif state.open_since is None:
                state.open_since, state.referral_fact = f.occurred_at, f
        elif kind == "child_protection_plan_started":
            state.cp_plan_since, state.cp_plan_fact = f.occurred_at, f
            if state.open_since is None:
                state.open_since, state.referral_fact = f.occurred_at, f
        elif kind == "child_protection_plan_ended":
            state.cp_plan_since, state.cp_plan_fact = None, None
        elif kind == "looked_after_started":
            state.looked_after_since, state.looked_after_fact = f.occurred_at, f
            if state.open_since is None:
                state.open_since, state.referral_fact = f.occurred_at, f
        elif kind == "looked_after_ended":
            state.looked_after_since, state.looked_after_fact = None, None
        elif kind == "case_closed":
            state = CaseState(
                last_referral=state.last_referral, last_closure=f, last_closure_at=f.occurred_at
            )
    return state


@dataclass(frozen=True)
class _Fact:
    version_id: int
    type: str
    occurred_at: datetime
    reported_at: datetime
    details: dict[str, Any]


def social_care_facts(person: Person) -> list[_Fact]:
    rows = (
        EventSubject.objects.filter(
            person=person, is_current=True, version__type__startswith="social_care."
        )
        .values_list(
            "version_id",
            "version__type",
            "version__occurred_at",
            "version__reported_at",
            "version__details",
        )
        .order_by("occurred_at")
    )
    return [_Fact(*row) for row in rows]


def case_state(*, person: Person, at: datetime | None = None) -> CaseState:
    """The child's case status now (or at `at`), from every agency's social-care events."""
    return case_state_from(social_care_facts(person), at=at, known_at=at)


def allocation_current(*, person: Person, at: datetime | None = None) -> Allocation | None:
    allocations = Allocation.objects.filter(person=person).select_related("worker", "manager")
    if at is None:
        return allocations.filter(ended_at__isnull=True).order_by("-started_at").first()
    return (
        allocations.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=at), started_at__lte=at)
        .order_by("-started_at")
        .first()
    )


def allocations_current_for(person_ids: Iterable[int]) -> dict[int, Allocation]:
    """The current allocation of each of many children, in one query."""
    found: dict[int, Allocation] = {}
    for allocation in (
        Allocation.objects.filter(person_id__any=list(person_ids), ended_at__isnull=True)
        .select_related("worker", "manager")
        .order_by("started_at")
    ):
        found[allocation.person_id] = allocation
    return found
