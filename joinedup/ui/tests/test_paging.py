"""Long lists come a page at a time: the inbox, the possible-matches queue (search has its own
tests in test_search.py), and the page links that keep the rest of the query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from joinedup.chronology.testing import event_body, record
from joinedup.core.paging import Page, page_links, page_number, page_of
from joinedup.people.models import IdentityReview, Person
from joinedup.signals.models import Signal, SignalRecipient

pytestmark = pytest.mark.django_db


def test_it_reads_the_page_number_leniently():
    assert [page_number(v) for v in ("3", " 2 ", "", None, "0", "-1", "x", "9" * 9)] == [
        3,
        2,
        1,
        1,
        1,
        1,
        1,
        1,
    ]


def test_it_links_first_last_and_neighbours_with_gaps():
    page = Page(items=[1], number=5, size=10, total=95)
    links = page_links(page, QueryDict("show=all&page=5"))
    assert [link.number for link in links] == [1, None, 4, 5, 6, None, 10]
    assert [link.href for link in links if link.current] == ["?show=all&page=5"]
    assert links[0].href == "?show=all"  # page 1 needs no number


def test_it_gives_the_last_page_for_a_number_past_the_end():
    page = page_of(list(range(7)), number=4, size=3)
    assert (page.number, page.items, page.first, page.last) == (3, [6], 7, 7)
    empty = page_of([], number=2, size=3)
    assert (empty.number, empty.count, empty.first, empty.last) == (1, 1, 0, 0)


NAMES = [("Ava", "Okoro"), ("Bilal", "Hughes"), ("Cora", "Lindqvist"), ("Dev", "Marsh")]
NAMES += [("Esme", "Varga"), ("Finn", "Quayle")]


def _children(n: int) -> list[Person]:
    """`n` children nobody would take for one another (no review items of their own)."""
    record(
        *[
            event_body(
                subjects=[
                    {
                        "ref": "c",
                        "role": "child",
                        "name": {"given": given, "family": family},
                        "dob": f"{2012 + i}-0{i + 1}-1{i}",
                    }
                ]
            )
            for i, (given, family) in enumerate(NAMES[:n])
        ]
    )
    assert not IdentityReview.objects.exists()
    return list(Person.objects.order_by("given_name"))


def test_it_pages_the_inbox_newest_first(client, cast, sign_in, monkeypatch):
    now = timezone.now()
    for n, child in enumerate(_children(5)):
        signal = Signal.objects.create(
            rule="repeat_injury",
            person=child,
            pattern_key=f"p{n}",
            raised_at=now - timedelta(days=n),
            due_at=now,
            escalate_at=now + timedelta(days=1),
            sentence=f"Sentence for {child.given_name}.",
            created_at=now,
        )
        SignalRecipient.objects.create(
            signal=signal,
            role="front_door",
            authority=cast.riverside,
            label="Front door",
            added_at=now,
        )
    monkeypatch.setattr("joinedup.signals.views.page_of", _sized(2))
    sign_in(cast.front_door)
    first = client.get("/signals/").content.decode()
    assert "5 signals waiting for a response" in first and "Showing 1 to 2" in first
    assert "Sentence for Ava" in first and "Sentence for Cora" not in first
    third = client.get("/signals/", {"page": "3"}).content.decode()
    assert "Sentence for Esme" in third and "Sentence for Ava" not in third
    assert 'href="?page=2" rel="prev"' in third
    answered = client.get("/signals/", {"show": "all", "page": "2"}).content.decode()
    assert 'href="?show=all&amp;page=3" rel="next"' in answered


def test_it_pages_the_possible_matches_queue_oldest_first(client, cast, sign_in, monkeypatch):
    children = _children(6)
    now = timezone.now()
    for n in range(3):
        IdentityReview.objects.create(
            candidate=children[2 * n],
            person=children[2 * n + 1],
            probability=0.9,
            created_at=now + timedelta(minutes=n),
        )
    monkeypatch.setattr("joinedup.ui.identity_views.page_of", _sized(2))
    sign_in(cast.front_door)
    first = client.get("/identity/reviews").content.decode()
    assert "3 records to review" in first and "Showing 1 to 2" in first
    assert "Bilal Hughes" in first and "Finn Quayle" not in first
    second = client.get("/identity/reviews", {"page": "2"}).content.decode()
    assert "Finn Quayle" in second and "Bilal Hughes" not in second
    assert 'aria-current="page">2</a>' in second


def _sized(size: int):
    """`page_of` with a small page, so a handful of rows makes several pages."""

    def sized(rows, *, number, size_=size, **_):
        return page_of(rows, number=number, size=size_)

    return sized
