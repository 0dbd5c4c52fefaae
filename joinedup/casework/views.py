"""The pages a practitioner works in: record a step, keep a draft, authorise, my children, the
team's board. Each view: scope and the access gate, one service or selector, render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.access.policy import Scope, person_for, scope_for
from joinedup.access.roles import ROLES
from joinedup.cases.clocks import OVERDUE, OWNERS, clocks
from joinedup.cases.selectors import CaseState, case_state_from, social_care_facts
from joinedup.cases.services import allocation_start
from joinedup.casework.checks import clocks_may_be_late, clocks_met_late
from joinedup.casework.forms import StepForm, data_from_answers, moment_value
from joinedup.casework.known import known_now
from joinedup.casework.models import Approval, Draft, Submission
from joinedup.casework.prefill import prefill
from joinedup.casework.process import STEPS, Step, step_by_slug
from joinedup.casework.selectors import (
    awaiting_authorisation,
    caseload,
    partners_to_name,
    submission_for,
    team_board,
)
from joinedup.casework.service import service_clocks
from joinedup.casework.services import (
    DraftConflictError,
    draft_save,
    step_record,
    submission_decide,
)
from joinedup.core.errors import ApplicationError
from joinedup.people.models import Person
from joinedup.signals.selectors import signal_for


def _worker_scope(request: HttpRequest) -> Scope:
    scope = scope_for(request.user)
    if scope is None or scope.organisation.agency != "social_care" or scope.is_partner:
        raise Http404("Not a children's social care page")
    return scope


def _step(scope: Scope, slug: str) -> Step:
    step = step_by_slug(slug)
    if step is None or scope.role.code not in step.roles:
        raise Http404("No such step")
    return step


def _evidence(scope: Scope, signal_id: str) -> str:
    """A signal's sentence and evidence, to start a strategy discussion from."""
    if not signal_id.isdigit():
        return ""
    signal = signal_for(scope, int(signal_id))
    lines = [signal.sentence, ""]
    for item in signal.evidence.all():
        version = item.version
        when = timezone.localtime(version.occurred_at).strftime("%-d %b %Y")
        lines.append(f"- {when}, {version.organisation}: {version.summary or version.type}")
    return "\n".join(lines).strip()


@login_required
@require_http_methods(["GET", "POST"])
def step_page(request: HttpRequest, key: str, slug: str) -> HttpResponse:
    scope = _worker_scope(request)
    step = _step(scope, slug)
    person = person_for(scope, key, purpose=f"Recording the child's {step.label.lower()}")
    facts = social_care_facts(person)
    state = case_state_from(facts)
    draft = Draft.objects.filter(user=request.user.pk or 0, person=person, step=step.code).first()
    occurred_at = timezone.now()
    readers = partners_to_name(scope) if any(f.kind == "readers" for f in step.fields) else []
    late = clocks_may_be_late(step, facts, occurred_at)
    if request.method == "POST":
        form = StepForm(step, request.POST, readers=readers)
        if form.is_valid():
            answers = form.answers()  # before a refusal takes fields out of cleaned_data
            if _recorded(request, scope, step, person, form):
                return redirect(reverse("ui:person", args=[person.key]) + "#case")
            late = clocks_met_late(step, facts, answers["occurred_at"], answers)
    elif request.GET.get("plain") == "1":
        # The same form with nothing filled in (no prefill, no draft, "When" empty): the
        # baseline the visit benchmark (benchmarks/bench_visit.py) compares the prefilled with.
        form = StepForm(step, readers=readers)
    else:
        initial = _initial(request, scope, step, person, state, facts)
        form = StepForm(step, initial={**initial, **(draft.data if draft else {})}, readers=readers)
    return render(
        request,
        "casework/step.html",
        {
            "person": person,
            "step": step,
            "form": form,
            "late": late,
            "state": state,
            "draft_revision": draft.revision if draft else 0,
            "draft_saved_at": draft.saved_at if draft else None,
        },
        status=400 if form.errors else 200,
    )


def _recorded(
    request: HttpRequest, scope: Scope, step: Step, person: Person, form: StepForm
) -> bool:
    """Record the step; on refusal, put each error on its field and say False."""
    try:
        done = step_record(
            scope=scope,
            user=request.user,  # type: ignore[arg-type]
            person=person,
            step=step,
            answers=form.answers(),
            known=known_now(scope, person) if step.decision else {},
        )
    except ApplicationError as error:
        for problem in error.errors:
            name = _field_of(problem.field)
            form.add_error(name if name in form.fields else None, problem.reason)
        if not error.errors:
            form.add_error(None, error.message)
        return False
    said = "sent to a team manager to authorise" if step.authorised else "recorded"
    messages.success(request, f"{step.label} {said}.")
    for warning in done.warnings:
        messages.warning(request, warning)
    return True


def _field_of(path: str) -> str:
    """The form's field for an error's path: "details.next_visit_on" is "next_visit_on"."""
    return {"occurred_at": "occurred_at", "summary": "summary"}.get(
        path, path.removeprefix("details.")
    )


def _initial(
    request: HttpRequest,
    scope: Scope,
    step: Step,
    person: Person,
    state: CaseState,
    facts: list[Any],
) -> dict[str, Any]:
    """What the form starts from: now, what the record knows, a signal's evidence, or the
    work a manager sent back."""
    initial: dict[str, Any] = {
        "occurred_at": moment_value(timezone.now()),
        **prefill(step, state, facts, timezone.localdate()),
    }
    if step.code == "strategy_discussion" and request.GET.get("signal"):
        initial["summary"] = _evidence(scope, request.GET["signal"])
    if request.GET.get("from") == "returned":
        initial.update(_returned(person, step))
    return initial


