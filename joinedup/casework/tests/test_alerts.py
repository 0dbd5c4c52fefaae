"""Deadlines alert, never block: an overdue clock's owner is told once, by an email that says
nothing of the child."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from joinedup.access.policy import scope_for
from joinedup.cases.models import Allocation
from joinedup.casework.alerts import clocks_alert
from joinedup.casework.models import ClockAlert
from joinedup.casework.process import STEPS
from joinedup.casework.services import step_record
from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.people.models import Person


def _text(message) -> str:  # type: ignore[no-untyped-def]
    return f"{message['Subject']}\n{message.get_content()}"


def _record(cast, person, step: str, days_ago: int, **answers) -> None:  # type: ignore[no-untyped-def]
    scope = scope_for(cast.front_door)
    assert scope is not None
    step_record(
        scope=scope,
        user=cast.front_door,
        person=person,
        step=STEPS[step],
        answers={"occurred_at": timezone.now() - timedelta(days=days_ago), **answers},
        known={},
    )


def test_it_tells_the_allocated_worker_and_manager_once(
    cast, mail, django_capture_on_commit_callbacks
):
    record(event_body(subjects=[MAYA]))
    maya = Person.objects.get(given_name="Maya")
    Allocation.objects.create(
        person=maya,
        worker=cast.social_worker,
        manager=cast.team_manager,
        started_at=timezone.now(),
        recorded_by="t",
        recorded_at=timezone.now(),
    )
    _record(cast, maya, "referral", 90, decision="assessment", rationale="Assess.")
    with django_capture_on_commit_callbacks(execute=True):
        assert clocks_alert(today=timezone.localdate()) == 2
    assert {a.user for a in ClockAlert.objects.all()} == {cast.social_worker, cast.team_manager}
    [message] = mail.to(cast.social_worker.email)
    assert f"/people/{maya.key}#case" in _text(message)
    assert "Maya" not in _text(message) and "Brooks" not in _text(message)
    assert clocks_alert(today=timezone.localdate()) == 0  # once per run of the clock


def test_it_tells_the_front_door_of_a_contact_waiting_too_long(
    cast, mail, django_capture_on_commit_callbacks
):
    record(event_body(subjects=[MAYA]))
    maya = Person.objects.get(given_name="Maya")
    _record(cast, maya, "contact", 6, contact_source="School", presenting_need="Bruise")
    with django_capture_on_commit_callbacks(execute=True):
        assert clocks_alert(today=timezone.localdate()) == 1
    assert mail.to(cast.front_door.email)


def test_it_tells_nobody_of_a_clock_not_yet_due(cast, mail):
    record(event_body(subjects=[MAYA]))
    maya = Person.objects.get(given_name="Maya")
    _record(cast, maya, "contact", 0, contact_source="School", presenting_need="Bruise")
    assert clocks_alert(today=timezone.localdate()) == 0
