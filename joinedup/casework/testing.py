"""A practitioner's task in a real browser, counted: how many interactions it takes and how
long. Shared by the browser tests (casework/tests/test_browser_journey.py) and the benchmark
(benchmarks/bench_visit.py), so both measure the same script.

An interaction is what a person does: each click, fill, choice from a list, tick and key press
counts one. A page the browser loads because of a click is part of that click; a page the
script opens itself (setup, such as going to the child's page) is not counted.

`page` is a Playwright page (typed Any: the app does not depend on Playwright).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from joinedup.casework.forms import MOMENT_FORMAT
from joinedup.core.calendar import LONDON, add_working_days

PHONE = {"width": 375, "height": 812}  # a phone's viewport, CSS pixels (an iPhone X to 13 mini)
VISIT_TARGET = 10  # interactions to record a visit on the child's page
VISIT_SECONDS = 120


@dataclass(frozen=True)
class TaskCount:
    interactions: int
    seconds: float


class Counted:
    """Playwright's actions on a locator, each counted as one interaction."""

    def __init__(self) -> None:
        self.interactions = 0

    def click(self, locator: Any) -> None:
        self.interactions += 1
        locator.click()

    def fill(self, locator: Any, value: str) -> None:
        self.interactions += 1
        locator.fill(value)

    def check(self, locator: Any) -> None:
        self.interactions += 1
        locator.check()

    def select(self, locator: Any, label: str) -> None:
        self.interactions += 1
        locator.select_option(label=label)

    def press(self, locator: Any, key: str) -> None:
        self.interactions += 1
        locator.press(key)


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through the sign-in page (setup: not counted)."""
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def record_visit(
    page: Any, base_url: str, child_key: str, *, plain: bool, said: str = "I like my new bed."
) -> TaskCount:
    """From the child's page, record a home visit: the child seen, seen alone, what the child
    said, and the next visit. The prefilled form already holds when, where and the next visit;
    the plain one (the same form at ?plain=1) has them typed as well. Counted from the child's
    page, loaded, to the child's page again saying the visit is recorded."""
    page.goto(f"{base_url}/people/{child_key}")
    link = page.locator(".app-steps").get_by_role("link", name="Visit", exact=True)
    if plain:  # the same link, to the same form with nothing filled in
        link.evaluate("a => { a.href += '?plain=1'; }")
    now = datetime.now(LONDON) - timedelta(minutes=1)
    counted = Counted()
    started = time.perf_counter()
    counted.click(link)
    page.get_by_role("heading", level=1, name="Visit").wait_for()
    if plain:
        counted.fill(page.get_by_label("When was the visit"), now.strftime(MOMENT_FORMAT))
    counted.check(page.get_by_role("group", name="Child seen").get_by_label("Yes"))
    counted.check(page.get_by_role("group", name="Seen alone").get_by_label("Yes"))
    if plain:
        counted.check(page.get_by_role("group", name="Where").get_by_label("Home"))
    counted.fill(page.get_by_label("What the child said"), said)
    if plain:
        next_visit = add_working_days(now.date(), 10)
        counted.fill(page.get_by_label("Next visit"), next_visit.isoformat())
    counted.click(page.get_by_role("button", name="Save"))
    recorded = page.get_by_text("Visit recorded.")
    recorded.or_(page.locator(".govuk-error-summary")).first.wait_for()
    seconds = time.perf_counter() - started
    if not recorded.is_visible():
        problem = " ".join(page.locator(".govuk-error-summary").inner_text().split())
        raise AssertionError(f"the visit was not recorded: {problem}")
    return TaskCount(counted.interactions, seconds)
