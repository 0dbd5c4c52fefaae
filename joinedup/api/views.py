"""The partner API: thin views over chronology.services, the child protection check
(signals.flags), a child's case (cases.selectors, cases.clocks) and the access policy.

Every answer that is not a success carries a machine-readable body:
`{"error": code, "message": words, "errors": [{"field": path, "reason": words}, ...]}`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from joinedup.access.lookups import TooManyLookupsError, lookup_checked
from joinedup.access.policy import person_for, scope_for_system, sender_sees_matches
from joinedup.api.models import ApiToken
from joinedup.api.openapi import openapi_schema
from joinedup.api.services import api_token_authenticate
from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write_many
from joinedup.cases.clocks import ClockRun, clock_runs
from joinedup.cases.selectors import CaseState, case_state_from, social_care_facts
from joinedup.chronology.contract import event_decode
from joinedup.chronology.models import Event, EventVersion
from joinedup.chronology.registry import EVENT_TYPES
from joinedup.chronology.services import CORRECTED, CREATED, REFUSED, Sender, events_record
from joinedup.core.calendar import local_date
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.core.statistics import rows_estimate, statistics_refresh_after
from joinedup.core.vocabulary import AGENCIES, RELATIONSHIPS, SUBJECT_ROLES
from joinedup.signals.flags import flags_lookup
from joinedup.signals.forms import FlagsForm

JSON_TYPES = ("application/json",)
NDJSON_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines")


def problem(status: int, code: str, message: str, errors: list[FieldError] | None = None):
    body = {"error": code, "message": message, "errors": [e.as_dict() for e in errors or []]}
    response = JsonResponse(body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="joinedup"'
    return response


View = Callable[..., HttpResponse]


def token_required(view: View) -> View:
    """Authenticate the partner system by its bearer token; the token is passed to the view."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _, secret = header.partition(" ")
        token = api_token_authenticate(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            return problem(401, "unauthorised", "Send a valid API token: Authorization: Bearer …")
        return view(request, token, *args, **kwargs)

    return wrapper


def _content_type(request: HttpRequest) -> str:
    return request.content_type or ""


def _body(request: HttpRequest, limit: int) -> bytes | HttpResponse:
    declared = request.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        return problem(413, "too_large", f"The body is larger than {limit} bytes.")
    body = request.body
    if len(body) > limit:
        return problem(413, "too_large", f"The body is larger than {limit} bytes.")
    return body


def _actor(token: ApiToken) -> Actor:
    return Actor(label=f"API token {token.prefix}… ({token.organisation.name})")


def _sender(token: ApiToken) -> Sender:
    return Sender(actor=_actor(token), organisation=token.organisation)


@csrf_exempt
@require_POST
@token_required
def events_create(request: HttpRequest, token: ApiToken) -> HttpResponse:
    """Record one event (shared/spec/events-v1.md)."""
    if _content_type(request) not in JSON_TYPES:
        return problem(415, "unsupported_media_type", "Send the event as application/json.")
    body = _body(request, settings.API_MAX_BODY_BYTES)
    if isinstance(body, HttpResponse):
        return body
    try:
        raw = event_decode(body)
    except ApplicationError as error:
        return problem(error.status, "malformed_json", error.message, error.errors)
    [result] = events_record(
        items=[(0, raw)], sender=_sender(token), received_via=f"API token {token.prefix}…"
    )
    if result.status == REFUSED:
        code = {403: "wrong_organisation", 409: "conflict"}.get(result.http_status, "invalid_event")
        return problem(result.http_status, code, result.message, result.errors)
    answer = _told(token, result.as_dict())
    del answer["position"]
    return JsonResponse(answer, status=201 if result.status in (CREATED, CORRECTED) else 200)


def _told(token: ApiToken, answer: dict[str, Any]) -> dict[str, Any]:
    """The reply a token's organisation may have: a partner learns which person each subject
    is, never how it was matched (`sender_sees_matches`)."""
    if not sender_sees_matches(token.organisation):
        for subject in answer.get("subjects", []):
            subject.pop("match", None)
    return answer


def _bulk_items(request: HttpRequest, body: bytes) -> Iterator[tuple[int, Any]]:
    if _content_type(request) in NDJSON_TYPES:
        for number, line in enumerate(body.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield number, event_decode(line)
            except ApplicationError as error:
                yield number, error
    else:
        try:
            items = event_decode(body)
        except ApplicationError:
            split = _array_elements(body)
            if split is None:  # not an array whose elements can be told apart: refuse it
                raise
            for index, text in enumerate(split):  # an element too deep to read: that one
                try:
                    yield index, event_decode(text, f"[{index}]")
                except ApplicationError as error:
                    yield index, error
            return
        if not isinstance(items, list):
            raise ApplicationError(
                "Send a JSON array of events, or JSON lines as application/x-ndjson.",
                errors=[FieldError("$", "must be an array")],
                status=400,
            )
        yield from enumerate(items)


def _array_elements(body: bytes) -> list[bytes] | None:  # noqa: C901, PLR0912  (a byte scanner's states, read best as one loop)
    """The texts of a JSON array's top-level elements, found by brackets and quotes alone
    (none is decoded), or None if the body is not one array. Used only when the whole array
    cannot be decoded, so one element nested too deeply is refused alone."""
    text = body.strip()
    if not text.startswith(b"[") or not text.endswith(b"]"):
        return None
    elements, depth, start, quoted, escaped = [], 0, 1, False, False
    for i, byte in enumerate(text):
        if quoted:  # inside a string: only an unescaped quote ends it
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                quoted = False
            continue
        if byte == 0x22:
            quoted = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return None
        elif byte == 0x2C and depth == 1:  # a comma between elements
            elements.append(text[start:i])
            start = i + 1
    if depth != 0 or quoted:
        return None
    last = text[start:-1]
    if last.strip() or elements:
        elements.append(last)
    return elements


@csrf_exempt
@require_POST
@token_required
def events_bulk(request: HttpRequest, token: ApiToken) -> HttpResponse:
    """Record many events: a JSON array, or JSON lines. Good items are kept when others fail."""
    if _content_type(request) not in JSON_TYPES + NDJSON_TYPES:
        return problem(
            415,
            "unsupported_media_type",
            "Send a JSON array as application/json, or JSON lines as application/x-ndjson.",
        )
    body = _body(request, settings.API_MAX_BULK_BODY_BYTES)
    if isinstance(body, HttpResponse):
        return body
    try:
        items = list(_bulk_items(request, body))
    except ApplicationError as error:
        return problem(error.status, "malformed_json", error.message, error.errors)
    held_before = rows_estimate(EventVersion)
    results = list(
        events_record(items=items, sender=_sender(token), received_via=f"API token {token.prefix}…")
    )
    counts = {status: 0 for status in ("created", "corrected", "unchanged", "refused")}
    for result in results:
        counts[result.status] += 1
    stored = counts["created"] + counts["corrected"]  # a bulk load: fresh statistics once stored
    transaction.on_commit(lambda: statistics_refresh_after(stored=stored, held_before=held_before))
    return JsonResponse(
        {
            "received": len(results),
            "position": "line" if _content_type(request) in NDJSON_TYPES else "index",
            **counts,
            "results": [_told(token, r.as_dict()) for r in results],
        }
    )


@require_GET
@token_required
def event_detail(request: HttpRequest, token: ApiToken, event_id: int) -> HttpResponse:
    """Read back an event the organisation sent, every version of it."""
    event = Event.objects.filter(pk=event_id, organisation=token.organisation).first()
    if event is None:
        return problem(404, "not_found", "No such event.")
    versions = list(event.versions.order_by("version").prefetch_related("subjects__person"))
    with transaction.atomic():  # a read runs in autocommit: the log commits before it leaves
        access_log_write_many(
            actor=_sender(token).actor,
            action=Action.API_READ,
            purpose="partner system read back its own event",
            entries=[
                (person_id, {"event_id": event.pk})
                for person_id in sorted({s.person_id for v in versions for s in v.subjects.all()})
            ]
            or [(None, {"event_id": event.pk})],
        )
    return JsonResponse(
        {
            "event_id": event.pk,
            "source": {
                "agency": event.organisation.agency,
                "organisation": event.organisation.name,
                "record_id": event.record_id,
            },
            "versions": [
                {
                    "version": v.version,
                    "current": v.superseded_at is None,
                    "received_at": v.received_at.isoformat(),
                    "superseded_at": v.superseded_at.isoformat() if v.superseded_at else None,
                    "body": v.body,
                    "subjects": [
                        {"ref": s.ref, "role": s.role, "person_id": str(s.person.key)}
                        for s in v.subjects.all()
                    ],
                }
                for v in versions
            ],
        }
    )


@require_GET
@token_required
def flags_api(request: HttpRequest, token: ApiToken) -> HttpResponse:
    """GET /api/v1/flags?nhs_number=…: plan or looked-after status, since when, whom to call."""
    if token.organisation.agency != "health":
        return problem(403, "forbidden", "Only health organisations may look up flags.")
    form = FlagsForm(request.GET)
    if not form.is_valid():
        return problem(400, "invalid_nhs_number", "Send a valid 10-digit NHS number.")
    actor = _actor(token)
    try:
        result = lookup_checked(
            who=f"token:{token.prefix}",
            actor=actor,
            now=timezone.now(),
            lookup=lambda: flags_lookup(
                actor=actor, nhs_number=form.cleaned_data["nhs_number"], who=token.organisation.name
            ),
        )
    except TooManyLookupsError as refused:
        response = problem(
            429,
            "too_many_lookups",
            f"Too many checks in a short time: the next is allowed at {refused.until:%H:%M} UTC.",
        )
        response["Retry-After"] = str(max(1, int((refused.until - timezone.now()).total_seconds())))
        return response
    if result is None:
        return problem(
            404,
            "not_found",
            "No child protection plan or looked-after status is recorded for this NHS number.",
        )
    return JsonResponse(result.as_dict())


CASE_PURPOSE = "children's social care system read the child's case"


@require_GET
@token_required
def person_case(request: HttpRequest, token: ApiToken, key: str) -> HttpResponse:
    """GET /api/v1/people/{key}/case: the child's case and every run of its clocks."""
    try:
        scope = scope_for_system(token.organisation, _actor(token).label)
        person = person_for(scope, key, purpose=CASE_PURPOSE)  # the gate, and the log
    except Http404:
        return problem(404, "not_found", "No such person.")
    facts = social_care_facts(person)
    today = local_date(timezone.now())
    return JsonResponse(
        {
            **_case(case_state_from(facts)),
            "clocks": [_clock(run, today) for run in clock_runs(facts)],
        }
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _case(state: CaseState) -> dict[str, Any]:
    plan = None
    if state.cp_plan_since is not None:
        details = state.cp_plan_fact.details or {}
        plan = {"since": _iso(state.cp_plan_since), "category": details.get("category") or ""}
    return {
        "open": state.open_case,
        "open_since": _iso(state.open_since),
        "child_protection_plan": plan,
        "child_in_need_plan_since": _iso(state.cin_plan_since),
        "looked_after_since": _iso(state.looked_after_since),
    }


def _clock(run: ClockRun, today: date) -> dict[str, Any]:
    return {
        "code": run.clock.code,
        "label": run.clock.label,
        "owner": run.clock.owner,
        "started_at": _iso(run.started_by.occurred_at),
        "due_on": run.due_on.isoformat(),
        "status": run.status(today),
        "met_at": _iso(run.met_by.occurred_at) if run.met_by is not None else None,
        "delay_reason": run.delay_reason,
    }


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi_schema(), json_dumps_params={"indent": 2})


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/docs.html",
        {
            "agencies": AGENCIES,
            "roles": SUBJECT_ROLES,
            "relationships": RELATIONSHIPS,
            "event_types": EVENT_TYPES.values(),
        },
    )
