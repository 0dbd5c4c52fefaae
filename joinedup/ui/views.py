"""The web pages. Each view: work out the scope, call one selector (or the access gate), render.

Signing in is Django's; everything else needs a signed-in user. A person is reached only by
`access.policy.person_for`, which logs the view; a search is logged here as `search`.
"""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.access.chronology import (
    chronology_for,
    chronology_overview,
)
from joinedup.access.people import (
    authorities_seeing,
    household_for,
    identity_for,
    merges_into,
    relationships_for,
)
from joinedup.access.policy import (
    Scope,
    can_decide_identity,
    can_share_person,
    person_for,
    scope_for,
    social_care_involvement,
)
from joinedup.access.purposes import NO_REASON, Purpose, purpose_code, purpose_words
from joinedup.access.search import as_told_to, person_search, postcode_display
from joinedup.audit.actions import Action
from joinedup.audit.services import access_log_write
from joinedup.cases.clocks import clocks_open
from joinedup.cases.selectors import (
    CaseState,
    allocation_current,
    case_state_from,
    social_care_facts,
)
from joinedup.casework.process import steps_offered
from joinedup.casework.selectors import (
    colleagues_to_allocate,
    step_records_for,
    submissions_for_person,
)
from joinedup.core.paging import PAGE_PARAMETER, page_number, pagination
from joinedup.people.models import Person
from joinedup.signals.selectors import signals_for_person
from joinedup.ui.forms import ChronologyFilterForm, SearchForm, SignInForm
from joinedup.ui.presenters import govuk_date
from joinedup.ui.timeline import timeline_html

SEARCH_PURPOSE = "Finding a person's record (no reason given)"
# Search shows this many people a page.
SEARCH_LIMIT = 50
# The chronology is shown a page at a time, newest first, with links to older and newer pages:
# 500 entries is a long read already, and a page of 2,000 weighs 2 MB.
CHRONOLOGY_LIMIT = 500


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("ui:search")


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = SignInForm(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        login(request, form.user)
        return redirect(next_url or "ui:home")
    return render(
        request,
        "ui/sign_in.html",
        {
            "form": form,
            "next": next_url,
            "timed_out": request.GET.get("timeout") == "1",
            "signed_out": request.GET.get("signed-out") == "1",
        },
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(f"{reverse('ui:sign-in')}?signed-out=1")


@login_required
@require_GET
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Touched by the session-timeout warning's "Stay signed in": the session is saved anew."""
    return HttpResponse(status=204)


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    reason = request.GET.get("purpose", "")
    # The form sends every box, empty or not; a link back with only a reason is not a search.
    searched = any(name in request.GET for name in SearchForm.CRITERIA)
    form = SearchForm(request.GET if searched else None, initial={"purpose": purpose_code(reason)})
    results = None
    if scope is not None and form.is_bound and form.is_valid():
        criteria = form.criteria()
        results = person_search(
            scope=scope,
            page=page_number(request.GET.get(PAGE_PARAMETER)),
            size=SEARCH_LIMIT,
            **criteria,
        )
        with transaction.atomic():
            access_log_write(
                actor=scope.actor,
                action=Action.SEARCH,
                purpose=purpose_words(reason) or SEARCH_PURPOSE,
                detail={
                    **{k: (v.isoformat() if k == "dob" and v else v) for k, v in criteria.items()},
                    "results": results.page.total,
                    "page": results.page.number,
                },
            )
    return render(
        request,
        "ui/search.html",
        {
            "form": form,
            "results": results,
            "pagination": pagination(results.page, request.GET) if results else None,
            "no_access": scope is None,
            "purpose": purpose_code(reason),
        },
    )


@login_required
@require_GET
def person(request: HttpRequest, key: str) -> HttpResponse:
    scope = scope_for(request.user)
    reason = request.GET.get("purpose", "")
    record = person_for(scope, key, purpose=purpose_words(reason) or NO_REASON)
    assert scope is not None  # person_for has returned, so the scope may see this person

    overview = chronology_overview(scope=scope, person=record)
    filters = ChronologyFilterForm(request.GET, agencies=overview.agencies, types=overview.types)
    start = request.GET.get("start", "")
    start_at = int(start) if start.isdigit() else 0
    chronology = chronology_for(
        scope=scope, person=record, limit=CHRONOLOGY_LIMIT, start=start_at, **filters.filters()
    )
    query = request.GET.copy()
    query.pop("start", None)
    identity = identity_for(scope=scope, person=record)
    shown = as_told_to(scope, [record])[0]  # a partner sees the person as it told them
    today = timezone.localdate()
    context = {
        "person": shown,
        "is_child": shown.is_child_on(today),
        "dob": govuk_date(shown.dob),
        "identity": identity,
        "nhs_number": next((i.value for i in identity.identifiers if i.scheme == "nhs_number"), ""),
        "postcode": postcode_display(identity.address.postcode) if identity.address else "",
        "is_partner": scope.is_partner,
        "scope": scope,
        # The reason travels with the page's links: a code, or words a link brought.
        "purpose": purpose_code(reason) or purpose_words(reason),
        "purpose_words": purpose_words(reason),
        "purpose_code": purpose_code(reason),
        "purposes": Purpose.choices,
        "filters": filters,
        "chronology": chronology,
        "page_first": start_at + 1,
        "page_last": start_at + len(chronology.entries),
        "older_query": _with_start(query, start_at + CHRONOLOGY_LIMIT) if chronology.capped else "",
        "newer_query": _with_start(query, max(start_at - CHRONOLOGY_LIMIT, 0)) if start_at else "",
        "timeline_html": timeline_html(chronology.entries),
    }
    if scope.is_partner:
        context["social_care"] = social_care_involvement(scope, record)
    else:
        facts = social_care_facts(record)
        context["case"] = case = case_state_from(facts)
        context["clocks"] = [(run, run.status(today)) for run in clocks_open(facts)]
        context["allocation"] = allocation_current(person=record)
        context.update(_casework(scope, record, case))
        context["signals"] = signals_for_person(scope, record)
        context["household"] = household_for(scope=scope, person=record)
        context["relationships"] = relationships_for(scope=scope, person=record)
        context["involved"] = overview.involved
        context["merges"] = merges_into(person=record)
        context["can_decide_identity"] = can_decide_identity(scope)
        context["seen_by"] = authorities_seeing(person=record)
        context["can_share"] = can_share_person(scope)
    return render(request, "ui/person.html", context)


def _casework(scope: Scope, record: Person, case: CaseState) -> dict[str, object]:
    """What children's social care may record about the child, and what waits on it."""
    if scope.organisation.agency != "social_care":
        return {}
    manager = scope.role.code == "team_manager"
    return {
        "steps": steps_offered(case, scope.role.code),
        "submissions": submissions_for_person(record)[:5],
        "step_records": step_records_for(record),
        "may_allocate": manager,
        "colleagues": colleagues_to_allocate(scope) if manager else [],
    }


def _with_start(query: QueryDict, start: int) -> str:
    """The page's own query string (filters, purpose) pointing at another page of entries."""
    page = query.copy()
    if start:
        page["start"] = str(start)
    return "?" + page.urlencode()
