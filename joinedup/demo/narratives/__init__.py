"""Seven fictional families whose stories a reviewer can follow from agency to agency.

Each is built on a pattern that published serious case reviews and child safeguarding
practice reviews keep finding: the pieces were known, in different agencies, and nobody put
them together. Every name, address and number is invented. Dates are counted back from the
demo's "today", so the stories stay current; record ids are fixed (`DEMO-<FAMILY>-nn`), so
loading twice changes nothing.

`FAMILIES` is the data the README and the demo's guide list: each family's title, a paragraph
a reviewer can read, the names to search for, the signals (shared/spec/signals-v1.md) its
events should raise, and what the first-cut deterministic matcher does with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from joinedup.demo.narratives import (
    ashworth,
    brennan,
    doyle,
    osei,
    quinn,
    thornton,
    whitlock,
)
from joinedup.demo.narratives.book import Book, Family
from joinedup.demo.narratives.thornton import MARKER_DAYS_AGO
from joinedup.demo.world import RIVERSIDE_HOSPITAL

__all__ = [
    "ADDRESSES",
    "FAMILIES",
    "MARKER",
    "MARKER_DAYS_AGO",
    "Family",
    "family_bodies",
    "narrative_bodies",
    "narrative_items",
]

_STORIES = (thornton, whitlock, doyle, quinn, ashworth, osei, brennan)
FAMILIES: tuple[Family, ...] = tuple(story.FAMILY for story in _STORIES)

MARKER = (RIVERSIDE_HOSPITAL.name, "DEMO-THORNTON-03")  # Riley's birth: MARKER_DAYS_AGO

# The families' homes: the random borough never puts anyone else in them.
ADDRESSES: set[tuple[str, str]] = {
    (home["line1"], home["postcode"])
    for home in (
        thornton.THORNTON_HOME,
        whitlock.WHITLOCK_HOME,
        doyle.DOYLE_HOME,
        quinn.QUINN_HOME,
        ashworth.ASHWORTH_HOME,
        osei.OSEI_HOME,
        brennan.BRENNAN_HOME,
    )
}


def family_bodies(family: Family, today: date) -> list[dict[str, Any]]:
    book = Book(family.code, today)
    family.build(book)
    return book.bodies


def narrative_items(today: date) -> list[tuple[dict[str, Any], str | None]]:
    """Every family's events in the order they were reported, each with the LA child id whose
    case a social worker takes on once that event is recorded (None for most)."""
    items: list[tuple[dict[str, Any], str | None]] = []
    for family in FAMILIES:
        book = Book(family.code, today)
        family.build(book)
        allocate = dict(book.allocations)
        items += [(body, allocate.get(body["source"]["record_id"])) for body in book.bodies]
    return sorted(items, key=lambda item: item[0]["reported_at"])


def narrative_bodies(today: date) -> Iterator[dict[str, Any]]:
    for body, _ in narrative_items(today):
        yield body
