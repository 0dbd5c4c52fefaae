"""The signals pages. Each view: scope, one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.access.lookups import TooManyLookupsError, lookup_checked
from joinedup.access.policy import can_check_flags, can_decide_identity, person_for, scope_for
from joinedup.cases.selectors import case_state
from joinedup.core.errors import ApplicationError
from joinedup.core.paging import PAGE_PARAMETER, page_number, page_of, pagination
from joinedup.signals.flags import flags_lookup
from joinedup.signals.forms import FlagsForm, RespondForm
from joinedup.signals.responses import signal_acknowledge, signal_respond
from joinedup.signals.rules import DUE, ROUTES, RULES
from joinedup.signals.selectors import (
    notifications_for_scope,
    read_as_now,
    signal_for,
    signals_for_scope,
)
from joinedup.signals.visibility import can_respond_to_signal

READ_PURPOSE = "Reading a risk signal"


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    show_answered = request.GET.get("show") == "all"
    page = page_of(
        signals_for_scope(scope, answered=show_answered),
        number=page_number(request.GET.get(PAGE_PARAMETER)),
    )
    return render(
        request,
        "signals/inbox.html",
        {
            "signals": read_as_now(page.items),
            "pagination": pagination(page, request.GET),
            "notifications": notifications_for_scope(scope),
            "show_answered": show_answered,
            "no_access": scope is None,
        },
    )


def _signal_page(request: HttpRequest, signal_id: int, form: RespondForm | None = None):
    scope = scope_for(request.user)
    signal = signal_for(scope, signal_id)
    assert scope is not None
    person_for(scope, str(signal.child.key), purpose=READ_PURPOSE)  # the gate, and the log
    return render(
        request,
        "signals/signal.html",
        {
            "signal": signal,
            "rule": RULES[signal.rule],
            "can_respond": can_respond_to_signal(scope, signal),
            "can_decide_identity": can_decide_identity(scope),
            "form": form or RespondForm(),
            # A signal about a child on a plan offers a strategy discussion, evidence filled in.
            "offer_strategy": not scope.is_partner
            and scope.organisation.agency == "social_care"
            and case_state(person=signal.child).cp_plan_since is not None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    return _signal_page(request, signal_id)


@login_required
@require_POST
def signal_acknowledge_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    signal = signal_for(scope, signal_id)
    assert scope is not None
    if not can_respond_to_signal(scope, signal):
        raise Http404("No such signal")
    signal_acknowledge(scope=scope, signal=signal)
    messages.success(request, "You have acknowledged this signal. Record your response below.")
    return redirect("signals:signal", signal_id=signal.pk)


@login_required
@require_POST
def signal_respond_view(request: HttpRequest, signal_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    signal = signal_for(scope, signal_id)
    assert scope is not None
    if not can_respond_to_signal(scope, signal):
        raise Http404("No such signal")
    form = RespondForm(request.POST)
    if not form.is_valid():
        return _signal_page(request, signal_id, form)
    try:
        signal_respond(
            scope=scope,
            signal=signal,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
        )
    except ApplicationError as error:
        form.add_error("text", error.message)
        return _signal_page(request, signal_id, form)
    messages.success(request, "Your response has been recorded.")
    return redirect("signals:signal", signal_id=signal.pk)


@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    return render(
        request, "signals/rules.html", {"rules": RULES.values(), "routes": ROUTES, "due": DUE}
    )


@login_required
@require_http_methods(["GET"])
def flags_page(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not can_check_flags(scope):
        raise Http404("Not available")
    assert scope is not None
    form = FlagsForm(request.GET or None)
    result, searched, status = None, False, 200
    if form.is_bound and form.is_valid():
        try:
            result = lookup_checked(
                who=f"user:{scope.user_id}",
                actor=scope.actor,
                now=timezone.now(),
                lookup=lambda: flags_lookup(
                    actor=scope.actor, nhs_number=form.cleaned_data["nhs_number"], who=scope.label
                ),
            )
            searched = True
        except TooManyLookupsError as refused:
            until = timezone.localtime(refused.until)
            form.add_error(
                "nhs_number",
                f"You have made many checks in a short time. You can check again at {until:%H:%M}.",
            )
            status = 429
    return render(
        request,
        "signals/flags.html",
        {"form": form, "result": result, "searched": searched},
        status=status,
    )
