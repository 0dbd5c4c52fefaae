"""Identity review pages: the queue, one item side by side, and undoing a merge.

Each view: the access check (`access.policy`), one selector or service, render. Only
children's social care of the authority (front door, team manager, social worker) reaches
these pages; anyone else gets the same 404 as for a page that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from joinedup.access.people import identity_comparison, identity_reviews_open
from joinedup.access.policy import (
    can_decide_identity,
    can_share_person,
    identity_review_for,
    person_for,
    scope_for,
)
from joinedup.audit.actions import Action
from joinedup.audit.services import access_log_write
from joinedup.core.errors import ApplicationError
from joinedup.core.models import LocalAuthority
from joinedup.core.paging import PAGE_PARAMETER, page_number, page_of, pagination
from joinedup.people.merges import merges_active
from joinedup.people.models import PersonAuthority
from joinedup.people.services import identity_review_decide, person_share, person_unmerge
from joinedup.ui.identity_forms import IdentityDecisionForm, ShareForm, UnmergeForm

QUEUE_PURPOSE = "Reviewing possible matches"
REVIEW_PURPOSE = "Comparing two records that may be the same person"


@login_required
@require_GET
def identity_reviews(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not can_decide_identity(scope):
        raise Http404("No such page")
    assert scope is not None
    page = page_of(
        identity_reviews_open(scope=scope), number=page_number(request.GET.get(PAGE_PARAMETER))
    )
    with transaction.atomic():
        access_log_write(
            actor=scope.actor,
            action=Action.VIEW_IDENTITY_QUEUE,
            purpose=QUEUE_PURPOSE,
            detail={"items": page.total, "page": page.number, "shown": len(page.items)},
        )
    return render(
        request,
        "ui/identity_reviews.html",
        {"items": page.items, "pagination": pagination(page, request.GET)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def identity_review(request: HttpRequest, review_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    review = identity_review_for(scope, review_id, purpose=REVIEW_PURPOSE)
    assert scope is not None
    form = IdentityDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = identity_review_decide(
                actor=scope.actor,
                review=review,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if made.decision == "link":
                messages.success(
                    request, f"Linked: {review.person} is now read as part of this record."
                )
                return redirect("ui:person", key=review.candidate.key)
            messages.success(request, "Kept apart. This pair will not be suggested again.")
            return redirect("ui:identity-reviews")
    comparison = identity_comparison(scope=scope, review=review)
    return render(request, "ui/identity_review.html", {"c": comparison, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_unmerge_view(request: HttpRequest, key: str, merge_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    if not can_decide_identity(scope):
        raise Http404("No such page")
    survivor = person_for(scope, key, purpose=REVIEW_PURPOSE)
    merge = (
        merges_active().filter(pk=merge_id, survivor=survivor).select_related("absorbed").first()
    )
    if merge is None:
        raise Http404("No such merge")
    assert scope is not None
    form = UnmergeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person_unmerge(actor=scope.actor, merge=merge, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Merge undone: {merge.absorbed} is a separate record again.")
            return redirect("ui:person", key=survivor.key)
    return render(
        request, "ui/person_unmerge.html", {"person": survivor, "merge": merge, "form": form}
    )


SHARE_PURPOSE = "Sharing a record with another local authority"


@login_required
@require_http_methods(["GET", "POST"])
def person_share_view(request: HttpRequest, key: str) -> HttpResponse:
    """Share a person's record with another local authority, with a reason (ADR 0019)."""
    scope = scope_for(request.user)
    if not can_share_person(scope):
        raise Http404("No such page")
    person = person_for(scope, key, purpose=SHARE_PURPOSE)
    assert scope is not None
    seeing = PersonAuthority.objects.filter(person=person).values("authority_id")
    form = ShareForm(
        request.POST if request.method == "POST" else None,
        others=LocalAuthority.objects.exclude(pk__in=seeing).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            share = person_share(
                actor=scope.actor,
                person=person,
                authority=form.cleaned_data["authority"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"Shared with {share.authority.name}. Their front door has been told."
            )
            return redirect("ui:person", key=person.key)
    return render(
        request,
        "ui/person_share.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )
