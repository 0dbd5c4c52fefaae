"""The pages in a real browser: Debian's headless Chromium driven by Playwright, axe on every page.

Run with `pytest -m browser`. Needs /usr/bin/chromium (`scripts/setup --browser`); Playwright
never downloads a browser here. Each page visited is checked with axe-core against WCAG 2.2 AA.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from joinedup.audit.models import AccessLogEntry
from joinedup.conftest import PASSWORD
from joinedup.ui.tests.story import LEE, MAYA_CHILD, Story, maya_story

# Playwright's sync API runs an event loop in this thread; Django must still let it query.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOT = Path("/tmp/joinedup-child-page.png")
SCREENSHOTS = os.environ.get("JOINEDUP_SCREENSHOTS", "")

sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists() or not AXE.exists():
    pytest.skip(
        f"needs {CHROMIUM} (scripts/setup --browser) and {AXE} (npm ci)", allow_module_level=True
    )
if not shutil.which(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is not executable", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser tab on the live server that checks every page it lands on with axe."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        self.shots = 0
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        # A failed load is reported by _response, which knows whether it was the page itself.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path)
        self.check()
        return response

    def check(self) -> None:
        """axe-core, WCAG 2.0-2.2 A and AA, on the page as it is now; no JavaScript errors."""
        self.page.wait_for_load_state("load")
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary),
                }));
            }""",
            WCAG_TAGS,
        )
        if result:
            for violation in result:
                print(f"\naxe {violation['id']} ({violation['impact']}): {violation['help']}")
                for node in violation["nodes"]:
                    print(f"    {node}")
        assert result == [], f"axe found {len(result)} violation(s) on {self.page.url}"
        assert self.problems == [], self.problems
        if SCREENSHOTS:  # JOINEDUP_SCREENSHOTS=DIR keeps a picture of every page checked
            self.shots += 1
            name = self.page.url.split("/", 3)[-1].split("?")[0].replace("/", "_") or "home"
            self.page.screenshot(path=f"{SCREENSHOTS}/{self.shots:02d}-{name}.png", full_page=True)

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/")
        assert "/sign-in" in self.page.url
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.check()


@pytest.fixture
def visit(browser: Any, live_server: Any) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Visit(page, live_server.url)
    context.close()


@pytest.fixture
def story(transactional_db: None, cast: Any) -> Story:
    """The same family as the HTTP tests, committed so the live server's thread can read it;
    the burn record is corrected once so the page shows an earlier version."""
    from joinedup.chronology.testing import event_body, record

    told = maya_story(cast)
    [corrected] = record(
        event_body(
            record_id=told.burn_record_id,
            subjects=[MAYA_CHILD, LEE],
            details={
                "setting": "emergency_department",
                "injury": {"kind": "scald", "site": "right hand"},
                "safeguarding_concern": True,
            },
            summary="Corrected: scald to right hand from a kettle, not a burn from the oven.",
        )
    )
    assert corrected.status == "corrected"
    return told


def timeline_agencies(page: Any) -> list[str]:
    return page.locator(".moj-timeline__item .app-agency-tag").all_inner_texts()


def test_it_takes_a_social_worker_from_a_misspelt_name_to_the_whole_picture(visit, cast, story):
    page = visit.page
    visit.sign_in("sw")
    assert page.get_by_role("heading", name="Find a person").is_visible()
    assert page.get_by_text("Sam Okafor").is_visible()

    page.get_by_label("Name").fill("Mayah Bruks")
    page.get_by_label("Why are you looking?").select_option(label="Section 47 enquiry")
    page.get_by_role("button", name="Search").click()
    visit.check()
    assert page.get_by_role("caption").inner_text().startswith("1 person found")
    page.get_by_role("link", name="Maya Brooks").click()
    visit.check()
    assert page.get_by_text("Your reason for looking: Section 47 enquiry").is_visible()

    assert page.get_by_role("heading", level=1).inner_text() == "Maya Brooks"
    household = page.locator("table", has_text="Also living at this address")
    assert household.get_by_role("link", name="Lee Fenton").is_visible()
    assert household.get_by_role("link", name="Kerry Brooks").is_visible()
    assert set(timeline_agencies(page)) == {
        "Children's social care",
        "Health",
        "Police",
        "Education",
    }
    page.get_by_text("Corrected — earlier versions").click()
    assert page.get_by_text("said she touched the oven").is_visible()
    visit.check()  # with the details open
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.get_by_label("Agency").select_option(label="Police")
    page.get_by_role("button", name="Apply filters").click()
    visit.check()
    assert timeline_agencies(page) == ["Police"]
    assert page.get_by_text("1 event match the filters").is_visible()
    page.get_by_role("link", name="Clear filters").click()
    visit.check()
    assert len(timeline_agencies(page)) == 4

    page.get_by_text("Your reason for looking").click()
    visit.check()  # with the reason's form open
    page.get_by_label("Why are you looking at this record?").select_option(
        label="Strategy discussion"
    )
    page.get_by_role("button", name="Give this reason").click()
    visit.check()
    assert page.get_by_text("Your reason for looking: Strategy discussion").is_visible()
    # Every search and view was logged with the reason the social worker gave, in order.
    logged = AccessLogEntry.objects.filter(user=cast.social_worker).order_by("id")
    assert [(e.action, e.purpose) for e in logged] == [
        ("search", "Section 47 enquiry"),
        ("view_person", "Section 47 enquiry"),  # from the search results
        ("view_person", "Section 47 enquiry"),  # filtered
        ("view_person", "Section 47 enquiry"),  # filters cleared
        ("view_person", "Strategy discussion"),
    ]


