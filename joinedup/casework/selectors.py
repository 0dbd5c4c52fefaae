"""Reads for the work: a worker's children with what is due, a team's board, what waits for a
manager's authorisation, and what was sent back."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from joinedup.access.policy import Scope, persons_visible
from joinedup.cases.clocks import DUE_SOON, OVERDUE, ClockRun, clocks_open
from joinedup.cases.models import Allocation
from joinedup.cases.selectors import CaseState, case_state_from, social_care_facts_for
from joinedup.casework.models import Approval, StepRecord, Submission
from joinedup.people.models import Person
from joinedup.signals.models import Signal

UNANSWERED = (Signal.Status.OPEN, Signal.Status.ACKNOWLEDGED)


@dataclass
class ChildWork:
    """One child on a caseload: the case, the clocks still open, the signals unanswered."""

    person: Person
    allocation: Allocation
    state: CaseState
    clocks: list[ClockRun]
    signals: list[Signal] = field(default_factory=list)
    returned: list[Submission] = field(default_factory=list)
    today: date | None = None

    @cached_property
    def attention(self) -> list[tuple[ClockRun, str]]:
        """The clocks overdue or due soon, with their status."""
        assert self.today is not None
        found = [(r, r.status(self.today)) for r in self.clocks]
        return [(r, s) for r, s in found if s in (OVERDUE, DUE_SOON)]

    @cached_property
    def overdue(self) -> list[ClockRun]:
        return [r for r, s in self.attention if s == OVERDUE]

    @property
    def next_due(self) -> ClockRun | None:
        return self.clocks[0] if self.clocks else None


def _allocations(scope: Scope, **filters: Any) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(ended_at__isnull=True, **filters)
        .filter(person__in=persons_visible(scope))
        .select_related("person", "worker", "manager")
        .order_by("person__family_name", "person__given_name", "pk")
    )


def _works(allocations: Iterable[Allocation], today: date) -> list[ChildWork]:
    allocations = list(allocations)
    ids = [a.person_id for a in allocations]
    signals: dict[int, list[Signal]] = defaultdict(list)
    for signal in Signal.objects.filter(person_id__in=ids, status__in=UNANSWERED).order_by(
        "-raised_at"
    ):
        signals[signal.person_id].append(signal)
    returned = _returned_not_resent(ids)
    facts_of = social_care_facts_for(ids)
    works = []
    for allocation in allocations:
        facts = facts_of[allocation.person_id]
        works.append(
            ChildWork(
                person=allocation.person,
                allocation=allocation,
                state=case_state_from(facts),
                clocks=clocks_open(facts),
                signals=signals[allocation.person_id],
                returned=returned.get(allocation.person_id, []),
                today=today,
            )
        )
    return works


def _returned_not_resent(ids: list[int]) -> dict[int, list[Submission]]:
    """Work sent back, by child, whose step has not been sent again since: one query."""
    latest: dict[tuple[int, str], Submission] = {}
    for submission in (
        Submission.objects.filter(person_id__in=ids)
        .select_related("approval")
        .order_by("submitted_at", "pk")
    ):
        latest[(submission.person_id, submission.step)] = submission
    returned: dict[int, list[Submission]] = defaultdict(list)
    for (person_id, _), submission in latest.items():
        approval = getattr(submission, "approval", None)
        if approval is not None and approval.outcome == Approval.RETURNED:
            returned[person_id].append(submission)
    return returned


def caseload(*, scope: Scope, worker: User, today: date) -> list[ChildWork]:
    """The worker's children, the most pressing first: overdue, then soonest due."""
    works = _works(_allocations(scope, worker=worker), today)
    return sorted(works, key=_urgency)


def _urgency(work: ChildWork) -> tuple[int, date]:
    far = date.max
    return (-len(work.overdue), work.next_due.due_on if work.next_due else far)


@dataclass
class WorkerRow:
    worker: User
    children: list[ChildWork]

    @property
    def overdue_by_clock(self) -> list[tuple[str, int]]:
        """(clock label, how many overdue), most first."""
        return Counter(r.clock.label for w in self.children for r in w.overdue).most_common()

    @property
    def signals(self) -> int:
        return sum(len(w.signals) for w in self.children)

    @property
    def overdue(self) -> int:
        return sum(len(w.overdue) for w in self.children)


def team_board(*, scope: Scope, today: date) -> list[WorkerRow]:
    """Every worker of the manager's organisation with a caseload: how many children, what is
    overdue by step, how many signals wait for an answer."""
    works = _works(_allocations(scope, worker__profile__organisation=scope.organisation), today)
    rows: dict[int, WorkerRow] = {}
    for work in works:
        worker = work.allocation.worker
        rows.setdefault(worker.pk, WorkerRow(worker, [])).children.append(work)
    return sorted(rows.values(), key=lambda r: (-r.overdue, r.worker.get_full_name()))


def awaiting_authorisation(scope: Scope) -> QuerySet[Submission]:
    """Work sent for authorisation, about children the manager may see, not yet answered."""
    return (
        Submission.objects.filter(approval__isnull=True, person__in=persons_visible(scope))
        .select_related("person", "submitted_by")
        .order_by("submitted_at")
    )


def submission_for(scope: Scope, submission_id: int) -> Submission:
    found = (
        Submission.objects.filter(pk=submission_id, person__in=persons_visible(scope))
        .select_related("person", "submitted_by")
        .first()
    )
    if found is None:
        raise Http404("No such submission")
    return found


def colleagues_to_allocate(scope: Scope) -> list[User]:
    """The social workers (and managers) of the manager's organisation."""
    return list(
        User.objects.filter(
            is_active=True,
            profile__organisation=scope.organisation,
            profile__role__in=["social_worker", "team_manager"],
        ).order_by("first_name", "last_name", "pk")
    )


PARTNER_ROLES = ("police_officer", "health_practitioner", "school_dsl")


def partners_to_name(scope: Scope) -> list[tuple[str, str]]:
    """The partner agencies' users of the authority, as (id, "Name (role, organisation)"):
    whom a strategy discussion may name as participants, to read its record."""
    if scope.authority_id is None:
        return []
    users = (
        User.objects.filter(
            is_active=True,
            profile__role__in=PARTNER_ROLES,
            profile__organisation__authority_id=scope.authority_id,
        )
        .select_related("profile__organisation")
        .order_by("profile__organisation__name", "first_name", "last_name", "pk")
    )
    return [
        (str(u.pk), f"{u.get_full_name() or u.username} ({u.profile.organisation.name})")
        for u in users
    ]


def submissions_for_person(person: Person) -> list[Submission]:
    """What was sent for authorisation about the child, newest first, with any answer."""
    return list(
        Submission.objects.filter(person=person)
        .select_related("submitted_by", "approval__decided_by")
        .order_by("-submitted_at")
    )


def step_records_for(person: Person, *, limit: int = 10) -> list[StepRecord]:
    """The steps recorded in JoinedUp about the child, newest written first, with their event
    (when it happened) and who wrote them (when written): both, for accountability."""
    return list(
        StepRecord.objects.filter(person=person)
        .select_related("version", "recorded_by")
        .order_by("-recorded_at", "-pk")[:limit]
    )
