"""The service's view of its clocks: every child children's social care of the authority holds
a case for, read from its social-care events in one query and folded child by child. The front
door's list of contacts awaiting a decision and the service board come from here."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, Q, QuerySet

from joinedup.access.policy import Scope
from joinedup.cases.clocks import (
    CASE_CLOSED,
    DUE_SOON,
    OVERDUE,
    PLAN_ENDED,
    PLAN_STARTED,
    RUNNING,
    ClockRun,
    clocks,
    clocks_open,
)
from joinedup.cases.selectors import SocialCareRow
from joinedup.chronology.models import EventSubject
from joinedup.people.merges import merge_groups, survivors_of
from joinedup.people.models import Person


@dataclass
class ServiceClocks:
    runs: list[tuple[Person, ClockRun, str]]  # every open run: the child, the run, its status

    def counts(self) -> list[tuple[str, dict[str, int]]]:
        """Per clock, how many are overdue, due soon and running."""
        counted: dict[str, Counter[str]] = defaultdict(Counter)
        for _, run, status in self.runs:
            counted[run.clock.label][status] += 1
        return [
            (label, {"overdue": c[OVERDUE], "due_soon": c[DUE_SOON], "running": c[RUNNING]})
            for label, c in sorted(counted.items(), key=lambda item: -item[1][OVERDUE])
        ]


def service_clocks(scope: Scope, today: date, *, only: tuple[str, ...] = ()) -> ServiceClocks:
    """The open clocks of every child the authority's children's social care recorded about,
    for a scope that sees all the authority's children (`only`: these clocks' codes)."""
    if scope.authority_id is None or not scope.sees_all_agencies:
        return ServiceClocks([])
    return authority_clocks(scope.authority_id, today, only=only)


def authority_clocks(
    authority_id: int, today: date, *, only: tuple[str, ...] = ()
) -> ServiceClocks:
    """The open clocks of every child the authority's children's social care recorded about;
    with `only`, of those clocks, reading only the events that start, meet or stop them."""
    entries = EventSubject.objects.filter(
        is_current=True,
        version__type__startswith="social_care.",
        version__organisation__authority_id=authority_id,
    )
    if only:
        # Only a child with an event that starts one of these clocks can have one open: at a
        # million events, 334 contacts beside 61,618 referrals.
        started = entries.filter(version__type__in=_starts_of(only))
        entries = entries.filter(
            version__type__in=_types_of(only), person_id__any=_with_merged(started)
        )
    entries = entries.filter(person_id__any=_not_closed(entries))
    rows = entries.values_list(
        "person_id",
        "version_id",
        "version__type",
        "version__occurred_at",
        "version__reported_at",
        "version__details",
    )
    facts: dict[int, dict[int, Any]] = defaultdict(dict)
    found = list(rows)
    survivors = survivors_of({row[0] for row in found})
    for person_id, *fact in found:
        facts[survivors.get(person_id, person_id)][fact[0]] = SocialCareRow(*fact)
    people = Person.objects.in_bulk(list(facts))
    runs = [
        (people[pk], run, run.status(today))
        for pk, held in facts.items()
        for run in clocks_open(held.values())
        if not only or run.clock.code in only
    ]
    runs.sort(key=lambda r: (r[1].due_on, r[0].pk))
    return ServiceClocks(runs)


def _not_closed(entries: QuerySet[EventSubject]) -> list[int]:
    """The children with an event since their last closure, or never closed, with everyone
    merged with one of them: a closure stops every clock, so the others have none open. One
    aggregate query, no details read."""
    closure = Q(version__type=CASE_CLOSED.type)
    last = entries.values("person_id").annotate(
        closed=Max("occurred_at", filter=closure), other=Max("occurred_at", filter=~closure)
    )
    every, wanted = set(), set()
    for row in last:
        every.add(row["person_id"])
        if row["closed"] is None or (row["other"] is not None and row["other"] >= row["closed"]):
            wanted.add(row["person_id"])
    survivors = survivors_of(every)
    groups_wanted = {survivors.get(pk, pk) for pk in wanted}
    return [pk for pk in every if survivors.get(pk, pk) in groups_wanted]


def _starts_of(codes: tuple[str, ...]) -> list[str]:
    return sorted({w.type for c in clocks() if c.code in codes for w in c.starts})


def _with_merged(entries: QuerySet[EventSubject]) -> list[int]:
    """The entries' people, with everyone merged with one of them."""
    ids = set(entries.values_list("person_id", flat=True).distinct())
    return sorted(ids | {m for group in merge_groups(ids).values() for m in group})


def _types_of(codes: tuple[str, ...]) -> list[str]:
    """The event types that start, meet or stop these clocks (and, for one that runs only on
    a plan, those that start and end the plan)."""
    types = {PLAN_STARTED.type, PLAN_ENDED.type, CASE_CLOSED.type}
    for clock in clocks():
        if clock.code in codes:
            types |= {w.type for w in (*clock.starts, *clock.meets, *clock.stops)}
    return sorted(types)
