"""Reads about a child's case: who holds it, and its statutory status derived from events.

The status ("open case", "on a child protection plan since", "looked after since") is derived
from `social_care.*` events, whichever system sent them, by one pure function,
`case_state_from`, which the risk-signal rules use too, "as known at" a moment: only events
reported by then count, so a replay of history sees what the partnership saw at the time.

Reads follow merges (ADR 0008): a survivor's case is folded from its own social-care events and
those of everyone merged into it, its allocation is the one held on any of them, and a person
merged into another is read as that survivor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db.models import Q

from joinedup.cases.models import Allocation
from joinedup.chronology.models import EventSubject
from joinedup.people.merges import merge_groups
from joinedup.people.models import Person, PersonAuthority

CLOSING_DECISIONS = frozenset({"no_further_action", "early_help", "information_and_advice"})


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
    # The steps of the process under way (cases/process.py), each the event that began it.
    contact: Any = None  # a contact awaiting the front door's decision
    assessment: Any = None  # started, not yet authorised
    assessment_done: Any = None  # the last authorised
    strategy_discussion: Any = None  # the last held in this case
    s47: Any = None  # an enquiry started, not concluded
    s47_concluded: Any = None
    conference: Any = None  # the last conference held in this case
    cin_plan_since: datetime | None = None
    cin_plan_fact: Any = None

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
        if kind in _STEPS:
            _STEPS[kind](state, f)
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


def _opened(state: CaseState, f: Any) -> None:
    if state.open_since is None:
        state.open_since, state.referral_fact = f.occurred_at, f


def _referral(state: CaseState, f: Any) -> None:
    state.contact, state.last_referral = None, f
    if f.details.get("decision") in CLOSING_DECISIONS:
        if state.open_since is None:  # decided and closed at once
            state.last_closure, state.last_closure_at = f, f.occurred_at
    else:
        _opened(state, f)


def _contact(state: CaseState, f: Any) -> None:
    state.contact = f


def _assessment_started(state: CaseState, f: Any) -> None:
    _opened(state, f)
    state.assessment = f


def _assessment_authorised(state: CaseState, f: Any) -> None:
    state.assessment, state.assessment_done = None, f


def _strategy_discussion(state: CaseState, f: Any) -> None:
    _opened(state, f)
    state.strategy_discussion = f


def _s47_started(state: CaseState, f: Any) -> None:
    _opened(state, f)
    state.s47, state.s47_concluded = f, None


def _s47_concluded(state: CaseState, f: Any) -> None:
    state.s47, state.s47_concluded = None, f


def _conference(state: CaseState, f: Any) -> None:
    _opened(state, f)
    state.conference = f


def _cin_plan_started(state: CaseState, f: Any) -> None:
    _opened(state, f)
    state.cin_plan_since, state.cin_plan_fact = f.occurred_at, f


def _cin_plan_ended(state: CaseState, f: Any) -> None:
    state.cin_plan_since, state.cin_plan_fact = None, None


# The process's steps, a fold step each; the plans, looked after and closure are above.
_STEPS = {
    "referral": _referral,
    "contact": _contact,
    "assessment_started": _assessment_started,
    "assessment_authorised": _assessment_authorised,
    "strategy_discussion": _strategy_discussion,
    "s47_started": _s47_started,
    "s47_concluded": _s47_concluded,
    "conference": _conference,
    "cin_plan_started": _cin_plan_started,
    "cin_plan_ended": _cin_plan_ended,
}


@dataclass(frozen=True)
class SocialCareRow:
    """A social-care event as the fold and the clocks read it."""

    version_id: int
    type: str
    occurred_at: datetime
    reported_at: datetime
    details: dict[str, Any]


def person_ids_read_as(person: Person) -> list[int]:
    """The ids a person's case is read from: its survivor, then everyone merged into it. No
    query for a person the access gate already knows absorbed nobody (`person_for`); one when
    the person is in no merge."""
    known = getattr(person, "_merged_ids", None)
    if known is not None:
        return list(known)
    return list(merge_groups([person.pk]).get(person.pk, (person.pk,)))


def social_care_facts(person: Person) -> list[SocialCareRow]:
    """The child's social-care events from children's social care of an authority that sees
    the child (ADR 0019): another authority's count once it is shared the record."""
    ids = person_ids_read_as(person)
    entries = EventSubject.objects.filter(
        is_current=True,
        version__type__startswith="social_care.",
        version__organisation__authority_id__in=PersonAuthority.objects.filter(
            person_id__in=ids
        ).values("authority_id"),
    )
    if len(ids) == 1:
        entries = entries.filter(person_id=ids[0])
    else:
        entries = entries.filter(person_id__in=ids)
    rows = entries.values_list(
        "version_id",
        "version__type",
        "version__occurred_at",
        "version__reported_at",
        "version__details",
    ).order_by("occurred_at", "version_id")
    if len(ids) == 1:
        return [SocialCareRow(*row) for row in rows]
    facts = {row[0]: SocialCareRow(*row) for row in rows}  # an event naming two records: once
    return list(facts.values())


def social_care_facts_for(person_ids: Iterable[int]) -> dict[int, list[SocialCareRow]]:
    """`social_care_facts` of many children in three queries, whatever their number: a
    caseload's or a team's. Keyed by the ids asked about, each read as its merge group."""
    asked = set(person_ids)
    groups = merge_groups(asked)
    members = {pk: tuple(groups.get(pk, (pk,))) for pk in asked}
    every = {m for group in members.values() for m in group}
    seen_by: dict[int, set[int]] = {}
    for person_id, authority_id in PersonAuthority.objects.filter(
        person_id__any=list(every)
    ).values_list("person_id", "authority_id"):
        seen_by.setdefault(person_id, set()).add(authority_id)
    rows: dict[int, list[tuple[Any, ...]]] = {}
    for person_id, authority_id, *row in (
        EventSubject.objects.filter(
            is_current=True, version__type__startswith="social_care.", person_id__any=list(every)
        )
        .values_list(
            "person_id",
            "version__organisation__authority_id",
            "version_id",
            "version__type",
            "version__occurred_at",
            "version__reported_at",
            "version__details",
        )
        .order_by("occurred_at", "version_id")
    ):
        rows.setdefault(person_id, []).append((authority_id, *row))
    found: dict[int, list[SocialCareRow]] = {}
    for pk, group in members.items():
        authorities = set().union(*(seen_by.get(m, set()) for m in group))
        facts = {
            row[1]: SocialCareRow(*row[1:])
            for m in group
            for row in rows.get(m, [])
            if row[0] in authorities
        }
        found[pk] = sorted(facts.values(), key=lambda f: (f.occurred_at, f.version_id))
    return found


def case_state(*, person: Person, at: datetime | None = None) -> CaseState:
    """The child's case status now (or at `at`), from every agency's social-care events."""
    return case_state_from(social_care_facts(person), at=at, known_at=at)


def allocation_current(*, person: Person, at: datetime | None = None) -> Allocation | None:
    """Who holds the child's case now (or at `at`): the allocation held on the child or anyone
    merged into it, the latest started if there are several."""
    ids = person_ids_read_as(person)
    allocations = (
        Allocation.objects.filter(person_id=ids[0])
        if len(ids) == 1
        else Allocation.objects.filter(person_id__in=ids)
    ).select_related("worker", "manager")
    if at is None:
        allocations = allocations.filter(ended_at__isnull=True)
    else:
        allocations = allocations.filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=at), started_at__lte=at
        )
    return allocations.order_by("-started_at", "-pk").first()


def allocations_current_for(
    person_ids: Iterable[int], *, groups: Mapping[int, Sequence[int]] | None = None
) -> dict[int, Allocation]:
    """The current allocation of each of many children, keyed by the ids asked about: the one
    held on the child or anyone merged into it (the latest started). One query, and one to
    learn the merges unless `groups` (`people.merges.merge_groups`) says who is read as whom."""
    asked = set(person_ids)
    if groups is None:
        groups = merge_groups(asked)
    held_for: dict[int, list[int]] = {}  # the person an allocation is held on -> ids asked
    for pk in asked:
        for member in groups.get(pk, (pk,)):
            held_for.setdefault(member, []).append(pk)
    found: dict[int, Allocation] = {}
    for allocation in (
        Allocation.objects.filter(person_id__any=list(held_for), ended_at__isnull=True)
        .select_related("worker", "manager")
        .order_by("started_at", "pk")
    ):
        for pk in held_for[allocation.person_id]:
            found[pk] = allocation
    return found
