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


def test_it_rolls_back_the_whole_of_a_write_whose_view_then_failed(cast, signed_in, monkeypatch):
    maya = maya_story(cast).maya
    now = timezone.now()
    signal = Signal.objects.create(
        rule="repeat_injury",
        person=maya,
        pattern_key="p",
        raised_at=now,
        due_at=now,
        escalate_at=now + timedelta(days=1),
        sentence="Maya has been injured again.",
        created_at=now,
    )
    SignalRecipient.objects.create(
        signal=signal, user=cast.social_worker, label="Sam Okafor", added_at=now
    )

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
