"""The run: a seed, a window of months up to "today", and the households it makes in turn."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from joinedup.demo import narratives
from joinedup.demo.generator.dates import LONDON, months_before
from joinedup.demo.generator.households import household_make
from joinedup.demo.generator.people import Household
from joinedup.demo.generator.story import Story
from joinedup.demo.world import Addresses, Identifiers


@dataclass
class Stats:
    households: int = 0
    children: int = 0
    adults: int = 0
    twins: int = 0
    surname_changes: int = 0
    events: Counter[str] = field(default_factory=Counter)


class Borough:
    def __init__(
        self,
        *,
        children: int,
        seed: int,
        today: date,
        months: int = 24,
        keep_households: bool = False,
    ):
        if children < 0 or months < 1:
            raise ValueError("children must be 0 or more and months 1 or more")
        self.wanted = children
        self.seed = seed
        self.today = today
        self.start = months_before(today, months)
        # Everything happens before the start of "today", so nothing is ever in the future.
        self.end = datetime.combine(today, time(0, 0), tzinfo=LONDON)
        self.ids = Identifiers()
        self.addresses = Addresses(reserved=narratives.ADDRESSES)
        self.stats = Stats()
        # The truth behind the events, for tests only: a large run must not hold it.
        self.households: list[Household] | None = [] if keep_households else None

    def bodies(self) -> Iterator[dict[str, Any]]:
        made, index = 0, 0
        while made < self.wanted:
            index += 1
            household = household_make(self, index, self.wanted - made)
            made += len(household.children)
            if self.households is not None:
                self.households.append(household)
            yield from Story(self, household).bodies()

    def rng(self, index: int) -> random.Random:
        """Household `index`'s own stream, whatever else the run makes."""
        return random.Random(f"joinedup-demo:{self.seed}:{index}")
