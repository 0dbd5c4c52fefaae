"""Jayden Whitlock: a toddler whose name is spelt differently at each hospital (family 2)."""

from __future__ import annotations

from typing import Any

from joinedup.demo.narratives.book import KILN_STREET_SURGERY, Book, Family, Person, address
from joinedup.demo.world import NORTHGATE_HOSPITAL, RIVERSIDE_HOSPITAL, Org

JAYDEN = Person(11, "Jayden", "Whitlock", "male", 2 * 365 + 130, early_in_month=True)
SHANNON = Person(12, "Shannon", "Whitlock", "female", 24 * 365 + 10)
WHITLOCK_HOME = address("7 Cinder Path", "RV6 8CP")


def _ed(
    b: Book,
    org: Org,
    days_ago: int,
    at: str,
    child: dict[str, Any],
    injury: dict[str, Any],
    text: str,
) -> None:
    b.event(
        org,
        "health.unscheduled_care_attendance",
        days_ago,
        at,
        [
            child,
            b.subject(
                "p2", "accompanying_adult", SHANNON, dob=None, sex=False, rel={"p1": "mother"}
            ),
        ],
        {"setting": "emergency_department", **injury, "safeguarding_concern": False},
        text,
        reported_after_hours=4,
    )


def build(b: Book) -> None:
    _three_spellings(b)
    _the_pattern(b)


def _three_spellings(b: Book) -> None:
    """Three attendances at two hospitals, under three spellings of his name."""
    _ed(
        b,
        RIVERSIDE_HOSPITAL,
        170,
        "18:20",
        b.subject(
            "p1",
            "child",
            JAYDEN,
            ids={"nhs_number": JAYDEN.nhs, "hospital_number": "RH00000011"},
            address=WHITLOCK_HOME,
        ),
        {
            "presenting_complaint": "head injury",
            "injury": {"kind": "head_injury", "site": "back of head"},
        },
        "Brought in by mother Shannon Whitlock. Jayden (2) fell down three stairs at home; "
        "bump to the back of the head, no loss of consciousness. Discharged with head injury "
        "advice.",
    )
    _ed(
        b,
        NORTHGATE_HOSPITAL,
        120,
        "20:05",
        b.subject(
            "p1",
            "child",
            JAYDEN,
            given="Jaden",
            ids={"hospital_number": "NGH00000011"},
            address=WHITLOCK_HOME,
        ),
        {"presenting_complaint": "burn", "injury": {"kind": "burn", "site": "right palm"}},
        "Brought in by mother. Jaden (2) burn to the right palm; explanation: grabbed hair "
        "straighteners left on the bed. NHS number not found at registration.",
    )
    _ed(
        b,
        NORTHGATE_HOSPITAL,
        85,
        "13:45",
        b.subject(
            "p1",
            "child",
            JAYDEN,
            family="Witlock",
            dob="swapped",
            ids={"hospital_number": "NGH00000412"},
            address=WHITLOCK_HOME,
        ),
        {
            "presenting_complaint": "cut eyebrow",
            "injury": {"kind": "laceration", "site": "left eyebrow"},
        },
        "Brought in by mother. Jayden (2) cut above the left eyebrow; explanation: ran into a "
        "door frame. Glued and discharged. Registered as a new patient.",
    )


def _the_pattern(b: Book) -> None:
    """The GP sees bruising on his back; then a fracture, back at the first hospital."""
    b.event(
        KILN_STREET_SURGERY,
        "health.injury_observed",
        40,
        "09:50",
        [
            b.subject("p1", "child", JAYDEN, ids={"nhs_number": JAYDEN.nhs}, address=WHITLOCK_HOME),
            b.subject(
                "p2", "parent", SHANNON, ids={"nhs_number": SHANNON.nhs}, rel={"p1": "mother"}
            ),
        ],
        {
            "injury": {"kind": "bruise", "site": "lower back"},
            "explanation": "slipped in the bath",
            "explanation_consistent": False,
        },
        "Seen by GP for a cough. Three bruises on Jayden's lower back noted. Shannon said he "
        "slipped in the bath. Pattern not typical of a fall; discussed with the practice "
        "safeguarding lead.",
        reported_after_hours=30,
    )
    _ed(
        b,
        RIVERSIDE_HOSPITAL,
        20,
        "22:10",
        b.subject(
            "p1",
            "child",
            JAYDEN,
            ids={"nhs_number": JAYDEN.nhs, "hospital_number": "RH00000011"},
            address=WHITLOCK_HOME,
        ),
        {
            "presenting_complaint": "wrist injury",
            "injury": {"kind": "fracture", "site": "left wrist"},
        },
        "Brought in by mother Shannon Whitlock. Jayden (2) fracture of the left wrist; "
        "explanation: fell off the sofa. Fourth attendance in six months across two hospitals "
        "was not visible to the doctor at the time.",
    )


FAMILY = Family(
    "whitlock",
    "A toddler whose name is spelt differently at each hospital",
    "Jayden Whitlock, two, attends two emergency departments five times in six months: a "
    "head injury, a burn, a cut eyebrow, then a broken wrist, and his GP sees bruises on his "
    "back. At Northgate he is registered once as 'Jaden Whitlock' without an NHS number and "
    "once as 'Jayden Witlock' with the day and month of his birth swapped, so each hospital "
    "sees one or two accidents, never the pattern.",
    ("Jayden Whitlock", "Jaden Whitlock", "Jayden Witlock", "Shannon Whitlock"),
    ("repeat_injury",),
    "The deterministic matcher links only the records with his NHS number (Riverside "
    "Hospital, the GP); 'Jaden Whitlock' and 'Jayden Witlock' stay separate people until "
    "the probabilistic matcher, so repeat_injury fires late.",
    build,
)
