"""A long chronology is read a page at a time, newest first, filters kept across pages."""

from __future__ import annotations

from html import unescape

import pytest

from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.people.models import Person
from joinedup.ui import views


@pytest.fixture
def maya_with_five_events(cast):
    record(
        *(
            event_body(
                record_id=f"P{day}",
                occurred_at=f"2026-05-0{day}T10:00:00Z",
                reported_at=None,
                subjects=[MAYA],
                summary=f"Visit on day {day}",
            )
            for day in range(1, 6)
        )
    )
    return Person.objects.get(given_name="Maya")


def summaries(response) -> list[str]:
    return [e.summary for e in response.context["chronology"].entries]


def test_it_pages_through_the_chronology(client, cast, sign_in, maya_with_five_events, monkeypatch):
    monkeypatch.setattr(views, "CHRONOLOGY_LIMIT", 2)
    sign_in(cast.social_worker)
    url = f"/people/{maya_with_five_events.key}"

    first = client.get(url, {"agency": "health"})
    assert summaries(first) == ["Visit on day 5", "Visit on day 4"]
    page = unescape(first.content.decode())
    assert "Events 1 to 2 that match the filters, newest first." in page
    assert "Newer events" not in page
    assert "?agency=health&start=2#chronology" in page

    second = client.get(url, {"agency": "health", "start": "2"})
    assert summaries(second) == ["Visit on day 3", "Visit on day 2"]
    page = unescape(second.content.decode())
    assert "Older events" in page and "Newer events" in page
    assert "?agency=health#chronology" in page  # back to the first page

    last = client.get(url, {"agency": "health", "start": "4"})
    assert summaries(last) == ["Visit on day 1"]
    assert "Older events" not in last.content.decode()


@pytest.mark.parametrize("start", ["-3", "abc", ""])
def test_it_starts_at_the_newest_for_a_start_that_is_not_a_number(
    client, cast, sign_in, maya_with_five_events, start
):
    sign_in(cast.social_worker)
    response = client.get(f"/people/{maya_with_five_events.key}", {"start": start})
    assert summaries(response)[0] == "Visit on day 5"


def test_it_shows_no_pages_when_everything_fits(client, cast, sign_in, maya_with_five_events):
    sign_in(cast.social_worker)
    page = client.get(f"/people/{maya_with_five_events.key}").content.decode()
    assert "5 events, newest first." in page
    assert "Older events" not in page
