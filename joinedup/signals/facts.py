"""What the rules read: a child's current event entries and the adults linked to them.

Plain frozen data, loaded in bulk by `selectors` and filtered "as known at" a moment, so the
rules are pure functions a reader can follow without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from joinedup.cases.selectors import CaseState, case_state_from
from joinedup.chronology.registry import EVENT_TYPES
from joinedup.core.calendar import local_date, months_old, years_old

CONCERN_SUFFIXES = (".concern", ".safeguarding_concern")

# The roles of an adult with the child (the child's own: `core.vocabulary.CHILD_ROLES`).
ADULT_ROLES = frozenset(
    {
        "parent",
        "carer",
        "accompanying_adult",
        "household_member",
        "next_of_kin",
        "alleged_perpetrator",
    }
)


@dataclass(frozen=True, slots=True, eq=False)
class Fact:
    """One current event entry about one person (equal when the version and person are)."""

    version_id: int
    event_id: int
    person_id: int
    role: str
    type: str
    agency: str
    organisation_id: int
    organisation: str
    record_id: str
    occurred_at: datetime
    reported_at: datetime
    details: dict[str, Any]
    summary: str = ""
    # occurred_at's day in London, worked out once (the rules ask for it often).
    day: date = field(default=date.min)

    def __post_init__(self) -> None:
        if self.day == date.min:
            object.__setattr__(self, "day", local_date(self.occurred_at))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fact) and (self.version_id, self.person_id) == (
            other.version_id,
            other.person_id,
        )

    def __hash__(self) -> int:
        return hash((self.version_id, self.person_id))

    @property
    def injury(self) -> dict[str, Any] | None:
        injury = self.details.get("injury")
        if isinstance(injury, dict) and injury:
            return injury
        event_type = EVENT_TYPES.get(self.type)
        if event_type is not None and event_type.is_injury:
            return {"kind": "other"}
        return None

    @property
    def is_injury(self) -> bool:
        return self.injury is not None

    @property
    def is_concern(self) -> bool:
        event_type = EVENT_TYPES.get(self.type)
        return bool(
            (event_type is not None and event_type.is_concern)
            or self.type.endswith(CONCERN_SUFFIXES)
            or self.type == "police.child_concern"
            or self.details.get("safeguarding_concern") is True
            or self.is_injury
        )


@dataclass(frozen=True, slots=True)
class Adult:
    person_id: int
    name: str
    dob: date | None
    seen_as_child: bool

    def is_adult_on(self, on: date) -> bool:
        if self.dob is None:
            return not self.seen_as_child
        return years_old(self.dob, on) >= 18


@dataclass(frozen=True, slots=True)
class Link:
    """An adult named with the child in one of the child's events (co-subject or relation)."""

    adult_id: int
    kind: str  # the subject role in that event, or the relationship asserted there
    fact: Fact  # the child's entry that names them together


@dataclass(frozen=True, slots=True)
class Child:
    person_id: int
    name: str
    dob: date | None
    sex: str

    def age_days_on(self, on: date) -> int | None:
        return None if self.dob is None else (on - self.dob).days

    def age_on(self, on: date) -> int | None:
        if self.dob is None:
            return None
        return years_old(self.dob, on)

    def months_on(self, on: date) -> int | None:
        if self.dob is None:
            return None
        return months_old(self.dob, on)


@dataclass
class ChildFacts:
    """Everything the rules read about one child."""

    child: Child
    facts: list[Fact]
    links: list[Link] = field(default_factory=list)
    adults: dict[int, Adult] = field(default_factory=dict)
    adult_facts: dict[int, list[Fact]] = field(default_factory=dict)
    # Where the child is known to a school: (reported_at, occurred_at, organisation id) of every
    # event an education organisation sent naming the child, in any role.
    schools: list[tuple[datetime, datetime, int]] = field(default_factory=list)

    def moments(self) -> list[datetime]:
        """Every moment knowledge changed: each reported_at of an event the rules read, and of
        each school's event naming the child."""
        moments = {f.reported_at for f in self.facts}
        moments.update(f.reported_at for fs in self.adult_facts.values() for f in fs)
        moments.update(reported for reported, _, _ in self.schools)  # a school now known
        return sorted(moments)

    def known_at(self, t: datetime) -> Known:
        return Known(
            child=self.child,
            at=t,
            facts=[f for f in self.facts if f.reported_at <= t],
            links=[link for link in self.links if link.fact.reported_at <= t],
            adults=self.adults,
            adult_facts={
                a: [f for f in fs if f.reported_at <= t] for a, fs in self.adult_facts.items()
            },
            schools=[s for s in self.schools if s[0] <= t],
        )


@dataclass
class Known:
    """What the partnership knew about the child at moment `at`."""

    child: Child
    at: datetime
    facts: list[Fact]
    links: list[Link]
    adults: dict[int, Adult]
    adult_facts: dict[int, list[Fact]]
    schools: list[tuple[datetime, datetime, int]] = field(default_factory=list)

    def school(self) -> int | None:
        """The organisation id of the school that last wrote about the child, known now."""
        return max(self.schools, key=lambda s: (s[1], s[0]))[2] if self.schools else None

    def of_type(self, *types: str) -> list[Fact]:
        return sorted(
            (f for f in self.facts if f.type in types), key=lambda f: (f.occurred_at, f.version_id)
        )

    def where(self, test: Any) -> list[Fact]:
        return sorted(
            (f for f in self.facts if test(f)), key=lambda f: (f.occurred_at, f.version_id)
        )

    def case_at(self, moment: datetime) -> CaseState:
        """The case status at `moment`, from the social-care events known now."""
        return case_state_from(self.facts, at=moment)


@dataclass(frozen=True)
class Finding:
    """A rule's conclusion: one pattern, its evidence, and the words that explain it."""

    rule: str
    pattern_key: str
    # The facts that make this pattern what it is (a finding sharing one is the same pattern).
    key_facts: tuple[Fact, ...]
    # Further evidence that makes it true (the plan the child is on, the link to the adult).
    context_facts: tuple[Fact, ...] = ()
    sentence: str = ""
    raised_at: datetime | None = None  # for "nothing happened" rules: the deadline that passed
    # Organisations the routing needs (the school, the health visitor), by id.
    route_organisations: tuple[int, ...] = ()

    @property
    def evidence(self) -> tuple[Fact, ...]:
        seen: dict[int, Fact] = {}
        for f in (*self.key_facts, *self.context_facts):
            seen.setdefault(f.version_id, f)
        return tuple(seen.values())

    @property
    def knowledge_time(self) -> datetime:
        latest = max(f.reported_at for f in self.evidence)
        return max(latest, self.raised_at) if self.raised_at else latest


def by_time(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.occurred_at, f.version_id))


def windows(facts: list[Fact], days: int) -> Iterable[tuple[Fact, tuple[Fact, ...]]]:
    """For each fact, the facts within `days` before it (itself included), oldest first."""
    for i, f in enumerate(facts):
        yield f, tuple(g for g in facts[: i + 1] if (f.day - g.day).days <= days)
