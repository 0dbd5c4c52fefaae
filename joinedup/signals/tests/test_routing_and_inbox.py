"""Routing, the inbox, acknowledging and answering through HTTP, and escalation, over the cast."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import Actor
from joinedup.cases.services import allocation_start
from joinedup.conftest import PASSWORD
from joinedup.people.models import Person
from joinedup.signals.models import Signal, SignalResponse
from joinedup.signals.responses import signals_escalate
from joinedup.signals.tests.timelines import HUNGRY_CHILD, INFANT_ON_PLAN, NOT_BROUGHT

OPERATOR = Actor(label="test operator")


def _ruby():
    return Person.objects.get(given_name="Ruby", family_name="Carter")


def _allocated_infant(cast, live):
    """Ruby's referral arrives; she is allocated; then the rest of her timeline."""
    events = sorted(INFANT_ON_PLAN.events, key=lambda b: b["reported_at"])
    live(*events[:2])
    allocation_start(
        actor=OPERATOR, person=_ruby(), worker=cast.social_worker, manager=cast.team_manager
    )
    live(*events[2:])
    return _ruby()


def _signal(rule: str, **kw) -> Signal:
    signal = Signal.objects.filter(rule=rule, **kw).order_by("raised_at").first()
    assert signal is not None
    return signal


def test_it_routes_to_the_allocated_worker_and_otherwise_the_front_door(db, cast, live):
    _allocated_infant(cast, live)
    first_injury = _signal("non_mobile_infant_injury")  # before allocation: always front door
    assert [r.role for r in first_injury.recipients.all()] == ["front_door"]
    assert first_injury.recipients.get().authority == cast.riverside
    repeat = _signal("repeat_injury")
    assert [r.user for r in repeat.recipients.all()] == [cast.social_worker]
    on_plan = _signal("cp_plan_unscheduled_care")
    assert {(r.user, r.role) for r in on_plan.recipients.all()} == {
        (cast.social_worker, ""),
        (None, "health_practitioner"),
    }
    assert "Sam Okafor (allocated social worker)" in on_plan.routed_label


def test_it_sends_the_domestic_abuse_notice_to_the_childs_school(db, cast, live):
    live(*HUNGRY_CHILD.events)
    notice = _signal("domestic_abuse_school_notice")
    recipient = notice.recipients.get()
    assert (recipient.role, recipient.organisation) == ("school_dsl", cast.school)
    assert notice.due_at.hour == 8 and notice.due_at.minute == 30


def test_it_sends_was_not_brought_to_the_health_services_named(db, cast, live):
    live(*NOT_BROUGHT.events)
    signal = _signal("was_not_brought")
    named = {r.organisation.name for r in signal.recipients.all() if r.organisation}
    assert named == {"Riverside Health Visiting", "Riverside Medical Practice"}


def test_it_attaches_later_evidence_instead_of_raising_again(db, cast, live):
    live(*NOT_BROUGHT.events)
    signal = Signal.objects.get(rule="was_not_brought")
    assert signal.evidence.count() == 3


@pytest.mark.parametrize(
    "who, sees",
    [
        ("social_worker", True),
        ("team_manager", True),
        ("colleague", False),
        ("front_door", True),
        ("school_dsl", False),
        ("outsider", False),
    ],
)
def test_it_shows_each_user_their_signals_and_their_teams(db, cast, live, client, who, sees):
    _allocated_infant(cast, live)
    client.force_login(getattr(cast, who))
    page = client.get(reverse("signals:inbox"))
    assert page.status_code == 200
    assert ("Ruby Carter" in page.content.decode()) is sees


