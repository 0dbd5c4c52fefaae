"""A social worker sees, acknowledges and answers a signal in a real browser (axe on each page).

Reuses the UI's browser harness (Debian Chromium, Playwright, axe-core); skipped without them.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from joinedup.audit.services import Actor
from joinedup.cases.services import allocation_start
from joinedup.chronology.testing import record
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


def test_it_says_saving_and_sends_an_answer_once(visit, cast, ruby, monkeypatch):
    """A slow save shows "Saving…", tells a screen reader, and a second press sends nothing."""
    import threading

    from joinedup.signals import views
    from joinedup.signals.models import SignalResponse

    real = views.signal_acknowledge
    answer = threading.Event()  # the server answers once the page has been read

    def slow(**kwargs: Any) -> Any:
        answer.wait(timeout=30)  # the live server's thread: as a busy server would
        return real(**kwargs)

    monkeypatch.setattr(views, "signal_acknowledge", slow)
    signal = Signal.objects.get(rule="cp_plan_unscheduled_care")
    visit.sign_in("sw")
    visit.goto(f"/signals/{signal.pk}")
    page = visit.page
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    # Read in the page itself, as the form goes: the server is still answering, the old page
    # still shown. The page reports through a binding: Chromium may not run a script sent from
    # here while a form's POST is in flight (the test used to flake so).
    states: list[dict] = []
    # A function of our own: Playwright cannot bind a builtin method such as states.append.
    page.expose_function("reportSaving", lambda seen: states.append(seen))  # noqa: PLW0108
    page.evaluate(
        """() => {
            const form = document.querySelector("form[action$='/acknowledge']");
            form.addEventListener("submit", () => setTimeout(() => {
                const button = form.querySelector("button");
                const seen = {
                    text: button.textContent.trim(),
                    busy: button.getAttribute("aria-disabled"),
                    status: document.querySelector("[role=status]").textContent,
                };
                button.click();  // pressed again while the first is on its way
                window.reportSaving(seen);
            }, 0));
        }"""
    )
    page.get_by_role("button", name="Acknowledge").click(no_wait_after=True)
    for _ in range(100):
        if states:
            break
        page.wait_for_timeout(50)
    answer.set()
    assert states, "the page never reported the form going"
    state = states[0]  # the second press's own report, if any, follows it
    assert state == {"text": "Saving…", "busy": "true", "status": "Saving…"}
    page.get_by_text("You have acknowledged this signal").wait_for()
    visit.check()
    assert [url for url in sent if url.endswith("/acknowledge")] == [
        f"{visit.base_url}/signals/{signal.pk}/acknowledge"
    ]
    assert SignalResponse.objects.filter(signal=signal, kind="acknowledged").count() == 1


def test_it_takes_the_front_door_from_a_probable_signal_to_the_decision(visit, cast):
    """The front door opens a signal raised on a probable identity, follows it to the review
    item (first in the queue), keeps the records apart, and finds the signal withdrawn."""
    from joinedup.signals.tests.probable_timelines import PARTNER_MISSPELT

    for body in PARTNER_MISSPELT:
        record(body)  # no surrounding transaction: the after-commit hooks run
    signal = Signal.objects.get(rule="risky_adult_linked")
    visit.sign_in("mash")
    visit.goto(f"/signals/{signal.pk}")
    page = visit.page
    visit.check()
    assert "Identity not confirmed" in page.inner_text("main")
    assert "Briant" not in page.inner_text("main")
    page.get_by_role("link", name="Compare the two records and decide").click()
    visit.check()
    page.get_by_label("Keep apart: different people").check()
    page.get_by_label("Reason").fill("Different men: the police hold a photograph of each.")
    page.get_by_role("button", name="Save decision").click()
    visit.check()
    visit.goto(f"/signals/{signal.pk}")
    visit.check()
    assert "Withdrawn" in page.inner_text("main")
    assert "the police hold a photograph of each" in page.inner_text("main")