def _returned(person: Person, step: Step) -> dict[str, Any]:
    last = (
        Submission.objects.filter(person=person, step=step.code).order_by("-submitted_at").first()
    )
    if last is None:
        return {}
    return {
        **data_from_answers(step, last.details),
        "summary": last.summary,
        "rationale": last.rationale,
    }


@login_required
@require_POST
def draft_page(request: HttpRequest, key: str, slug: str) -> HttpResponse:
    """Autosave: the form's fields as JSON, with the revision the page started from."""
    scope = _worker_scope(request)
    step = _step(scope, slug)
    person = person_for(scope, key, purpose=f"Saving a draft of the child's {step.label.lower()}")
    try:
        body = json.loads(request.body or b"{}")
        data = {
            k: [str(x) for x in v] if isinstance(v, list) else str(v)
            for k, v in dict(body.get("data", {})).items()
        }
        revision = int(body.get("revision", 0))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"message": "The draft was not readable."}, status=400)
    data.pop("csrfmiddlewaretoken", None)
    try:
        draft = draft_save(
            scope=scope,
            user=request.user,  # type: ignore[arg-type]
            person=person,
            step=step,
            data=data,
            revision=revision,
        )
    except DraftConflictError as conflict:
        return JsonResponse(
            {"message": conflict.message, "revision": conflict.draft.revision}, status=409
        )
    saved = timezone.localtime(draft.saved_at).strftime("%H:%M")
    return JsonResponse({"revision": draft.revision, "saved_at": saved})


@login_required
@require_GET
def authorisations(request: HttpRequest) -> HttpResponse:
    scope = _worker_scope(request)
    return render(
        request,
        "casework/authorisations.html",
        {"submissions": list(awaiting_authorisation(scope)), "scope": scope},
    )


@login_required
@require_http_methods(["GET", "POST"])
def authorisation(request: HttpRequest, submission_id: int) -> HttpResponse:
    scope = _worker_scope(request)
    submission = submission_for(scope, submission_id)
    step = STEPS[submission.step]
    person = person_for(scope, str(submission.person.key), purpose="Authorising a step")
    error = None
    if request.method == "POST":
        try:
            submission_decide(
                scope=scope,
                user=request.user,  # type: ignore[arg-type]
                submission=submission,
                step=step,
                authorise=request.POST.get("outcome") == Approval.AUTHORISED,
                comments=request.POST.get("comments", ""),
                known=known_now(scope, person),
            )
        except ApplicationError as refused:
            error = refused
        else:
            messages.success(request, f"{step.label} answered.")
            return redirect("casework:authorisations")
    return render(
        request,
        "casework/authorisation.html",
        {
            "submission": submission,
            "step": step,
            "person": person,
            "error": error,
            "fields": [(f, submission.details.get(f.name)) for f in step.fields if f.detail],
            "approval": Approval.objects.filter(submission=submission)
            .select_related("decided_by")
            .first(),
            "may_decide": scope.role.code == "team_manager",
        },
        status=409 if error is not None and error.status == 409 else 200,
    )


@login_required
@require_GET
def my_children(request: HttpRequest) -> HttpResponse:
    scope = _worker_scope(request)
    works = caseload(scope=scope, worker=request.user, today=timezone.localdate())  # type: ignore[arg-type]
    return render(request, "casework/caseload.html", {"works": works})


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    scope = _worker_scope(request)
    if scope.role.code != "team_manager":
        raise Http404("The team board is a team manager's")
    rows = team_board(scope=scope, today=timezone.localdate())
    return render(
        request,
        "casework/team.html",
        {
            "rows": rows,
            "awaiting": awaiting_authorisation(scope).count(),
        },
    )


@login_required
@require_GET
def process(request: HttpRequest) -> HttpResponse:
    """The steps and the clocks, from their declarations (like the rules page)."""
    steps = [(s, ", ".join(ROLES[r].label for r in s.roles)) for s in STEPS.values()]
    return render(
        request,
        "casework/process.html",
        {"steps": steps, "clocks": [(c, OWNERS[c.owner]) for c in clocks()]},
    )


@login_required
@require_GET
def front_door(request: HttpRequest) -> HttpResponse:
    """Contacts waiting for the front door's decision, soonest due first."""
    scope = _worker_scope(request)
    waiting = service_clocks(scope, timezone.localdate(), only=("referral_decision",))
    return render(request, "casework/front_door.html", {"waiting": waiting.runs})


@login_required
@require_GET
def service(request: HttpRequest) -> HttpResponse:
    """The service's board: every clock, how many overdue, due soon and running."""
    scope = _worker_scope(request)
    clocks = service_clocks(scope, timezone.localdate())
    overdue = [r for r in clocks.runs if r[2] == OVERDUE]  # due longest ago first
    return render(
        request, "casework/service.html", {"counts": clocks.counts(), "overdue": overdue[:50]}
    )


@login_required
@require_POST
def allocate(request: HttpRequest, key: str) -> HttpResponse:
    scope = _worker_scope(request)
    if scope.role.code != "team_manager":
        raise Http404("Allocation is a team manager's")
    person = person_for(scope, key, purpose="Allocating the child's case")
    worker = User.objects.filter(
        pk=request.POST.get("worker") or 0,
        profile__organisation=scope.organisation,
        profile__role__in=["social_worker", "team_manager"],
    ).first()
    if worker is None:
        messages.error(request, "Choose a social worker to allocate the case to.")
    else:
        allocation_start(
            actor=scope.actor,
            person=person,
            worker=worker,
            manager=request.user,  # type: ignore[arg-type]
            handover_note=request.POST.get("handover_note", ""),
        )
        messages.success(request, f"Allocated to {worker.get_full_name()}.")
    return redirect(reverse("ui:person", args=[person.key]) + "#case")