def test_it_lets_the_social_worker_see_acknowledge_and_answer_a_signal(db, cast, live, client):
    _allocated_infant(cast, live)
    signal = _signal("cp_plan_unscheduled_care")
    assert client.login(username="sw", password=PASSWORD)
    page = client.get(reverse("signals:signal", args=[signal.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Ruby Carter, 5 months old, attended Riverside Hospital ED on 2 March" in body
    assert (
        "with a fracture to her arm; she has been on a child protection plan since 2 February"
        in body
    )
    assert all(f"#event-{e.version.event_id}" in body for e in signal.evidence.all())
    assert AccessLogEntry.objects.filter(action="view_person", person_id=signal.person_id).exists()

    client.post(reverse("signals:acknowledge", args=[signal.pk]))
    signal.refresh_from_db()
    assert signal.status == Signal.Status.ACKNOWLEDGED

    refused = client.post(reverse("signals:respond", args=[signal.pk]), {"kind": "no_action"})
    assert refused.status_code == 400
    assert "Say what action was taken" in refused.content.decode()

    answered = client.post(
        reverse("signals:respond", args=[signal.pk]),
        {"kind": "action_taken", "text": "Strategy discussion held with the hospital today."},
        follow=True,
    )
    assert "Strategy discussion held" in answered.content.decode()
    signal.refresh_from_db()
    assert signal.status == Signal.Status.ANSWERED
    assert list(signal.responses.values_list("kind", flat=True)) == ["acknowledged", "action_taken"]
    assert AccessLogEntry.objects.filter(action="signal_action_taken").count() == 1


def test_it_hides_signals_from_outsiders_as_if_absent(db, cast, live, client):
    _allocated_infant(cast, live)
    signal = _signal("cp_plan_unscheduled_care")
    client.force_login(cast.outsider)
    assert client.get(reverse("signals:signal", args=[signal.pk])).status_code == 404
    assert client.get(reverse("signals:signal", args=[999999])).status_code == 404
    assert client.post(reverse("signals:acknowledge", args=[signal.pk])).status_code == 404


def test_it_refuses_responses_from_an_auditor_who_may_read(db, cast, live, client):
    _allocated_infant(cast, live)
    signal = _signal("cp_plan_unscheduled_care")
    client.force_login(cast.auditor)
    assert client.get(reverse("signals:signal", args=[signal.pk])).status_code == 200
    response = client.post(
        reverse("signals:respond", args=[signal.pk]), {"kind": "no_action", "text": "x"}
    )
    assert response.status_code == 404
    assert not SignalResponse.objects.exists()


def test_it_escalates_unanswered_signals_to_the_manager_after_one_working_day(db, cast, live):
    _allocated_infant(cast, live)
    signal = _signal("cp_plan_unscheduled_care")
    answered = _signal("repeat_injury")
    answered.status = Signal.Status.ANSWERED
    answered.save()
    assert signals_escalate(now=signal.escalate_at - timedelta(minutes=1)) == 0
    escalated = signals_escalate(now=signal.escalate_at)
    assert escalated >= 1
    signal.refresh_from_db()
    assert signal.state == "escalated"
    manager = signal.recipients.get(escalation=True)
    assert manager.user == cast.team_manager
    answered.refresh_from_db()
    assert answered.escalated_at is None
    later = signal.escalate_at + timedelta(days=5)
    signals_escalate(now=later)  # the rest of Ruby's unanswered signals
    assert signals_escalate(now=later) == 0  # each escalates once only


def test_it_lists_signals_on_the_rules_page_from_the_registry(client, db):
    from joinedup.signals.rules import RULES

    page = client.get(reverse("signals:rules")).content.decode()
    assert all(f"<code>{code}</code>" in page for code in RULES)


def test_it_lists_a_childs_signals_for_the_child_page_by_scope(db, cast, live):
    from joinedup.access.policy import scope_for
    from joinedup.signals.selectors import signals_for_person

    ruby = _allocated_infant(cast, live)
    assert len(signals_for_person(scope_for(cast.colleague), ruby)) == 6
    assert signals_for_person(scope_for(cast.school_dsl), ruby) == []
    hospital = [s.rule for s in signals_for_person(scope_for(cast.health_practitioner), ruby)]
    assert hospital == ["cp_plan_unscheduled_care"]
