"""What a rule declares: its code, words, routes, due time, parameters and function, and the
routes and due times a rule may name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from joinedup.signals.facts import ChildFacts, Finding, Known

# Where a signal can go. Each rule names its routes; `signals.routing` resolves them to people.
ROUTES: dict[str, str] = {
    "social_worker": "the child's allocated social worker",
    "social_worker_or_front_door": "the allocated social worker, or the front door if none",
    "front_door_or_social_worker": "the front door, or the social worker if allocated",
    "front_door": "the front door (children's social care) of the child's local authority",
    "manager": "the social worker's team manager",
    "attending_clinician": "the attending clinician's organisation (health practitioners there)",
    "school_dsl": "the designated safeguarding lead of the child's school (from its events)",
    "health_named": "the health visitor or GP service named on the events",
    "social_worker_if_allocated": "the allocated social worker, if there is one",
}

# How soon a response is expected.
DUE: dict[str, str] = {
    "one_working_day": "within one working day",
    "same_day": "the same day",
    "next_school_day": "before the start of the next school day (08:30)",
}


@dataclass(frozen=True)
class Param:
    name: str
    value: Any
    meaning: str


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    description: str
    routes: tuple[str, ...]
    params: tuple[Param, ...]
    kind: Literal["event", "scheduled"] = "event"
    due: str = "one_working_day"
    # Event rules: every finding true of what was known at `known.at`.
    evaluate: Callable[[Known, Rule], Iterable[Finding]] | None = None
    # Scheduled rules: every finding whose deadline passed by `until`.
    sweep: Callable[[ChildFacts, datetime, Rule], Iterable[Finding]] | None = None

    def p(self, name: str) -> Any:
        return next(p.value for p in self.params if p.name == name)

    @property
    def routes_text(self) -> str:
        return "; ".join(ROUTES[r] for r in self.routes)
