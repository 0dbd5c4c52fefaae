"""What the housing provider sees: moves, a partner added to the tenancy, a father leaving."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from joinedup.demo.generator import words
from joinedup.demo.generator.dates import weekday
from joinedup.demo.world import HOUSING

if TYPE_CHECKING:
    from joinedup.demo.generator.story import Story


def housing(s: Story) -> None:
    _moves(s)
    _partner_joins(s)
    _father_leaves(s)


def _moves(s: Story) -> None:
    tenant = s.h.carer()
    for (_, before), (moved, after) in zip(s.h.moves, s.h.moves[1:], strict=False):
        household = s.h.adults_on(moved) + s.h.children_on(moved)
        s.add(
            HOUSING,
            "housing.household_change",
            s.moment(weekday(moved), (9, 17)),
            [(p, "household_member", {}) for p in household],
            {"change": "moved_address"},
            f"{tenant.full} and household moved from {before.one_line} to "
            f"{after.one_line} ({s.rng.choice(words.MOVE_REASONS)}).",
            delay=(24, 24 * 20),
        )


def _partner_joins(s: Story) -> None:
    """Often housing hears of a new partner months later, or never."""
    if not (s.h.partner and s.h.partner_joined):
        return
    tenant = s.h.carer()
    partner = s.h.partner
    children = s.h.children_on(s.h.partner_joined)
    relation = s.h.relation(partner)
    if s.rng.random() >= 0.6:
        return
    day = s.day_between(
        s.h.partner_joined + timedelta(days=14),
        s.h.partner_joined + timedelta(days=200),
    )
    if not day:
        return
    their = "her" if tenant.sex == "female" else "his"
    s.add(
        HOUSING,
        "housing.household_change",
        s.moment(weekday(day), (9, 17)),
        [
            (tenant, "household_member", {}),
            (partner, "household_member", {c: relation for c in children}),
            *((c, "household_member", {}) for c in children),
        ],
        {"change": "adult_joined"},
        f"{tenant.full} reports that {their} partner {partner.full} has moved in; "
        "added to the household on the tenancy.",
        delay=(2, 48),
    )


def _father_leaves(s: Story) -> None:
    if not (s.h.father and s.h.father_left):
        return
    tenant = s.h.carer()
    father = s.h.father
    s.add(
        HOUSING,
        "housing.household_change",
        s.moment(weekday(s.h.father_left), (9, 17)),
        [(father, "household_member", {}), (tenant, "household_member", {})],
        {"change": "adult_left"},
        f"{father.full} has left the property; {tenant.full} now the sole tenant.",
        delay=(24 * 7, 24 * 60),
    )
