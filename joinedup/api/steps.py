"""POST /api/v1/people/{key}/steps/{step}: a children's social care system records a step of
the statutory process for one of its practitioners, as the page does: the same form checks,
order checks, events, rationale and what was known, and the same answer for work a team
manager must authorise. The token says which system; `practitioner` says who."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from joinedup.access.policy import Scope, person_for, scope_for, scope_for_system
from joinedup.api.models import ApiToken
from joinedup.api.views import _actor, _body, problem, token_required
from joinedup.casework.forms import StepForm, moment_value
from joinedup.casework.known import known_now
from joinedup.casework.models import StepRecord
from joinedup.casework.process import READERS, Step, step_by_slug
from joinedup.casework.selectors import partners_to_name
from joinedup.casework.services import step_record
from joinedup.chronology.contract import event_decode
from joinedup.core.errors import ApplicationError, FieldError

LIMIT = 64 * 1024


@csrf_exempt
@require_POST
@token_required
def person_step(request: HttpRequest, token: ApiToken, key: str, step: str) -> HttpResponse:
    system = scope_for_system(token.organisation, _actor(token).label)
    try:
        person = person_for(system, key, purpose="Recording a step of the statutory process")
    except Http404:
        return problem(404, "not_found", "No such person.")
    declared = step_by_slug(step)
    if declared is None:
        return problem(404, "not_found", f"No step {step!r}: see GET /api/v1/openapi.json.")
    raw = _body(request, LIMIT)
    if isinstance(raw, HttpResponse):
        return raw
    try:
        body = event_decode(raw)
    except ApplicationError as error:
        return problem(400, "bad_json", error.message, error.errors)
    if not isinstance(body, dict):
        return problem(422, "invalid", "Send one JSON object.", [FieldError("$", "not an object")])
    scope = _practitioner(token, body.get("practitioner"))
    if scope is None:
        why = "is not an active user of this token's organisation"
        return problem(422, "invalid", "Name the practitioner.", [FieldError("practitioner", why)])
    return _record(scope, person, declared, body)


def _practitioner(token: ApiToken, username: Any) -> Scope | None:
    """The named practitioner's own scope, labelled with the system that sent it."""
    if not isinstance(username, str):
        return None
    user = User.objects.filter(
        username=username, is_active=True, profile__organisation=token.organisation
    ).first()
    scope = scope_for(user) if user is not None else None
    if scope is None:
        return None
    return dataclasses.replace(scope, label=f"{scope.label} via {_actor(token).label}")


def _record(scope: Scope, person: Any, step: Step, body: dict[str, Any]) -> HttpResponse:
    readers = partners_to_name(scope) if any(f.kind == "readers" for f in step.fields) else []
    form = StepForm(step, data=_as_form(body), readers=readers)
    if not form.is_valid():
        errors = [FieldError(name, str(e[0])) for name, e in form.errors.items()]
        return problem(422, "invalid", "The step was not recorded.", errors)
    assert scope.user_id is not None  # the practitioner's own scope
    user = User.objects.get(pk=scope.user_id)
    try:
        done = step_record(
            scope=scope,
            user=user,
            person=person,
            step=step,
            answers=form.answers(),
            known=known_now(scope, person) if step.decision else {},
        )
    except ApplicationError as error:
        return problem(error.status, "refused", error.message, error.errors)
    answer: dict[str, Any] = {"warnings": list(done.warnings)}
    if isinstance(done, StepRecord):
        answer |= {"status": "recorded", "event_id": done.version.event_id}
    else:
        answer |= {"status": "sent_for_authorisation", "submission_id": done.pk}
    return JsonResponse(answer, status=201)


def _as_form(body: dict[str, Any]) -> dict[str, Any]:
    """JSON answers as the form reads them: true/false as yes/no, a moment as London time,
    the readers' usernames as their ids."""
    data: dict[str, Any] = {}
    for name, value in body.items():
        if name == READERS and isinstance(value, list):
            named = User.objects.filter(username__in=[str(v) for v in value])
            data[name] = [str(pk) for pk in named.values_list("pk", flat=True)]
            if len(data[name]) != len(value):
                data[name].append("unknown")  # the form names the field
        elif isinstance(value, bool):
            data[name] = "yes" if value else "no"
        elif name == "occurred_at" and isinstance(value, str):
            data[name] = _moment(value)
        elif value is not None:
            data[name] = str(value)
    return data


def _moment(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value  # the form names the field
    return moment_value(moment) if moment.tzinfo else value
