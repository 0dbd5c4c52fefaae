"""Requests and transactions (ADR 0017): a read holds no transaction and logs the view first;
a write is one transaction, rolled back whole when its view fails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from joinedup.audit.models import AccessLogEntry
from joinedup.conftest import PASSWORD
from joinedup.signals.models import Signal, SignalRecipient, SignalResponse
from joinedup.ui import views as ui_views
from joinedup.ui.tests.story import maya_story

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(cast):
    client = Client(raise_request_exception=False)
    response = client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_it_reads_a_record_outside_any_transaction_after_logging_the_view(
    cast, signed_in, monkeypatch
):
    maya = maya_story(cast).maya
    seen = []
    real = ui_views.chronology_for

    def chronology_for(**kwargs):
        seen.append(
            (
                connection.in_atomic_block,
                AccessLogEntry.objects.filter(action="view_person", person=maya).count(),
            )
        )
        return real(**kwargs)

    monkeypatch.setattr(ui_views, "chronology_for", chronology_for)
    assert signed_in.get(f"/people/{maya.key}").status_code == 200
    assert seen == [(False, 1)]  # no transaction held; the view already logged (and committed)


def test_it_keeps_the_log_of_a_view_whose_page_then_failed(cast, signed_in, monkeypatch):
    maya = maya_story(cast).maya

    def broken(**kwargs):
        raise RuntimeError("the chronology could not be read")

    monkeypatch.setattr(ui_views, "chronology_for", broken)
    assert signed_in.get(f"/people/{maya.key}").status_code == 500
    assert AccessLogEntry.objects.filter(action="view_person", person=maya).count() == 1


def _signal_for(child, *, to) -> Signal:
    now = timezone.now()
    signal = Signal.objects.create(
        rule="repeat_injury",
        person=child,
        pattern_key="p",
        raised_at=now,
        due_at=now,
        escalate_at=now + timedelta(days=1),
        sentence=f"{child.given_name} has been injured again.",
        created_at=now,
    )
    SignalRecipient.objects.create(signal=signal, user=to, label=to.get_full_name(), added_at=now)
    return signal


def test_it_rolls_back_the_whole_of_a_write_whose_view_then_failed(cast, signed_in, monkeypatch):
    maya = maya_story(cast).maya
    signal = _signal_for(maya, to=cast.social_worker)

    def broken(*args, **kwargs):
        raise RuntimeError("the message could not be stored")

    monkeypatch.setattr("joinedup.signals.views.messages.success", broken)
    response = signed_in.post(f"/signals/{signal.pk}/acknowledge")
    assert response.status_code == 500
    signal.refresh_from_db()
    assert signal.status == Signal.Status.OPEN  # the acknowledgement was rolled back
    assert not AccessLogEntry.objects.filter(action="signal_acknowledged").exists()
    assert not SignalResponse.objects.exists()

    monkeypatch.undo()
    assert signed_in.post(f"/signals/{signal.pk}/acknowledge").status_code == 302
    signal.refresh_from_db()
    assert signal.status == Signal.Status.ACKNOWLEDGED


def _born_together(family: str, first: str, second: str):
    """Two boys of one home born the same day, reported by the hospital: a review item."""
    from joinedup.chronology.testing import event_body, record
    from joinedup.people.models import IdentityReview

    home = {"line1": "3 Ferry Road", "town": "Riverside", "postcode": "RV3 1FR"}
    record(
        *[
            event_body(
                record_id=f"ED-{family}-{given}",
                subjects=[
                    {
                        "ref": "c",
                        "role": "child",
                        "name": {"given": given, "family": family},
                        "dob": "2019-06-01",
                        "sex": "male",
                        "address": home,
                    }
                ],
            )
            for given in (first, second)
        ]
    )
    return IdentityReview.objects.get(person__given_name=second)


def test_every_read_that_logs_works_outside_a_request_transaction(cast, signed_in):
    """Most tests run inside a transaction of their own, which would hide a read that writes
    its log entry without one; here each page runs as in production, in autocommit."""
    from joinedup.api.services import api_token_create
    from joinedup.audit.services import Actor
    from joinedup.chronology.models import Event
    from joinedup.chronology.testing import record, social_care_body
    from joinedup.people.models import PersonMerge
    from joinedup.people.services import identity_review_decide

    maya = maya_story(cast).maya
    record(social_care_body("social_care.child_protection_plan_started", "2026-04-01"))
    pair = _born_together("Oak", "Jack", "Jake")
    linked = _born_together("Ash", "Jim", "Jem")
    identity_review_decide(actor=Actor(label="test"), review=linked, decision="link", reason="One")
    merge = PersonMerge.objects.get()
    signal = _signal_for(maya, to=cast.social_worker)
    secret = api_token_create(actor=Actor(label="test"), organisation=cast.hospital, name="ED")
    token = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    event = Event.objects.filter(organisation=cast.hospital).first()
    assert event is not None
    nhs = "9434765919"  # Maya's

    clinician = Client()
    clinician.force_login(cast.health_practitioner)
    reads = [
        (signed_in, "/people/search?name=Maya+Brooks", {}),
        (signed_in, f"/people/{maya.key}", {}),
        (signed_in, "/identity/reviews", {}),
        (signed_in, f"/identity/reviews/{pair.pk}", {}),
        (signed_in, f"/people/{merge.survivor.key}/merges/{merge.pk}/undo", {}),
        (signed_in, f"/signals/{signal.pk}", {}),
        (clinician, f"/flags?nhs_number={nhs}", {}),
        (Client(), f"/api/v1/flags?nhs_number={nhs}", token),
        (Client(), f"/api/v1/events/{event.pk}", token),
    ]
    for client, path, headers in reads:
        before = AccessLogEntry.objects.count()
        response = client.get(path, **headers)
        assert response.status_code == 200, (path, response.status_code)
        assert AccessLogEntry.objects.count() > before, f"{path} logged nothing"
