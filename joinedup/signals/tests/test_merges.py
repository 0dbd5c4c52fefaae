"""Signals follow merges (ADR 0008): a survivor is evaluated over every record merged into it,
shows the signals raised on them, is routed by the allocation held on any of them, and a merge
is itself new knowledge that can raise a signal. An unmerge puts each record back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.access.policy import person_for, scope_for
from joinedup.api.services import api_token_create
from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import Actor
from joinedup.cases.services import allocation_start
from joinedup.chronology.models import EventSubject
from joinedup.chronology.testing import record
from joinedup.core.calendar import local_date, start_of_day
from joinedup.people.models import Person, PersonMerge
from joinedup.people.services import person_merge, person_unmerge
from joinedup.signals.evaluation import (
    signals_catch_up,
    signals_evaluate_versions,
    signals_sweep,
)
from joinedup.signals.models import Notification, Signal
from joinedup.signals.selectors import (
    allocations_for,
    child_authorities,
    child_facts_load,
    signal_for,
    signals_for_person,
    signals_for_scope,
    signals_list,
)
from joinedup.signals.tests.timelines import KILN, MILL, QUAY, ev, nhs, who

OPERATOR = Actor(label="test operator")
LEONARD_NHS = nhs(6006)


# One two-year-old, known to the hospital as Leo Hart and to the police, at another address,
# as Leonard Mills (with his NHS number). Nobody could link the two until a person did.
def leo() -> dict[str, Any]:
    return who("c", "child", "Leo", "Hart", "2024-03-01", address=KILN, sex="male")


def leonard() -> dict[str, Any]:
    return who("c", "child", "Leonard", "Mills", "2024-03-01", nhs_number=LEONARD_NHS, address=MILL)


def burn(subject: dict[str, Any], when: str = "2026-05-04T18:00") -> dict[str, Any]:
    return ev(
        "hospital",
        "health.unscheduled_care_attendance",
        when,
        [subject],
        {"setting": "emergency_department", "injury": {"kind": "burn", "site": "hand"}},
    )


def bruise(subject: dict[str, Any], when: str = "2026-05-20T21:00") -> dict[str, Any]:
    return ev(
        "police",
        "police.child_concern",
        when,
        [subject],
        {"concern": "bruising seen at a house call", "injury": {"kind": "bruise", "site": "face"}},
    )


def people() -> tuple[Person, Person]:
    leo_, leonard_ = (
        Person.objects.get(given_name="Leo"),
        Person.objects.get(given_name="Leonard"),
    )
    assert leo_.pk != leonard_.pk  # two records of one child
    return leo_, leonard_


@pytest.fixture
def merge(django_capture_on_commit_callbacks):
    """Merge Leonard's record into Leo's as the front door would, running what follows the
    commit (as production does; the test's transaction would otherwise swallow it)."""

    def run(leo_: Person, leonard_: Person, *, after_commit: bool = True) -> PersonMerge:
        with django_capture_on_commit_callbacks(execute=after_commit):
            return person_merge(
                actor=OPERATOR, absorbed=leonard_, survivor=leo_, reason="Same child: GP confirmed"
            )

    return run


def repeat_injuries() -> list[Signal]:
    return list(Signal.objects.filter(rule="repeat_injury").order_by("pk"))


def test_it_raises_on_the_survivor_a_pattern_only_the_merged_records_show(db, cast, live, merge):
    live(burn(leo()), bruise(leonard()))
    leo_, leonard_ = people()
    assert repeat_injuries() == []  # one injury on each record: nothing to see yet
    merge(leo_, leonard_)
    [signal] = repeat_injuries()
    assert signal.person_id == leo_.pk
    # Knowledge time (ADR 0006): when both facts were held, not the moment of the merge.
    assert signal.raised_at == datetime.fromisoformat("2026-05-20T23:00:00+00:00")
    assert signal.raised_at < signal.created_at
    assert "2 injuries recorded within 90 days" in signal.sentence
    evidence = {(e.version.agency, e.person_id) for e in signal.evidence.select_related("version")}
    assert evidence == {("health", leo_.pk), ("police", leonard_.pk)}
    assert AccessLogEntry.objects.filter(action="signal_raised", person_id=leo_.pk).exists()


def test_it_evaluates_the_survivor_when_events_of_the_absorbed_record_are_evaluated(
    db, cast, live, merge
):
    live(burn(leo()), bruise(leonard()))
    leo_, leonard_ = people()
    merge(leo_, leonard_, after_commit=False)  # the hook did not run (a failed listener)
    version = EventSubject.objects.get(person=leonard_).version_id
    assert signals_evaluate_versions(version_ids=[version]) == 1
    assert [s.person_id for s in repeat_injuries()] == [leo_.pk]
    assert not Signal.objects.filter(person=leonard_).exists()


def test_it_catches_up_a_merge_the_hook_missed(db, cast, live, merge):
    live(burn(leo()), bruise(leonard()))
    signals_catch_up()  # every version evaluated: nothing
    leo_, leonard_ = people()
    merge(leo_, leonard_, after_commit=False)
    assert signals_catch_up() == 1
    assert [s.person_id for s in repeat_injuries()] == [leo_.pk]
    assert signals_catch_up() == 0  # each merge caught up once


def test_it_shows_a_signal_raised_on_the_absorbed_record_on_the_survivor(
    db, cast, live, merge, client
):
    live(burn(leo()), bruise(leonard()), burn(leonard(), "2026-06-01T10:00"))
    leo_, leonard_ = people()
    [signal] = repeat_injuries()
    assert signal.person_id == leonard_.pk  # his two injuries, before anyone knew he was Leo
    merge(leo_, leonard_)
    scope = scope_for(cast.front_door)
    survivor = person_for(scope, str(leonard_.key), purpose="test")
    assert survivor.pk == leo_.pk
    assert signal in signals_for_person(scope, survivor)
    assert signal_for(scope, signal.pk) == signal
    assert signal in signals_for_scope(scope)  # the front door's inbox
    signal.refresh_from_db()  # the merge joined Leo's burn to it: evidence, not a new signal
    assert signal.sentence.startswith("Leo Hart, 2, has had")
    assert repeat_injuries() == [signal] and signal.evidence.count() == 3
    client.force_login(cast.front_door)
    response = client.get(f"/people/{leo_.key}")
    assert list(response.context["signals"]) == [signal]
    assert signal.sentence in response.content.decode()
    page = client.get(reverse("signals:signal", args=[signal.pk]))
    assert page.status_code == 200
    # Named as the child it is about now, with the record it was raised on.
    assert page.context["signal"].child == leo_
    html = page.content.decode()
    assert '<span class="govuk-caption-l">Leo Hart</span>' in html
    assert f'href="/people/{leo_.key}">Leo Hart</a>' in html
    assert "Raised on the record of Leonard Mills, born 1 March 2024, since merged" in html
    inbox = client.get(reverse("signals:inbox")).content.decode()
    assert "Leo Hart<br>" in inbox and "since merged (Leonard Mills)" in inbox
    client.force_login(cast.outsider)
    assert client.get(reverse("signals:signal", args=[signal.pk])).status_code == 404


def test_it_lists_a_merged_signal_as_about_the_survivor_in_the_json(db, cast, live, merge):
    live(burn(leo()), bruise(leonard()), burn(leonard(), "2026-06-01T10:00"))
    leo_, leonard_ = people()
    [before] = signals_list()
    assert before["child"]["person_id"] == str(leonard_.key) and "raised_on" not in before
    merge(leo_, leonard_)
    [after] = signals_list()
    assert after["child"]["person_id"] == str(leo_.key)
    assert after["child"]["name"] == "Leo Hart"
    assert after["raised_on"] == {"person_id": str(leonard_.key)}


def test_it_adds_evidence_to_the_absorbed_records_signal_instead_of_raising_it_again(
    db, cast, live, merge
):
    live(burn(leo(), "2026-04-01T10:00"))  # long before: outside the window of his injuries
    live(bruise(leonard()), burn(leonard(), "2026-06-01T10:00"))
    leo_, leonard_ = people()
    [signal] = repeat_injuries()
    assert signal.person_id == leonard_.pk
    merge(leo_, leonard_)  # the survivor finds the same rule and pattern: it is that signal
    live(bruise(leo(), "2026-06-10T21:00"))  # a third injury, recorded as Leo
    assert repeat_injuries() == [signal]
    assert signal.evidence.count() == 4  # Leo's first burn joined the window too
    assert not Signal.objects.filter(person=leo_).exists()


def test_it_routes_the_survivors_signal_to_the_worker_allocated_on_the_absorbed_record(
    db, cast, live, merge
):
    live(burn(leo()), bruise(leonard()))
    leo_, leonard_ = people()
    allocation_start(
        actor=OPERATOR, person=leonard_, worker=cast.social_worker, manager=cast.team_manager
    )
    merge(leo_, leonard_)
    [signal] = repeat_injuries()
    assert signal.person_id == leo_.pk
    assert [r.user for r in signal.recipients.all()] == [cast.social_worker]
    assert signal.routed_label == "Sam Okafor (allocated social worker)"
    assert signal in signals_for_scope(scope_for(cast.team_manager))  # their team's child
    assert signal not in signals_for_scope(scope_for(cast.colleague))


def test_it_answers_a_flags_lookup_by_the_absorbed_records_nhs_number(
    db, cast, live, merge, client
):
    live(
        ev("csc", "social_care.referral", "2026-01-13", [leo()], {"decision": "s47"}),
        ev("csc", "social_care.child_protection_plan_started", "2026-02-02", [leo()]),
        burn(leonard()),
    )
    leo_, leonard_ = people()
    allocation_start(actor=OPERATOR, person=leonard_, worker=cast.social_worker)
    secret = api_token_create(actor=OPERATOR, organisation=cast.hospital, name="ED system")
    token = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/flags", {"nhs_number": LEONARD_NHS}, **token).status_code == 404
    merge(leo_, leonard_)
    response = client.get("/api/v1/flags", {"nhs_number": LEONARD_NHS}, **token)
    assert response.status_code == 200
    body = response.json()
    assert body["person_id"] == str(leo_.key) and body["name"] == "Leo Hart"
    assert body["child_protection_plan"] == {"active": True, "since": "2026-02-02"}
    assert body["contact"]["name"] == "Sam Okafor"
    note = Notification.objects.get()
    assert (note.person_id, note.user) == (leo_.pk, cast.social_worker)
    log = AccessLogEntry.objects.filter(action="flags_lookup").order_by("pk").last()
    assert log is not None and log.person_id == leo_.pk


def test_it_reads_each_record_apart_again_after_an_unmerge_and_keeps_what_was_raised(
    db, cast, live, merge, client
):
    live(burn(leo()), bruise(leonard()), burn(leonard(), "2026-06-01T10:00"))
    live(ev("csc", "social_care.child_protection_plan_started", "2026-02-02", [leonard()]))
    leo_, leonard_ = people()
    held = allocation_start(actor=OPERATOR, person=leonard_, worker=cast.social_worker)
    scope = scope_for(cast.front_door)

    def apart() -> dict[str, Any]:
        return {
            "signals_held_on": {
                p.pk: {
                    s.person_id
                    for s in signals_for_person(scope, person_for(scope, str(p.key), purpose="t"))
                }
                for p in (leo_, leonard_)
            },
            "allocations": {k: v.pk for k, v in allocations_for([leo_.pk, leonard_.pk]).items()},
            "authorities": child_authorities([leo_.pk, leonard_.pk]),
            "facts": {
                pk: sorted(f.version_id for f in cf.facts)
                for pk, cf in child_facts_load([leo_.pk, leonard_.pk]).items()
            },
        }

    before = apart()
    assert before["signals_held_on"] == {leo_.pk: set(), leonard_.pk: {leonard_.pk}}
    merge_ = merge(leo_, leonard_)
    during = apart()
    assert during["signals_held_on"][leonard_.pk] == {leo_.pk, leonard_.pk}  # one child
    assert during["allocations"] == {leo_.pk: held.pk, leonard_.pk: held.pk}
    raised = set(Signal.objects.values_list("pk", flat=True))
    person_unmerge(actor=OPERATOR, merge=merge_, reason="Two children after all")
    after = apart()
    # The signal the merge raised on Leo (his attendance while Leonard's plan was open) stays:
    # it is a fact about what was known. Otherwise each record reads its own rows again.
    assert after["signals_held_on"] == {leo_.pk: {leo_.pk}, leonard_.pk: {leonard_.pk}}
    assert {k: v for k, v in after.items() if k != "signals_held_on"} == {
        k: v for k, v in before.items() if k != "signals_held_on"
    }
    assert set(Signal.objects.values_list("pk", flat=True)) == raised
    client.force_login(cast.health_practitioner)
    flags = client.get(reverse("signals:flags"), {"nhs_number": LEONARD_NHS})
    assert "This child has a child protection plan" in flags.content.decode()
    assert flags.context["result"].person.pk == leonard_.pk


def test_it_follows_a_merge_of_two_records_of_an_adult_to_the_child_linked_to_one(
    db, cast, live, merge
):
    poppy = who("c", "child", "Poppy", "Lane", "2019-09-09", address=QUAY, sex="female")
    dean_at_home = who("d", "household_member", "Dean", "Ward", rel={"c": "mothers_partner"})
    dean_arrested = who("d", "subject", "Dean", "Walsh", "1994-04-02")
    live(
        ev("housing", "housing.household_change", "2026-03-01", [poppy, dean_at_home]),
        ev(
            "police",
            "police.arrest",
            "2026-03-05T23:10",
            [dean_arrested],
            {"offence_category": "domestic_abuse"},
        ),
    )
    ward, walsh = Person.objects.get(family_name="Ward"), Person.objects.get(family_name="Walsh")
    assert not Signal.objects.filter(rule="risky_adult_linked").exists()
    merge(walsh, ward)  # Dean Ward is Dean Walsh
    [signal] = Signal.objects.filter(rule="risky_adult_linked")
    assert signal.person.given_name == "Poppy"
    assert signal.pattern_key == f"adult:{walsh.pk}"
    assert local_date(signal.raised_at) == date(2026, 3, 6)


def _sweep(day: str) -> None:
    signals_sweep(until=start_of_day(date.fromisoformat(day)), escalate=False)


def _visit(subject: dict[str, Any], day: str) -> dict[str, Any]:
    return ev("csc", "social_care.visit", day, [subject], {"child_seen": True, "seen_alone": True})


def test_it_counts_visits_to_the_survivor_for_a_plan_recorded_on_the_absorbed_record(
    db, cast, live, merge
):
    live(
        burn(leo(), "2026-01-05T10:00"),
        ev("csc", "social_care.child_protection_plan_started", "2026-02-02", [leonard()]),
        _visit(leo(), "2026-02-09"),
        _visit(leo(), "2026-02-19"),
    )
    leo_, leonard_ = people()
    merge(leo_, leonard_)
    _sweep("2026-03-01")
    assert not Signal.objects.filter(rule="child_not_seen").exists()


def test_it_does_not_raise_again_on_the_survivor_what_the_sweep_raised_on_the_absorbed(
    db, cast, live, merge
):
    live(
        burn(leo(), "2026-01-05T10:00"),
        ev("csc", "social_care.child_protection_plan_started", "2026-02-02", [leonard()]),
    )
    leo_, leonard_ = people()
    _sweep("2026-03-20")
    before = list(Signal.objects.filter(rule="child_not_seen").values_list("person_id", flat=True))
    assert before and set(before) == {leonard_.pk}
    merge(leo_, leonard_)
    _sweep("2026-03-20")
    assert Signal.objects.filter(rule="child_not_seen").count() == len(before)


def test_it_costs_one_query_about_merges_when_there_are_none(db, cast, live):
    live(burn(leo()), bruise(leonard()), burn(leonard(), "2026-06-01T10:00"))
    versions = list(EventSubject.objects.values_list("version_id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        signals_evaluate_versions(version_ids=versions)
    about_merges = [q["sql"] for q in queries if "people_personmerge" in q["sql"]]
    assert len(about_merges) <= 1, about_merges  # `merges_active().exists()`, once


def _unmerge(merge_: PersonMerge, capture, *, after_commit: bool = True) -> None:
    with capture(execute=after_commit):
        person_unmerge(actor=OPERATOR, merge=merge_, reason="Two children after all")


def _merged_before_anyone_evaluated(merge) -> tuple[Person, Person, PersonMerge]:
    """Worker mode (no listeners at ingest): two injuries on each record are recorded, the
    records merged, and only then does the catch-up evaluate them, as one child. Leo's signal
    carries all four injuries; Leonard's record has no signal of its own."""
    for body in (burn(leo()), bruise(leo(), "2026-05-10T21:00")):
        record(body)
    for body in (burn(leonard(), "2026-06-01T10:00"), bruise(leonard(), "2026-06-03T10:00")):
        record(body)
    leo_, leonard_ = people()
    merge_ = merge(leo_, leonard_, after_commit=False)
    signals_catch_up()
    [signal] = repeat_injuries()
    assert signal.person_id == leo_.pk and signal.evidence.count() == 4
    return leo_, leonard_, merge_


def test_it_raises_on_a_record_read_alone_again_what_the_merge_had_covered(
    db, cast, merge, django_capture_on_commit_callbacks
):
    leo_, leonard_, merge_ = _merged_before_anyone_evaluated(merge)
    _unmerge(merge_, django_capture_on_commit_callbacks)
    # Two children after all: Leonard's own two injuries are his own signal now.
    assert [s.person_id for s in repeat_injuries()] == [leo_.pk, leonard_.pk]


def test_it_catches_up_an_unmerge_the_hook_missed(
    db, cast, merge, django_capture_on_commit_callbacks
):
    leo_, leonard_, merge_ = _merged_before_anyone_evaluated(merge)
    _unmerge(merge_, django_capture_on_commit_callbacks, after_commit=False)
    assert [s.person_id for s in repeat_injuries()] == [leo_.pk]
    assert signals_catch_up() == 1
    assert [s.person_id for s in repeat_injuries()] == [leo_.pk, leonard_.pk]
    assert signals_catch_up() == 0  # each unmerge caught up once
