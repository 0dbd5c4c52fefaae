"""What the community sees: an anonymous call from the public, a voluntary group's worry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from joinedup.demo.generator import words
from joinedup.demo.generator.dates import weekday
from joinedup.demo.world import PUBLIC, VOLUNTARY

if TYPE_CHECKING:
    from joinedup.demo.generator.story import Story

PUBLIC_CALLS = {"universal": 0.003, "vulnerable": 0.04, "complex": 0.25}
VOLUNTARY_WORRIES = {"universal": 0.004, "vulnerable": 0.08, "complex": 0.2}


def community(s: Story) -> None:
    if not s.h.children:
        return
    if s.rng.random() < PUBLIC_CALLS[s.h.risk]:
        _public_call(s)
    if s.rng.random() < VOLUNTARY_WORRIES[s.h.risk]:
        _voluntary_worry(s)


def _public_call(s: Story) -> None:
    day = s.day_between(s.b.start, s.b.today)
    if not (day and s.h.children_on(day)):
        return
    kids = s.h.children_on(day)
    text = s.rng.choice(words.PUBLIC_CONCERNS).format(place=s.h.address_on(day).line1)
    s.add(
        PUBLIC,
        "public.concern",
        s.moment(day, (7, 23)),
        [(c, "child", {}) for c in kids],
        {"concern": text},
        "Anonymous caller: " + text,
        delay=(0.1, 2),
        trigger="a member of the public (anonymous)",
    )


def _voluntary_worry(s: Story) -> None:
    day = s.day_between(s.b.start, s.b.today)
    if not (day and s.h.children_on(day)):
        return
    parent = s.h.carer()
    kids = s.h.children_on(day)
    text = s.rng.choice(words.VOLUNTARY_CONCERNS).format(name=parent.given)
    s.add(
        VOLUNTARY,
        "voluntary.concern",
        s.moment(weekday(day), (9, 17)),
        [(parent, "parent", {c: s.h.relation(parent) for c in kids})]
        + [(c, "child", {}) for c in kids],
        {"concern": text, "severity": s.rng.choice(("low", "medium"))},
        text,
        delay=(2, 96),
        trigger=VOLUNTARY.name,
    )
