"""The clinician's view (CP-IS model): GET /api/v1/flags?nhs_number=… and the flags page."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from joinedup.api.services import api_token_create
from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import Actor
from joinedup.cases.services import allocation_start
from joinedup.people.models import Person
from joinedup.signals.models import Notification
from joinedup.signals.tests.timelines import INFANT_ON_PLAN, LOOKED_AFTER_ED, RUBY, nhs

OPERATOR = Actor(label="test operator")
URL = "/api/v1/flags"


def _token(organisation) -> dict[str, str]:
    secret = api_token_create(actor=OPERATOR, organisation=organisation, name="ED system")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _ruby_on_plan(cast, live) -> Person:
    live(*INFANT_ON_PLAN.events)
    ruby = Person.objects.get(given_name="Ruby")
    allocation_start(
        actor=OPERATOR, person=ruby, worker=cast.social_worker, manager=cast.team_manager
    )
    return ruby


def test_it_is_served_at_the_api_path(db):
    assert reverse("api:flags") == URL


def test_it_refuses_a_lookup_without_a_token(db, client):
    response = client.get(URL, {"nhs_number": RUBY["nhs_number"]})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorised"


def test_it_answers_only_health_organisations(db, cast, client):
    response = client.get(URL, {"nhs_number": RUBY["nhs_number"]}, **_token(cast.police))
    assert response.status_code == 403


def test_it_refuses_an_invalid_nhs_number(db, cast, client):
    response = client.get(URL, {"nhs_number": "1234567890"}, **_token(cast.hospital))
    assert response.status_code == 400


def test_it_says_the_plan_since_when_and_whom_to_call_and_tells_the_social_worker(
    db, cast, live, client
):
    ruby = _ruby_on_plan(cast, live)
    response = client.get(URL, {"nhs_number": RUBY["nhs_number"]}, **_token(cast.hospital))
    assert response.status_code == 200
    body = response.json()
    assert body["person_id"] == str(ruby.key)
    assert body["child_protection_plan"] == {"active": True, "since": "2026-02-02"}
    assert body["looked_after"] == {"active": False, "since": None}
    assert body["contact"]["name"] == "Sam Okafor"
    assert body["contact"]["phone"] == "01632 960000"
    log = AccessLogEntry.objects.get(action="flags_lookup")
    assert log.person_id == ruby.pk and "Riverside Hospital" in log.actor_label
    note = Notification.objects.get()
    assert note.user == cast.social_worker and "Riverside Hospital" in note.text
    client.force_login(cast.social_worker)
    assert "looked up Ruby Carter" in client.get(reverse("signals:inbox")).content.decode()


def test_it_says_looked_after_since_when(db, cast, live, client):
    live(*LOOKED_AFTER_ED.events)
    body = client.get(URL, {"nhs_number": nhs(8008)}, **_token(cast.hospital)).json()
    assert body["looked_after"] == {"active": True, "since": "2026-01-05"}
    assert body["contact"]["phone"] == "01632 960123"  # the front door: nobody allocated
    assert Notification.objects.get().role == "front_door"


def test_it_answers_unknown_and_unflagged_children_alike_and_logs_both(db, cast, live, client):
    live(*INFANT_ON_PLAN.events[:1])  # Ruby is known, but not yet on a plan
    for number in (RUBY["nhs_number"], nhs(31337)):
        response = client.get(URL, {"nhs_number": number}, **_token(cast.hospital))
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
    assert AccessLogEntry.objects.filter(action="flags_lookup").count() == 2
    assert not Notification.objects.exists()


def test_it_shows_a_clinician_the_flags_page(db, cast, live, client):
    _ruby_on_plan(cast, live)
    client.force_login(cast.health_practitioner)
    page = client.get(reverse("signals:flags"), {"nhs_number": RUBY["nhs_number"]})
    text = page.content.decode()
    assert "This child has a child protection plan" in text
    assert "Sam Okafor (Allocated social worker)" in text
    assert Notification.objects.count() == 1


def test_it_keeps_the_plan_when_a_school_sends_a_plan_ended(db, cast, live, client):
    """Issue 22, case 1: a school's token posted `social_care.child_protection_plan_ended`
    about a child on a plan (201), and the clinician was told "no plan"."""
    from joinedup.chronology.models import EventVersion
    from joinedup.chronology.testing import event_body

    _ruby_on_plan(cast, live)
    forged = event_body(
        organisation=cast.school.name,
        agency="education",
        record_id="FORGED-1",
        type="social_care.child_protection_plan_ended",
        occurred_at="2026-03-01T09:00:00Z",
        reported_at="2026-03-01T09:00:00Z",
        subjects=[{"ref": "c", "role": "child", "identifiers": {"nhs_number": RUBY["nhs_number"]}}],
        details={},
    )
    response = client.post(
        "/api/v1/events", forged, content_type="application/json", **_token(cast.school)
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["type"]
    assert "children's social care" in response.json()["errors"][0]["reason"]
    assert not EventVersion.objects.filter(event__record_id="FORGED-1").exists()
    body = client.get(URL, {"nhs_number": RUBY["nhs_number"]}, **_token(cast.hospital)).json()
    assert body["child_protection_plan"]["active"] is True


# --- issue 22, case 5: for clinicians only, never swept, timing says nothing ---------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("health_practitioner", 200),
        ("school_dsl", 404),
        ("police_officer", 404),
        ("social_worker", 404),
        ("auditor", 404),
        ("administrator", 404),
        ("outsider", 404),
    ],
)
def test_it_opens_the_check_page_to_clinicians_only(db, cast, client, who, status):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("signals:flags"), {"nhs_number": RUBY["nhs_number"]})
    assert response.status_code == status
    assert AccessLogEntry.objects.filter(action="flags_lookup").exists() is (status == 200)


def test_it_stops_a_sweep_by_a_token_and_alerts_once(db, cast, live, client, settings):
    settings.FLAGS_LOOKUPS_PER_WINDOW = 3
    settings.FLAGS_LOOKUP_FLOOR_SECONDS = 0
    _ruby_on_plan(cast, live)
    token = _token(cast.hospital)
    answers = [
        client.get(URL, {"nhs_number": number}, **token)
        for number in (RUBY["nhs_number"], nhs(1), nhs(2), nhs(3), RUBY["nhs_number"])
    ]
    assert [a.status_code for a in answers] == [200, 404, 404, 429, 429]
    assert answers[3].json()["error"] == "too_many_lookups" and answers[3]["Retry-After"]
    assert AccessLogEntry.objects.filter(action="flags_lookup").count() == 3
    assert AccessLogEntry.objects.filter(action="flags_lookup_refused").count() == 1
    # Another token of the same hospital has its own count.
    assert client.get(URL, {"nhs_number": nhs(4)}, **_token(cast.hospital)).status_code == 404


def test_it_stops_a_sweep_on_the_page_too(db, cast, client, settings):
    settings.FLAGS_LOOKUPS_PER_WINDOW = 2
    settings.FLAGS_LOOKUP_FLOOR_SECONDS = 0
    client.force_login(cast.health_practitioner)
    codes = [
        client.get(reverse("signals:flags"), {"nhs_number": nhs(n)}).status_code for n in range(3)
    ]
    assert codes == [200, 200, 429]
    page = client.get(reverse("signals:flags"), {"nhs_number": nhs(9)}).content.decode()
    assert "You have made many checks in a short time" in page


def test_it_takes_as_long_to_say_unknown_as_to_say_on_a_plan(db, cast, live, client, settings):
    settings.FLAGS_LOOKUP_FLOOR_SECONDS = 0.2
    _ruby_on_plan(cast, live)
    token = _token(cast.hospital)
    for number, status in ((RUBY["nhs_number"], 200), (nhs(31337), 404)):
        started = time.monotonic()
        assert client.get(URL, {"nhs_number": number}, **token).status_code == status
        assert time.monotonic() - started >= 0.2
