"""The demo team's work in progress, made through the app's own services once the borough's
events are loaded, so a newcomer signing in finds the statutory process alive:

- every open case allocated (`allocation_start`), the demo team manager their manager: about
  fifteen children to the demo social worker, some on plans whose visits are due or overdue,
  some with an assessment running; the rest to two colleagues, so the team board has rows;
- contacts from yesterday and today awaiting the front door's decision (`step_record`);
- an assessment and a closure waiting for the team manager's authorisation, and a closure
  sent back to the demo social worker with comments (`step_record`, `submission_decide`).

Made once: a database where the demo team has already recorded work is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from joinedup.access.policy import Scope, person_visible, scope_for
from joinedup.audit.services import Actor
from joinedup.cases.clocks import DUE_SOON, OVERDUE, ClockRun, clocks_open
from joinedup.cases.models import Allocation
from joinedup.cases.selectors import (
    CaseState,
    allocations_current_for,
    case_state_from,
    social_care_facts,
)
from joinedup.cases.services import allocation_start
from joinedup.casework.known import known_now
from joinedup.casework.models import StepRecord, Submission
from joinedup.casework.process import STEPS
from joinedup.casework.services import step_record, submission_decide
from joinedup.chronology.models import EventSubject
from joinedup.chronology.registry import EVENT_TYPES
from joinedup.core.calendar import LONDON
from joinedup.demo.services import DEMO_COLLEAGUES, DEMO_MANAGER, DEMO_WORKER
from joinedup.people.models import ADULT_AGE, Person

DEMO_DOOR = "front.door"
CASELOAD = 15  # the demo social worker's children, the narrative families' included
CONTACTS = 4  # awaiting the front door's decision: two from yesterday, two from today
VISITS = ("visit", "seen_alone")
NARRATIVE_RECORDS = "DEMO-"  # the narrative families' record ids (narratives.book)
CONCERNS = tuple(code for code, t in EVENT_TYPES.items() if t.is_concern)


@dataclass
class Team:
    worker: User
    manager: User
    door: User
    colleagues: list[User]

    def scope(self, user: User) -> Scope:
        scope = scope_for(user)
        assert scope is not None, user.username
        return scope


@dataclass(eq=False)
class OpenCase:
    person: Person
    state: CaseState
    clocks: list[ClockRun]
    today: date

    @property
    def visit_due(self) -> bool:
        """On a plan, with a visit overdue or due soon."""
        return any(
            r.clock.code in VISITS and r.status(self.today) in (OVERDUE, DUE_SOON)
            for r in self.clocks
        )

    @property
    def kind(self) -> str:
        state = self.state
        if state.cp_plan_since is not None:
            return "plan, visit due" if self.visit_due else "plan"
        if state.looked_after_since is not None:
            return "looked after"
        if state.assessment is not None:
            return "assessment"
        if state.s47 is not None:
            return "enquiry"
        return "child in need" if state.cin_plan_since is not None else "open"


# How the demo social worker's caseload is picked from the borough's open cases: each kind's
# share in turn, then anything left, in this order.
SHARES = (
    ("plan, visit due", 4),
    ("assessment", 2),
    ("child in need", 2),
    ("enquiry", 1),
    ("plan", 3),
    ("looked after", 1),
)


@dataclass
class Made:
    """What was made, for the command to say."""

    caseloads: dict[str, int] = field(default_factory=dict)
    contacts: list[str] = field(default_factory=list)
    awaiting: int = 0
    returned: int = 0

    def summary(self) -> str:
        loads = ", ".join(f"{n} to {who}" for who, n in self.caseloads.items()) or "none"
        lines = [
            f"Casework: open cases allocated {loads} (manager {DEMO_MANAGER}); "
            f"{self.awaiting} awaiting {DEMO_MANAGER}'s authorisation, {self.returned} "
            f"returned to {DEMO_WORKER} with comments."
        ]
        if self.contacts:
            lines.append(
                f"Contacts awaiting {DEMO_DOOR}'s decision (search by name): "
                + ", ".join(self.contacts)
            )
        return "\n".join(lines)


def demo_casework_make(*, today: date, label: str) -> Made | None:
    """The demo team's caseloads, contacts and authorisations, once. None if already made or
    there are no demo users."""
    team = _team()
    if team is None or _made_before(team):
        return None
    actor = Actor(label=f"command line: joinedup {label}")
    made = Made()
    with transaction.atomic():
        caseloads = _allocate(team, _open_cases(team, today), actor)
        made.caseloads = {u.username: len(c) for u, c in caseloads.items()}
        made.contacts = _contacts(team, today)
        made.awaiting, made.returned = _authorisations(team, caseloads, today)
    return made


def _team() -> Team | None:
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                DEMO_WORKER,
                DEMO_MANAGER,
                DEMO_DOOR,
                *(c.username for c in DEMO_COLLEAGUES),
            ]
        )
    }
    colleagues = [users[c.username] for c in DEMO_COLLEAGUES if c.username in users]
    if not {DEMO_WORKER, DEMO_MANAGER, DEMO_DOOR} <= set(users) or not colleagues:
        return None
    return Team(users[DEMO_WORKER], users[DEMO_MANAGER], users[DEMO_DOOR], colleagues)


def _made_before(team: Team) -> bool:
    recorders = [team.worker, team.door, *team.colleagues]
    return (
        StepRecord.objects.filter(recorded_by__in=recorders).exists()
        or Submission.objects.filter(submitted_by__in=recorders).exists()
        or Allocation.objects.filter(worker__in=team.colleagues).exists()
    )


def _open_cases(team: Team, today: date) -> list[OpenCase]:
    """The children of the borough whose case is open, held by no one yet, in a fixed order."""
    scope = team.scope(team.worker)
    ids = set(
        EventSubject.objects.filter(
            person_visible(scope, "person_id"),
            is_current=True,
            role="child",
            version__type__startswith="social_care.",
        ).values_list("person_id", flat=True)
    )
    held = allocations_current_for(ids)
    found = []
    for person in Person.objects.filter(pk__in=ids - set(held)).order_by("pk"):
        facts = social_care_facts(person)
        state = case_state_from(facts)
        if state.open_case:
            found.append(OpenCase(person, state, clocks_open(facts), today))
    return found


def _allocate(team: Team, cases: list[OpenCase], actor: Actor) -> dict[User, list[OpenCase]]:
    """The demo social worker's share first (`SHARES`), up to `CASELOAD` with the children
    already theirs; the rest in turn to the colleagues."""
    held = Allocation.objects.filter(worker=team.worker, ended_at__isnull=True).count()
    mine = _mine(cases, max(CASELOAD - held, 0))
    rest = [c for c in cases if c not in mine]
    caseloads = {team.worker: mine} | {
        colleague: rest[n :: len(team.colleagues)] for n, colleague in enumerate(team.colleagues)
    }
    for worker, children in caseloads.items():
        for case in children:
            allocation_start(
                actor=actor,
                person=case.person,
                worker=worker,
                manager=team.manager,
                started_at=case.state.open_since,
            )
    return caseloads


def _mine(cases: list[OpenCase], room: int) -> list[OpenCase]:
    """Each kind's share in turn (`SHARES`), then any left of those kinds, up to `room`."""
    mine: list[OpenCase] = []
    for kind, share in (*SHARES, *((k, room) for k, _ in SHARES)):
        fits = [c for c in cases if c.kind == kind and c not in mine]
        mine += fits[: min(share, room - len(mine))]
    return mine


