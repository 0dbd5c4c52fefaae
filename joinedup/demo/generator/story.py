"""One household's two years, as the agencies around it saw and recorded them.

Each strand (a function of the story) adds what one agency saw, as drafts; social care comes
last, because it acts on what the others raised. Then the drafts that have happened by "today"
are numbered in time order and sent.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from joinedup.demo.generator import community, health, housing, police, schools, social_care
from joinedup.demo.generator.dates import LONDON, utc_text
from joinedup.demo.generator.people import Household, Human
from joinedup.demo.generator.shapes import subject_shape
from joinedup.demo.world import Org

if TYPE_CHECKING:
    from joinedup.demo.generator.borough import Borough

# Who is in an event: the person, their role, and what they are to others in it.
Subjects = list[tuple[Human, str, dict[Human, str]]]


@dataclass
class Draft:
    org: Org
    type: str
    occurred: datetime
    reported: datetime
    subjects: list[dict[str, Any]]
    details: dict[str, Any]
    summary: str
    trigger: str = ""  # a concern social care could be told about: who raised it


STRANDS: tuple[Callable[[Story], None], ...] = (
    health.births,
    health.health,
    schools.schools,
    police.domestic_abuse,
    police.offending,
    housing.housing,
    community.community,
    social_care.social_care,
)


class Story:
    def __init__(self, borough: Borough, household: Household):
        self.b = borough
        self.h = household
        # A stream apart from the one that built the household.
        self.rng = random.Random(f"joinedup-demo:{borough.seed}:{household.index}:story")
        self.drafts: list[Draft] = []
        self.window_days = (borough.today - borough.start).days

    # -- time -------------------------------------------------------------------------------

    def day_between(self, first: date, last: date) -> date | None:
        """A random day in [first, last), clipped to the window; None if there is none."""
        first = max(first, self.b.start)
        last = min(last, self.b.today)
        if first >= last:
            return None
        return first + timedelta(days=self.rng.randrange((last - first).days))

    def moment(self, day: date, hours: tuple[float, float] = (8, 20)) -> datetime:
        minute = self.rng.randrange(int(hours[0] * 60), int(hours[1] * 60))
        return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON)

    # -- people -----------------------------------------------------------------------------

    def escort(self, day: date) -> tuple[Human, str] | None:
        """The adult at home who brings a child in (a mother more often), and what they are."""
        adults = self.h.adults_on(day)
        if not adults:
            return None
        weights = [3 if a is self.h.mother else 2 if a is self.h.father else 1 for a in adults]
        adult = self.rng.choices(adults, weights=weights)[0]
        return adult, self.h.relation(adult)

    def with_carer(self, child: Human) -> Subjects:
        """The child and the parent they live with, as most events name them."""
        parent = self.h.carer()
        return [(child, "child", {}), (parent, "parent", {child: self.h.relation(parent)})]

    # -- recording --------------------------------------------------------------------------

    def add(
        self,
        org: Org,
        type: str,
        occurred: datetime,
        subjects: Subjects,
        details: dict[str, Any],
        summary: str,
        *,
        delay: tuple[float, float] = (0.1, 6),  # hours until the agency records it
        trigger: str = "",
    ) -> Draft:
        hours = self.rng.uniform(*delay)
        # Sums and comparisons in UTC: on a London clock they are wall-clock sums, and the
        # hour skipped in March would put a report before what it reports.
        occurred = occurred.astimezone(UTC)
        reported = min(occurred + timedelta(hours=hours), self.b.end)
        reported = max(reported, occurred)
        day = occurred.astimezone(LONDON).date()
        refs = {person: f"p{i + 1}" for i, (person, _, _) in enumerate(subjects)}
        rendered = []
        for person, role, relations in subjects:
            subject = {
                "ref": refs[person],
                "role": role,
                **subject_shape(self, person, org, day, role),
            }
            if relations:
                subject["relationship_to"] = {refs[o]: kind for o, kind in relations.items()}
            rendered.append(subject)
        draft = Draft(org, type, occurred, reported, rendered, details, summary, trigger)
        self.drafts.append(draft)
        return draft

    def bodies(self) -> Iterator[dict[str, Any]]:
        for strand in STRANDS:
            strand(self)
        # Work moved to a weekday or a few working days on can land on or after "today": that
        # has not happened yet, so it is not sent. (They sort last: earlier numbers stay.)
        happened = [d for d in self.drafts if d.occurred < self.b.end]
        happened.sort(key=lambda d: (d.occurred, d.org.name, d.type))
        for number, d in enumerate(happened, start=1):
            self.b.stats.events[d.type] += 1
            yield {
                "source": {
                    "agency": d.org.agency,
                    "organisation": d.org.name,
                    "record_id": f"{d.org.prefix}-S{self.b.seed}-H{self.h.index:06d}-{number:03d}",
                },
                "type": d.type,
                "occurred_at": utc_text(d.occurred),
                "reported_at": utc_text(d.reported),
                "subjects": d.subjects,
                "details": d.details,
                "summary": d.summary,
            }
