"""A social worker sees, acknowledges and answers a signal in a real browser (axe on each page).

Reuses the UI's browser harness (Debian Chromium, Playwright, axe-core); skipped without them.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from joinedup.audit.services import Actor
from joinedup.cases.services import allocation_start
from joinedup.core.testing import record
from joinedup.people.models import Person
from joinedup.signals.models import Signal
from joinedup.signals.tests.timelines import INFANT_ON_PLAN

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
harness = pytest.importorskip("joinedup.ui.tests.test_browser")
browser = harness.browser
visit = harness.visit

pytestmark = pytest.mark.browser


@pytest.fixture
def ruby(transactional_db: None, cast: Any) -> Person:
    events = sorted(INFANT_ON_PLAN.events, key=lambda b: b["reported_at"])
    record(*events[:2])  # no surrounding transaction here: the after-commit hook runs
    child = Person.objects.get(given_name="Ruby")
    allocation_start(
        actor=Actor(label="test"),
        person=child,
        worker=cast.social_worker,
        manager=cast.team_manager,
    )
    for body in events[2:]:
        record(body)
    return child


def test_it_lets_a_social_worker_acknowledge_and_answer_a_signal(visit, cast, ruby):
    signal = Signal.objects.get(rule="cp_plan_unscheduled_care")
    visit.sign_in("sw")
    visit.goto("/signals/")
    page = visit.page
    page.get_by_role("link", name="Unscheduled care while on a plan or looked after").click()
    visit.check()
    assert "she has been on a child protection plan since 2 February" in page.inner_text(
        "#sentence"
    )
    assert page.locator("#evidence a").count() == 2
    page.get_by_role("button", name="Acknowledge").click()
    visit.check()
    assert "Acknowledged" in page.inner_text("main")
    page.get_by_role("button", name="Record response").click()  # nothing chosen: errors
    visit.check()
    assert "There is a problem" in page.inner_text("main")
    page.get_by_label("Action taken").check()
    page.get_by_label("What you did, or why no action is needed").fill(
        "Strategy discussion with the hospital; home visit today."
    )
    page.get_by_role("button", name="Record response").click()
    visit.check()
    assert "Your response has been recorded" in page.inner_text("main")
    signal.refresh_from_db()
    assert signal.status == Signal.Status.ANSWERED
