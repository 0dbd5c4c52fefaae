"""A child's whole statutory journey in a real browser, each step recorded by whoever does it,
signing in and out through the sign-in page; the clocks the pages show, checked by the
calendar; the draft of a long form across a reload and a second window; and the visit on a
phone, counted beside the same form with nothing filled in.

Reuses the UI's browser harness (Debian Chromium, Playwright, axe-core on every page);
skipped without them. Run with `pytest -m browser`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from joinedup.audit.services import Actor
from joinedup.cases.services import allocation_start
from joinedup.casework.models import Draft, StepRecord
from joinedup.casework.testing import PHONE, VISIT_SECONDS, VISIT_TARGET, record_visit
from joinedup.chronology.testing import event_body, record, social_care_body
from joinedup.core.calendar import add_months, add_working_days
from joinedup.people.models import Person

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
harness = pytest.importorskip("joinedup.ui.tests.test_browser")
browser = harness.browser
visit = harness.visit

pytestmark = pytest.mark.browser

IVY = {
    "ref": "p1",
    "role": "child",
    "name": {"given": "Ivy", "family": "Marsh"},
    "dob": "2021-09-14",
    "sex": "female",
    "identifiers": {"nhs_number": "9434765870"},
    "address": {"line1": "4 Tannery Lane", "town": "Riverside", "postcode": "RV3 1TL"},
}


@pytest.fixture
def ivy(transactional_db: None, cast: Any) -> Person:
    """A child the hospital knows (committed, so the live server's thread can read her)."""
    record(
        event_body(
            record_id="ED-IVY-1",
            subjects=[IVY],
            occurred_at="2025-11-02T15:00:00Z",
            reported_at="2025-11-02T18:00:00Z",
            details={"setting": "emergency_department"},
            summary="Cut to the chin; fell from a scooter.",
        )
    )
    return Person.objects.get(given_name="Ivy")


@pytest.fixture
def ivy_on_a_plan(ivy: Person, cast: Any) -> Person:
    """Ivy on a child protection plan since 14 January 2026, allocated to the social worker."""
    record(
        social_care_body("social_care.referral", "2025-12-24", IVY, decision="s47"),
        social_care_body("social_care.child_protection_plan_started", "2026-01-14", IVY),
    )
    allocation_start(
        actor=Actor(label="test"),
        person=ivy,
        worker=cast.social_worker,
        manager=cast.team_manager,
    )
    return ivy


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield harness.Visit(page, live_server.url)
    context.close()


def long_date(day: date) -> str:
    """As the pages write a date: 19 January 2026 (checked by hand in the tests below)."""
    return f"{day.day} {day:%B %Y}"


def words(text: str) -> str:
    return " ".join(text.split())


def due(visit: Any, where: str = ".app-clocks li") -> set[str]:
    """The clocks a list shows, each as its words: "Overdue Decide on the contact: due ..."."""
    return {words(t) for t in visit.page.locator(where).all_inner_texts()}


def overdue(label: str, day: date) -> str:
    return f"Overdue {label}: due {long_date(day)}"


def sign_out(visit: Any) -> None:
    visit.page.get_by_role("button", name="Sign out").click()
    visit.check()
    assert "/sign-in" in visit.page.url


def open_child(visit: Any, child: Person) -> None:
    visit.page.get_by_role("link", name="Find a person").click()
    visit.check()
    visit.page.get_by_label("Name").fill("Ivy Marsh")
    visit.page.get_by_role("button", name="Search").click()
    visit.check()
    visit.page.get_by_role("link", name="Ivy Marsh").click()
    visit.check()
    assert visit.page.url.endswith(f"/people/{child.key}")


def start(visit: Any, step: str) -> Any:
    """Follow the child's page's link to record `step`; the form, checked."""
    page = visit.page
    page.locator(".app-steps").get_by_role("link", name=step, exact=True).click()
    visit.check()
    assert page.get_by_role("heading", level=1).inner_text() == step
    return page


def choose(page: Any, question: str, answer: str) -> None:
    page.get_by_role("group", name=question, exact=True).get_by_label(answer, exact=True).check()


def save(visit: Any, said: str, button: str = "Save") -> None:
    """Send the form; back on the child's page, which says `said`."""
    visit.page.get_by_role("button", name=button).click()
    visit.check()
    banner = visit.page.locator(".govuk-notification-banner--success", has_text=said)
    assert banner.is_visible(), visit.page.locator("main").inner_text()[:2000]
    assert "/record/" not in visit.page.url


CHRISTMAS_EVE = date(2025, 12, 24)
ASSESSMENT_DUE = add_working_days(CHRISTMAS_EVE, 45)
CONFERENCE_DUE = add_working_days(CHRISTMAS_EVE, 15)
CONFERENCE = date(2026, 1, 14)  # the initial conference: the plan starts
EASTER_VISIT = date(2026, 3, 27)  # the Friday before Good Friday


def test_it_takes_a_child_from_a_contact_to_the_end_of_a_plan_and_closure(visit, cast, ivy):
    """Christmas 2025 and Easter 2026 fall inside the clocks: the dates the pages show are the
    calendar's, and the first two are checked by hand."""
    # By hand: 25 and 26 December are bank holidays, then a weekend; Monday 29 December.
    assert add_working_days(CHRISTMAS_EVE, 1) == date(2025, 12, 29)
    # By hand: 29, 30, 31 December, 2 January, then three weeks of five; 1 January is a bank
    # holiday. The fifteenth working day is Monday 19 January 2026.
    assert add_working_days(CHRISTMAS_EVE, 15) == date(2026, 1, 19)
    front_door_takes_the_contact(visit, ivy)
    manager_starts_the_enquiry_and_allocates(visit, ivy)
    worker_holds_the_enquiry_and_the_conference(visit, ivy)
    worker_ends_the_plan_and_sends_the_closure(visit, ivy)
    manager_authorises_the_closure(visit, ivy)
    assert StepRecord.objects.filter(person=ivy).count() == 9


def front_door_takes_the_contact(visit: Any, ivy: Person) -> None:
    """The contact on Christmas Eve, then the decision on it: a strategy discussion."""
    page = visit.page
    visit.sign_in("mash")
    open_child(visit, ivy)
    start(visit, "Contact")
    page.get_by_label("When was contact made").fill("2025-12-24T10:00")
    page.get_by_label("Who made contact").fill("Kiln Street Primary School")
    page.get_by_label("What they are worried about").fill("Bruising to the left cheek.")
    save(visit, "Contact recorded.")
    assert due(visit) == {overdue("Decide on the contact", date(2025, 12, 29))}
    page.get_by_role("link", name="Contacts").click()
    visit.check()
    waiting = words(page.locator("#contacts-waiting").inner_text())
    assert "Ivy Marsh" in waiting and "Decide on the contact: due 29 December 2025" in waiting

    page.get_by_role("link", name="Decide on Ivy Marsh").click()
    visit.check()
    # What the record knows is not asked again: the contact's source and need.
    assert page.get_by_label("Referral source").input_value() == "Kiln Street Primary School"
    assert page.get_by_label("Presenting need").input_value() == "Bruising to the left cheek."
    page.get_by_label("When", exact=True).fill("2025-12-24T11:00")
    choose(page, "Decision", "Strategy discussion")
    page.get_by_label("Your reasons").fill("A bruise to the face of a four-year-old.")
    save(visit, "Decision on the contact recorded.")
    assert due(visit) == {overdue("Child and family assessment authorised", ASSESSMENT_DUE)}
    assert "Open since 24 December 2025" in page.locator("#case + dl").inner_text()
    sign_out(visit)


def manager_starts_the_enquiry_and_allocates(visit: Any, ivy: Person) -> None:
    """The strategy discussion decides on an enquiry; the case goes to Sam Okafor."""
    page = visit.page
    visit.sign_in("tm")
    open_child(visit, ivy)
    start(visit, "Strategy discussion")
    page.get_by_label("When", exact=True).fill("2025-12-24T15:00")
    page.get_by_label("Who took part").fill("DC Price (police), Dr Evans (health), R Ellery")
    page.get_by_label("Information shared").fill("Police attended a domestic incident in May.")
    choose(page, "Decision", "Start a section 47 enquiry")
    page.get_by_label("Your reasons").fill("An injury and domestic abuse together.")
    save(visit, "Strategy discussion recorded.")
    assert due(visit) == {
        overdue("Initial child protection conference", CONFERENCE_DUE),
        overdue("Child and family assessment authorised", ASSESSMENT_DUE),
    }
    page.locator("#allocate summary").click()
    visit.check()  # with the allocation form open
    page.get_by_label("Social worker").select_option(label="Sam Okafor")
    page.get_by_label("Handover note").fill("Enquiry started on Christmas Eve.")
    page.locator("#allocate").get_by_role("button", name="Allocate").click()
    visit.check()
    assert page.get_by_role("alert").get_by_text("Allocated to Sam Okafor.").is_visible()
    page.get_by_role("link", name="Team board").click()
    visit.check()
    board = page.locator("#team-board tbody tr", has_text="Sam Okafor")
    assert [words(c) for c in board.locator("td").all_inner_texts()] == [
        "1",
        "2",
        "Initial child protection conference: 1 Child and family assessment authorised: 1",
        "0",
    ]
    listed = page.locator("li", has=page.get_by_role("link", name="Ivy Marsh")).inner_text()
    assert "Initial child protection conference: due 19 January 2026" in words(listed)
    sign_out(visit)


def worker_holds_the_enquiry_and_the_conference(visit: Any, ivy: Person) -> None:
    """The enquiry's outcome, the initial conference and its plan, the first core group."""
    page = visit.page
    visit.sign_in("sw")
    page.get_by_role("link", name="My children").click()
    visit.check()
    assert due(visit, "#caseload li li") == {
        overdue("Initial child protection conference", CONFERENCE_DUE),
        overdue("Child and family assessment authorised", ASSESSMENT_DUE),
    }
    page.get_by_role("link", name="Ivy Marsh").click()
    visit.check()
    start(visit, "Section 47 enquiry: outcome")
    page.get_by_label("When", exact=True).fill("2026-01-09T10:00")
    choose(page, "Were the concerns substantiated?", "Yes")
    choose(page, "Is a conference needed?", "Yes")
    page.get_by_label("Your reasons").fill("The bruise is a slap mark; Ivy said so.")
    save(visit, "Section 47 enquiry: outcome recorded.")

    start(visit, "Child protection conference")
    assert page.get_by_label("Initial").is_checked()  # no plan yet: an initial conference
    page.get_by_label("When", exact=True).fill("2026-01-14T10:00")
    page.get_by_label("Who attended").fill("Police, health visitor, school, mother")
    choose(page, "Decision", "Child protection plan")
    choose(page, "Category of abuse", "Physical abuse")
    page.get_by_label("Your reasons").fill("Likely to suffer significant harm.")
    save(visit, "Child protection conference recorded.")
    assert "Since 14 January 2026" in page.locator("#case + dl").inner_text()
    assert due(visit) == {
        overdue("First core group", add_working_days(CONFERENCE, 10)),
        overdue("Visit: child seen", add_working_days(CONFERENCE, 10)),
        overdue("Visit: child seen alone", add_working_days(CONFERENCE, 20)),
        overdue("Child and family assessment authorised", ASSESSMENT_DUE),
        overdue("First review conference", add_months(CONFERENCE, 3)),
    }

    start(visit, "Core group meeting")
    # Who came last time, not typed again.
    assert page.get_by_label("Who took part").input_value() == (
        "Police, health visitor, school, mother"
    )
    page.get_by_label("When", exact=True).fill("2026-01-21T10:00")
    page.get_by_label("What was agreed").fill("Mother to attend the Freedom Programme.")
    save(visit, "Core group meeting recorded.")


def worker_ends_the_plan_and_sends_the_closure(visit: Any, ivy: Person) -> None:
    """A visit before Easter, the review conference after it ending the plan, the closure."""
    page = visit.page
    # The next visit falls due ten working days later, over Good Friday (3 April) and Easter
    # Monday (6 April): by hand, Tuesday 14 April 2026.
    assert add_working_days(EASTER_VISIT, 10) == date(2026, 4, 14)
    start(visit, "Visit")
    assert page.get_by_label("Home").is_checked()  # where, filled in
    page.get_by_label("When was the visit").fill("2026-03-27T16:00")
    choose(page, "Child seen", "Yes")
    choose(page, "Seen alone", "Yes")
    page.get_by_label("What the child said").fill("Mummy doesn't shout now.")
    page.get_by_label("Next visit").fill("2026-04-14")
    save(visit, "Visit recorded.")
    assert due(visit) == {
        overdue("Child and family assessment authorised", ASSESSMENT_DUE),
        overdue("Core group", add_working_days(date(2026, 1, 21), 30)),
        overdue("Visit: child seen", date(2026, 4, 14)),
        overdue("First review conference", add_months(CONFERENCE, 3)),
        overdue("Visit: child seen alone", add_working_days(EASTER_VISIT, 20)),
    }

    start(visit, "Child protection conference")
    assert page.get_by_label("Review").is_checked()
    assert page.get_by_label("Physical abuse").is_checked()
    page.get_by_label("When", exact=True).fill("2026-04-09T10:00")
    choose(page, "Decision", "The plan ends")
    page.get_by_label("Your reasons").fill("Safe for three months; the family works with us.")
    save(visit, "Child protection conference recorded.")
    assert "Child protection plan" not in page.locator("#case + dl").inner_text()
    assert due(visit) == {overdue("Child and family assessment authorised", ASSESSMENT_DUE)}

    start(visit, "Close the case")
    page.get_by_label("When", exact=True).fill("2026-04-10T10:00")
    choose(
        page,
        "Reason",
        "RC7 Services ceased for any other reason, including child no longer in need",
    )
    page.get_by_label("Your reasons").fill("The plan has ended; no further need.")
    save(visit, "Close the case sent to a team manager to authorise.", "Send to a team manager")
    assert "Open since 24 December 2025" in page.locator("#case + dl").inner_text()
    sign_out(visit)


def manager_authorises_the_closure(visit: Any, ivy: Person) -> None:
    """The closure authorised: the case closes and nothing is due."""
    page = visit.page
    visit.sign_in("tm")
    page.get_by_role("link", name="Team board").click()
    visit.check()
    page.get_by_role("link", name="1 waiting for your authorisation").click()
    visit.check()
    page.locator("#authorisations").get_by_role("link").first.click()
    visit.check()
    assert "The plan has ended; no further need." in page.locator("#submission").inner_text()
    page.get_by_role("button", name="Authorise").click()
    visit.check()
    assert page.get_by_role("alert").get_by_text("Close the case answered.").is_visible()
    assert page.get_by_text("Nothing is waiting.").is_visible()
    open_child(visit, ivy)
    status = page.locator("#case + dl .govuk-summary-list__row", has_text="Status")
    assert words(status.inner_text()).startswith("Status Closed ")
    assert due(visit) == set()
    sign_out(visit)


def test_it_keeps_a_draft_over_a_reload_and_refuses_an_older_window(visit, cast, ivy_on_a_plan):
    page = visit.page
    visit.sign_in("sw")
    form = f"/people/{ivy_on_a_plan.key}/record/visit"
    visit.goto(form)
    older = page.context.new_page()  # a second tab, same session, the same copy
    other = harness.Visit(older, visit.base_url)
    older.goto(visit.base_url + form)
    other.check()

    page.get_by_label("What the child said").fill("She showed me her drawings.")
    status = page.locator("#draft-status")
    status.get_by_text("Draft saved at").wait_for()
    page.reload()
    visit.check()
    assert page.get_by_label("What the child said").input_value() == "She showed me her drawings."
    assert "Draft saved" in status.inner_text()

    older.get_by_label("What the child said").fill("Typed in the older window.")
    conflict = older.locator("#draft-status")
    conflict.get_by_text("saved in another window").wait_for()
    assert "nothing has been overwritten" in conflict.inner_text()
    # The refusal (409) is the expected answer here, not a fault of the page.
    other.problems = [p for p in other.problems if not p.startswith("409 ")]
    other.check()  # the message passes axe
    older.get_by_label("What you saw").fill("More typing after the refusal.")
    older.wait_for_timeout(1500)  # longer than the autosave's pause: nothing more is sent
    assert Draft.objects.get().data["child_said"] == "She showed me her drawings."
    page.reload()
    visit.check()
    assert page.get_by_label("What the child said").input_value() == "She showed me her drawings."


def test_it_records_a_visit_on_a_phone_in_fewer_steps_than_a_plain_form(phone, cast, ivy_on_a_plan):
    """At 375 px, from the child's page: the prefilled form in at most 10 interactions and 2
    minutes, and fewer than the same form with nothing filled in (?plain=1)."""
    phone.sign_in("sw")
    base, key = phone.base_url, str(ivy_on_a_plan.key)
    phone.goto(f"/people/{key}/record/visit")  # the form itself passes axe at this width
    phone.goto(f"/people/{key}/record/visit?plain=1")
    assert not phone.page.get_by_label("When was the visit").input_value()
    assert not phone.page.get_by_label("Next visit").input_value()

    prefilled = record_visit(phone.page, base, key, plain=False)
    phone.check()
    plain = record_visit(phone.page, base, key, plain=True)
    phone.check()
    print(f"\nvisit on a phone: prefilled {prefilled}, plain {plain}")
    assert prefilled.interactions <= VISIT_TARGET and prefilled.seconds <= VISIT_SECONDS
    assert prefilled.interactions < plain.interactions
    visits = StepRecord.objects.filter(person=ivy_on_a_plan, step="visit")
    assert [r.version.details["child_seen"] for r in visits] == [True, True]
    assert all(r.version.details["setting"] == "home" for r in visits)
    assert all(r.version.details.get("next_visit_on") for r in visits)
