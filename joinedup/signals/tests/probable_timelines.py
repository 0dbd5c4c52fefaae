"""Fictional timelines where a danger rests on a probable identity (ADR 0022): each of the
three misses of issue 24, as the agencies would send it. All names and places are invented."""

from __future__ import annotations

from typing import Any

from joinedup.signals.tests.timelines import KILN, MILL, QUAY, ev, nhs, who

LILY: dict[str, Any] = dict(given="Lily", family="Marsh", dob="2019-03-03", address=KILN)
GEMMA: dict[str, Any] = dict(given="Gemma", family="Marsh", dob="1992-01-01", address=KILN)
CONNOR: dict[str, Any] = dict(given="Connor", family="Bryant", dob="1990-06-14", address=KILN)

# 1. A man with a violent conviction under a surname spelt one letter differently, same date
# of birth, moves in with a child on a plan.
PARTNER_MISSPELT = [
    ev(
        "csc",
        "social_care.child_protection_plan_started",
        "2026-02-02",
        [who("c", "child", **LILY), who("m", "parent", rel={"c": "mother"}, **GEMMA)],
        {"category": "physical"},
    ),
    ev(
        "housing",
        "housing.household_change",
        "2026-03-02",
        [
            who("c", "child", **LILY),
            who("d", "household_member", rel={"c": "mothers_partner"}, **CONNOR),
        ],
        {"change": "adult_joined"},
    ),
    ev(
        "police",
        "police.conviction",
        "2026-03-10",
        [who("d", "subject", "Connor", "Briant", "1990-06-14")],
        {"offence_category": "violence"},
    ),
]

# 2. A toddler's given name spelt differently at a second hospital, same birth date and home:
# held apart as possible twins, so the second injury was never put beside the first.
MAISIE: dict[str, Any] = dict(family="Brook", dob="2023-05-05", address=MILL)
INJURED_AT_TWO_HOSPITALS = [
    ev(
        "hospital",
        "health.unscheduled_care_attendance",
        "2026-04-01T18:00",
        [who("c", "child", "Maisie", nhs_number=nhs(5001), **MAISIE)],
        {"setting": "emergency_department", "injury": {"kind": "bruise", "site": "arm"}},
    ),
    ev(
        "northgate",
        "health.unscheduled_care_attendance",
        "2026-04-20T21:00",
        [who("c", "child", "Maisy", **MAISIE)],
        {"setting": "emergency_department", "injury": {"kind": "burn", "site": "hand"}},
    ),
]

# 3. A report naming a school-age child by name and address alone, as the victim: held apart
# as a possible parent of the same name.
ROSA: dict[str, Any] = dict(given="Rosa", family="Quinn", address=QUAY)
NAMED_BY_NAME_AND_ADDRESS = [
    ev(
        "school",
        "education.absence",
        "2026-01-20",
        [who("c", "child", dob="2016-09-09", **ROSA)],
        {"sessions_missed": 6, "sessions_possible": 10},
    ),
    ev(
        "police",
        "police.domestic_abuse_incident",
        "2026-02-06T22:30",
        [who("c", "victim", **ROSA)],
        {"children_present": True},
        after_hours=1,
    ),
]