def test_it_shows_a_police_officer_only_their_entries_and_whom_to_call(visit, cast, story):
    page = visit.page
    visit.sign_in("pc")
    page.get_by_label("NHS number or other identifier").fill("943 476 5919")
    page.get_by_role("button", name="Search").click()
    visit.check()
    page.get_by_role("link", name="Maya Brooks").click()
    visit.check()

    panel = page.locator(".app-csc-panel")
    assert "Children's social care involvement" in panel.inner_text()
    assert "Riverside Children's Services" in panel.inner_text()
    assert "01632 960123" in panel.inner_text()
    assert timeline_agencies(page) == ["Police"]
    assert page.get_by_role("heading", name="Household").count() == 0
    assert "Unscheduled care attendance" not in page.content()


def test_it_tells_an_outsider_only_that_the_page_was_not_found(visit, cast, story):
    page = visit.page
    visit.goto("/sign-in")
    page.get_by_label("Username").fill("out")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    visit.check()  # the error summary page
    assert page.get_by_role("alert").get_by_text("There is a problem").is_visible()

    visit.sign_in("out")
    response = visit.goto(f"/people/{story.maya.key}")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert "Maya" not in page.content()

    visit.goto("/people/search?name=Maya+Brooks")
    assert page.get_by_role("heading", name="No people found").is_visible()


def test_it_passes_axe_on_the_api_docs_and_the_sign_in_errors(visit, db):
    visit.goto("/api/docs")
    assert visit.page.get_by_role("heading", level=1).inner_text().endswith("partner API")
    visit.goto("/sign-in")
    visit.page.get_by_role("button", name="Sign in").click()
    visit.check()
    assert visit.page.get_by_role("link", name="Enter your username").is_visible()


def test_it_warns_before_the_session_times_out(visit, cast, settings):
    settings.SESSION_COOKIE_AGE = 63  # the warning comes a minute before: after 3 seconds
    page = visit.page
    visit.sign_in("sw")
    warning = page.locator("#session-timeout-warning")
    warning.wait_for(state="visible", timeout=15_000)
    assert "signed out in 1 minute" in warning.inner_text()
    visit.check()  # the warning itself passes axe
    page.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="hidden")
    assert "/people/search" in page.url


def test_it_lets_the_front_door_link_a_possible_match_then_undo_it(visit, transactional_db, cast):
    from joinedup.chronology.testing import event_body, record

    def twin(given: str) -> dict[str, Any]:
        return {
            "ref": "c",
            "role": "child",
            "name": {"given": given, "family": "Brooks"},
            "dob": "2019-06-01",
            "sex": "male",
            "address": {"line1": "27 Kiln Street", "town": "Riverside", "postcode": "RV2 4KS"},
        }

    record(event_body(record_id="ED-JACK", subjects=[twin("Jack")]))
    [jake] = record(
        event_body(
            organisation=cast.police.name,
            agency="police",
            type="police.child_concern",
            record_id="POL-JAKE",
            subjects=[twin("Jake")],
            details={},
        )
    )
    assert jake.subjects[0].outcome == "review"

    page = visit.page
    visit.sign_in("mash")
    page.get_by_role("link", name="Possible matches").click()
    visit.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Possible matches to review"
    page.get_by_role("link", name=re.compile("^Jake Brooks.*compare with Jack Brooks")).click()
    visit.check()
    assert page.get_by_role("heading", name="Known record").is_visible()
    assert page.get_by_role("heading", name="Record received").is_visible()
    assert page.get_by_text("possibly twins").is_visible()

    page.get_by_role("button", name="Save decision").click()  # nothing chosen: errors
    visit.check()
    assert page.get_by_role("link", name="Select whether these are the same person").is_visible()
    page.get_by_label("Link: the same person").check()
    page.get_by_label("Reason").fill("One child: the GP holds one NHS number for both records")
    page.get_by_role("button", name="Save decision").click()
    visit.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Jack Brooks"
    assert page.get_by_text("is now read as part of this record").is_visible()
    assert sorted(timeline_agencies(page)) == ["Health", "Police"]

    page.get_by_role("link", name="Undo merge of Jake Brooks").click()
    visit.check()
    page.get_by_label("Why are these not the same person?").fill("Twins: the school knows both")
    page.get_by_role("button", name="Undo merge").click()
    visit.check()
    assert page.get_by_text("is a separate record again").is_visible()
    assert timeline_agencies(page) == ["Health"]


def test_it_lets_a_social_worker_share_a_record_with_another_authority(visit, cast, story):
    """ADR 0019: sight across authorities only by a share, with a reason."""
    from joinedup.people.models import PersonAuthority

    page = visit.page
    visit.sign_in("sw")
    visit.goto(f"/people/{story.maya.key}")
    assert page.get_by_role("heading", name="Who can see this record").is_visible()
    page.get_by_role("link", name="Share with another authority").click()
    visit.check()
    page.get_by_role("button", name="Share the record").click()  # nothing chosen: errors
    visit.check()
    assert "There is a problem" in page.inner_text("main")
    page.get_by_label("Share with").select_option(label="Elsewhere")
    page.get_by_label("Why should they see it?").fill("The family moved to Elsewhere in May.")
    page.get_by_role("button", name="Share the record").click()
    visit.check()
    assert "Shared with Elsewhere" in page.inner_text("main")
    assert PersonAuthority.objects.filter(person=story.maya, via="share").count() == 1