def _moment(day: date, hour: int, minute: int) -> datetime:
    """That moment in London, or a quarter of an hour ago if it has not come yet."""
    at = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
    return min(at, timezone.now() - timedelta(minutes=15))


def _contacts(team: Team, today: date) -> list[str]:
    """Contacts from the agencies that raised the borough's latest concerns about children
    with no open case: made yesterday and today, awaiting the front door's decision."""
    scope = team.scope(team.door)
    adult = today - timedelta(days=365 * ADULT_AGE + 5)
    entries = (
        EventSubject.objects.filter(
            person_visible(scope, "person_id"),
            is_current=True,
            role="child",
            version__type__in=CONCERNS,
            occurred_at__gte=datetime.combine(today - timedelta(days=60), time(), tzinfo=LONDON),
            person__dob__gt=adult,
        )
        .exclude(person__in=_narrative_people())
        .select_related("person", "version__organisation")
        .order_by("-occurred_at", "pk")
    )
    moments = [(1, 11, 20), (1, 15, 45), (0, 8, 40), (0, 9, 55)]
    named: list[str] = []
    for entry in entries:
        person, version = entry.person, entry.version
        if len(named) == CONTACTS or person.display_name in named:
            continue
        state = case_state_from(social_care_facts(person))
        if state.open_case or state.contact is not None:
            continue
        days_ago, hour, minute = moments[len(named)]
        concern = str(version.details.get("concern") or version.summary)
        step_record(
            scope=scope,
            user=team.door,
            person=person,
            step=STEPS["contact"],
            answers={
                "contact_source": version.organisation.name,
                "presenting_need": concern[:500],
                "occurred_at": _moment(today - timedelta(days=days_ago), hour, minute),
            },
            known={},
        )
        named.append(person.display_name)
    return named


def _narrative_people() -> Any:
    """The narrative families' people: their stories are told as written."""
    return EventSubject.objects.filter(
        version__event__record_id__startswith=NARRATIVE_RECORDS
    ).values("person_id")


def _authorisations(
    team: Team, caseloads: dict[User, list[OpenCase]], today: date
) -> tuple[int, int]:
    """An assessment and a closure sent to the team manager; a closure sent back. Returns how
    many wait, and how many were returned."""
    mine = caseloads[team.worker]
    theirs = [c for colleague in team.colleagues for c in caseloads[colleague]]
    assessed = next((c for c in mine if c.kind == "assessment"), None)
    closing = [c for c in mine if c.kind == "child in need"]
    colleague_closing = next((c for c in theirs if c.kind == "child in need"), None)
    awaiting = returned = 0
    at = _moment(today, 9, 30)
    if assessed is not None:
        _send(team, team.worker, assessed.person, "assessment", ASSESSMENT, at)
        awaiting += 1
    if colleague_closing is not None:
        sender = next(u for u, c in caseloads.items() if colleague_closing in c)
        _send(team, sender, colleague_closing.person, "case_closed", CLOSURE, at)
        awaiting += 1
    if closing:
        sent = _send(team, team.worker, closing[0].person, "case_closed", CLOSURE, at)
        scope = team.scope(team.manager)
        submission_decide(
            scope=scope,
            user=team.manager,
            submission=sent,
            step=STEPS["case_closed"],
            authorise=False,
            comments=RETURNED,
            known=known_now(scope, closing[0].person),
        )
        returned += 1
    return awaiting, returned


ASSESSMENT: dict[str, Any] = {
    "factors": "4B, 16A",
    "summary": "Mum's low mood has left the children's basic care inconsistent: school reports "
    "late arrivals and no packed lunch twice a week. Grandmother helps at weekends. Mum is "
    "engaging with her GP and wants support.",
    "child_said": "I help Mum in the mornings. I'd like to go to breakfast club.",
    "outcome": "cin_plan",
    "rationale": "Needs are not being met consistently, but there is no evidence of significant "
    "harm and Mum accepts help: a child in need plan with breakfast club and a family support "
    "worker.",
}
CLOSURE: dict[str, Any] = {
    "reason": "RC7",
    "summary": "The child in need plan's goals are met: attendance above 95% this term, the "
    "family linked with the children's centre.",
    "rationale": "No outstanding needs that require a social worker; universal services are in "
    "place and the family know how to ask for help again.",
}
RETURNED = (
    "Not yet: the school raised a new concern last week that the closure summary does not "
    "mention. Visit, speak to the DSL, and send it again with what you find."
)


def _send(
    team: Team, user: User, person: Person, step: str, answers: dict[str, Any], at: datetime
) -> Submission:
    scope = team.scope(user)
    sent = step_record(
        scope=scope,
        user=user,
        person=person,
        step=STEPS[step],
        answers={**answers, "occurred_at": at},
        known=known_now(scope, person),
    )
    assert isinstance(sent, Submission)
    return sent
