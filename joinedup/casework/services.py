"""Writes for the statutory work: record a step, send one for authorisation, authorise or return
it, keep a draft. Each checks, writes its events through the chronology's one write path, keeps
its own row and the access log in the same transaction: nothing is half-stored."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.access.grants import event_read_grant
from joinedup.access.policy import Scope
from joinedup.audit.actions import Action
from joinedup.audit.services import access_log_write
from joinedup.cases.selectors import allocation_current, social_care_facts
from joinedup.cases.services import allocation_end
from joinedup.casework.checks import step_check
from joinedup.casework.models import Approval, Draft, StepRecord, Submission
from joinedup.casework.process import RATIONALE, READERS, SUMMARY, Step
from joinedup.casework.selectors import partners_to_name
from joinedup.chronology.models import EventVersion
from joinedup.chronology.services import REFUSED, Sender, events_record
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.people.models import Person

RECEIVED_VIA = "JoinedUp casework"


def answers_split(step: Step, answers: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    """A form's answers as the event's details, its summary and the rationale."""
    details: dict[str, Any] = {}
    for f in step.fields:
        value = answers.get(f.name)
        if not f.detail or value in (None, ""):
            continue
        details[f.name] = value.isoformat() if isinstance(value, date) else value
    if answers.get("delay_reason"):
        details["delay_reason"] = answers["delay_reason"]
    return details, answers.get(SUMMARY, "") or "", answers.get(RATIONALE, "") or ""


def _refuse_if(errors: list[FieldError]) -> None:
    if errors:
        raise ApplicationError(
            "The step was not recorded: " + "; ".join(f"{e.field} {e.reason}" for e in errors),
            errors=errors,
        )


def _may_record(scope: Scope, step: Step) -> None:
    if scope.role.code not in step.roles or scope.organisation.agency != "social_care":
        raise ApplicationError(
            f"{scope.role.label} may not record: {step.label.lower()}", status=403
        )


def _events_write(
    *,
    scope: Scope,
    person: Person,
    events: list[tuple[str, dict[str, Any]]],
    summary: str,
    occurred_at: datetime,
) -> list[EventVersion]:
    """The step's events, from the user's children's social care, linked to the child's record
    (never matched: the worker is on the child's page)."""
    sender = Sender(actor=scope.actor, organisation=scope.organisation, known={"child": person})
    now = timezone.now()
    items = [
        (
            position,
            {
                "source": {
                    "agency": "social_care",
                    "organisation": scope.organisation.name,
                    "record_id": f"joinedup:{type.split('.', 1)[1]}:{uuid.uuid4().hex}",
                },
                "type": type,
                "occurred_at": occurred_at.isoformat(),
                "reported_at": now.isoformat(),
                "subjects": [_child(person)],
                "details": details,
                "summary": summary if position == 0 else "",
            },
        )
        for position, (type, details) in enumerate(events)
    ]
    versions = []
    for result in events_record(items=items, sender=sender, received_via=RECEIVED_VIA):
        if result.status == REFUSED:
            detail = "; ".join(f"{e.field} {e.reason}" for e in result.errors)
            raise ApplicationError(f"{result.message} {detail}".strip(), errors=result.errors)
        assert result.event_id is not None and result.version is not None
        versions.append(EventVersion.objects.get(event_id=result.event_id, version=result.version))
    return versions


def _child(person: Person) -> dict[str, Any]:
    """The child as the record names them: the contract asks for something to identify them."""
    name = {"given": person.given_name, "family": person.family_name}
    child: dict[str, Any] = {"ref": "child", "role": "child", "name": name}
    if person.dob:
        child["dob"] = person.dob.isoformat()
    return child


@transaction.atomic
def step_record(
    *,
    scope: Scope,
    user: User,
    person: Person,
    step: Step,
    answers: dict[str, Any],
    known: dict[str, Any],
) -> StepRecord | Submission:
    """Record a step (or send it for authorisation, if a team manager must authorise it).
    Refused with field errors when out of order; kept with its warnings where practice allows."""
    _may_record(scope, step)
    facts = social_care_facts(person)
    checked = step_check(step, facts, answers)
    _refuse_if(checked.errors)
    details, summary, rationale = answers_split(step, answers)
    draft_discard(user=user, person=person, step=step)
    if step.authorised:
        submission = Submission.objects.create(
            person=person,
            step=step.code,
            occurred_at=answers["occurred_at"],
            details=details,
            summary=summary,
            rationale=rationale,
            warnings=checked.warnings,
            known=known if step.decision else {},
            submitted_by=user,
            submitted_at=timezone.now(),
        )
        _log(scope, person, Action.CASE_STEP_SUBMITTED, step, submission_id=submission.pk)
        return submission
    readers = _readers(scope, answers.get(READERS) or [])
    record = _written(
        scope=scope,
        user=user,
        person=person,
        step=step,
        details=details,
        summary=summary,
        occurred_at=answers["occurred_at"],
    )
    record.rationale, record.warnings = rationale, checked.warnings
    record.known = known if step.decision else {}
    record.save()
    event_read_grant(actor=scope.actor, version=record.version, person=person, users=readers)
    _log(scope, person, Action.CASE_STEP_RECORDED, step, record_id=record.pk)
    return record


def _readers(scope: Scope, ids: list[Any]) -> list[User]:
    """The partner users named to read the record: of the authority's partner agencies."""
    wanted = {str(i) for i in ids}
    found = [User.objects.get(pk=pk) for pk, _ in partners_to_name(scope) if pk in wanted]
    if len(found) != len(wanted):
        raise ApplicationError(
            "The step was not recorded: a participant is not a partner user of the authority.",
            errors=[FieldError(READERS, "name only partner agency users of the authority")],
        )
    return found


def _written(
    *,
    scope: Scope,
    user: User,
    person: Person,
    step: Step,
    details: dict[str, Any],
    summary: str,
    occurred_at: datetime,
) -> StepRecord:
    events = [(step.event_type, details), *step.follows(details)]
    versions = _events_write(
        scope=scope, person=person, events=events, summary=summary, occurred_at=occurred_at
    )
    return StepRecord(
        person=person,
        step=step.code,
        version=versions[0],
        recorded_by=user,
        recorded_at=timezone.now(),
    )


def _log(scope: Scope, person: Person, action: Action, step: Step, **detail: Any) -> None:
    access_log_write(
        actor=scope.actor,
        action=action,
        purpose=f"record the child's {step.label.lower()}",
        person_id=person.pk,
        detail={"step": step.code, **detail},
    )


def submission_decide(
    *,
    scope: Scope,
    user: User,
    submission: Submission,
    step: Step,
    authorise: bool,
    comments: str,
    known: dict[str, Any],
) -> Approval:
    """A team manager authorises (the step's events are written: an assessment dated now, a
    closure the day the worker gave) or returns the work with comments. The first answer
    stands: a second gets who answered and when."""
    if scope.role.code != "team_manager":
        raise ApplicationError("Only a team manager may authorise this.", status=403)
    if not authorise and not comments.strip():
        raise ApplicationError(
            "Say what to change.", errors=[FieldError("comments", "is required to return it")]
        )
    try:
        with transaction.atomic():
            return _decide(scope, user, submission, step, authorise, comments, known)
    except IntegrityError:
        if not Approval.objects.filter(submission=submission).exists():
            raise  # not a second answer: something else went wrong
    raise _already_decided(submission)


def _already_decided(submission: Submission) -> ApplicationError:
    approval = Approval.objects.select_related("decided_by").get(submission=submission)
    who = approval.decided_by.get_full_name() or approval.decided_by.username
    at = timezone.localtime(approval.decided_at).strftime("%-d %B %Y at %H:%M")
    return ApplicationError(f"Already {approval.outcome} by {who} on {at}.", status=409)


def _decide(
    scope: Scope,
    user: User,
    submission: Submission,
    step: Step,
    authorise: bool,
    comments: str,
    known: dict[str, Any],
) -> Approval:
    Submission.objects.select_for_update().filter(pk=submission.pk).first()
    if Approval.objects.filter(submission=submission).exists():
        raise IntegrityError("already decided")
    now = timezone.now()
    record = None
    if authorise:
        facts = social_care_facts(submission.person)
        occurred_at = now if step.dated_by_authorisation else submission.occurred_at
        answers = {**submission.details, "occurred_at": occurred_at}
        _refuse_if(step_check(step, facts, answers).errors)
        record = _written(
            scope=scope,
            user=submission.submitted_by,
            person=submission.person,
            step=step,
            details=submission.details,
            summary=submission.summary,
            occurred_at=occurred_at,
        )
        if step.code == "case_closed":  # a closed case is allocated to nobody
            _allocation_end(scope, submission.person, occurred_at)
        record.rationale, record.warnings, record.known = (
            submission.rationale,
            submission.warnings,
            submission.known,
        )
        record.save()
    approval = Approval.objects.create(
        submission=submission,
        outcome=Approval.AUTHORISED if authorise else Approval.RETURNED,
        comments=comments,
        decided_by=user,
        decided_at=now,
        record=record,
        known=known,
    )
    action = Action.CASE_STEP_AUTHORISED if authorise else Action.CASE_STEP_RETURNED
    _log(scope, submission.person, action, step, submission_id=submission.pk)
    return approval


def _allocation_end(scope: Scope, person: Person, at: datetime) -> None:
    allocation = allocation_current(person=person)
    if allocation is not None:
        allocation_end(
            actor=scope.actor, allocation=allocation, ended_at=max(at, allocation.started_at)
        )


class DraftConflictError(ApplicationError):
    def __init__(self, draft: Draft) -> None:
        at = timezone.localtime(draft.saved_at).strftime("%H:%M:%S")
        super().__init__(
            f"This form was saved in another window at {at}. Reload to see that copy; "
            "nothing has been overwritten.",
            status=409,
        )
        self.draft = draft


@transaction.atomic
def draft_save(
    *, scope: Scope, user: User, person: Person, step: Step, data: dict[str, Any], revision: int
) -> Draft:
    """Keep the form as typed. `revision`: the copy the browser started from; an older one than
    stored means another window saved since, and is refused (DraftConflictError)."""
    draft, _ = Draft.objects.select_for_update().get_or_create(
        user=user, person=person, step=step.code, defaults={"saved_at": timezone.now()}
    )
    if draft.revision != revision:
        raise DraftConflictError(draft)
    draft.data, draft.revision, draft.saved_at = data, revision + 1, timezone.now()
    draft.save()
    _log(scope, person, Action.CASE_DRAFT_SAVED, step, revision=draft.revision)
    return draft


def draft_discard(*, user: User, person: Person, step: Step) -> None:
    Draft.objects.filter(user=user, person=person, step=step.code).delete()
