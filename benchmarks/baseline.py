"""Bare views the app's figures are compared with: the same rows, none of the app's work.

No access check, no access log, no template: one query and `JsonResponse`. They are served
through the same Client, middleware and session as the real views (benchmarks.urls mounts
them beside the app's own URLs), so a ratio shows what the app's view costs on top.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

from joinedup.access.models import Profile
from joinedup.chronology.models import EventSubject
from joinedup.people.identifiers import name_phonetic, postcode_normalise
from joinedup.people.models import Person, PersonAddress, PersonIdentifier, PersonName

LIMIT = 50


def floor(request: HttpRequest) -> HttpResponse:
    """The least a page costs: the session and the user (if signed in), one indexed read and a
    small HTML page; no access check, no log, no template. Every page's baseline."""
    role = ""
    if request.user.is_authenticated:
        role = (
            Profile.objects.filter(user_id=request.user.pk).values_list("role", flat=True).first()
            or ""
        )
    return HttpResponse(f"<!DOCTYPE html><title>Floor</title><p>{escape(role)}</p>")


def chronology(request: HttpRequest, key: str) -> JsonResponse:
    """The child's current event entries, newest first, as the chronology lists them."""
    rows = (
        EventSubject.objects.filter(person__key=key, is_current=True)
        .order_by("-occurred_at")
        .values_list(
            "occurred_at",
            "role",
            "version__type",
            "version__agency",
            "version__organisation__name",
            "version__summary",
            "version__version",
        )
    )
    return JsonResponse({"events": [list(r) for r in rows]})


def lookup(request: HttpRequest) -> JsonResponse:
    """One query on one index for each kind of search the real view answers."""
    q = request.GET
    if q.get("identifier"):
        rows = PersonIdentifier.objects.filter(
            scheme="nhs_number", value=q["identifier"].replace(" ", "")
        ).values_list("person_id", flat=True)[:LIMIT]
    elif q.get("postcode"):
        rows = PersonAddress.objects.filter(
            postcode_norm=postcode_normalise(q["postcode"])
        ).values_list("person_id", flat=True)[:LIMIT]
    elif q.get("dob"):
        rows = Person.objects.filter(dob=q["dob"]).values_list("id", flat=True)[:LIMIT]
    else:
        given, _, family = q.get("name", "").strip().rpartition(" ")
        rows = PersonName.objects.filter(
            family_phonetic=name_phonetic(family), given_phonetic=name_phonetic(given)
        ).values_list("person_id", flat=True)[:LIMIT]
    return JsonResponse({"people": list(rows)})
