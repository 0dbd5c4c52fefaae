"""Harper Quinn: a bruise on a four-month-old baby who cannot yet roll (family 4)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from joinedup.demo.narratives.book import (
    LONDON,
    WHARFSIDE_MEDICAL,
    Book,
    Family,
    Person,
    address,
    utc,
)
from joinedup.demo.world import HEALTH_VISITING, RIVERSIDE_HOSPITAL

HARPER = Person(31, "Harper", "Quinn", "female", 125)
CHLOE = Person(32, "Chloe", "Quinn", "female", 19 * 365 + 300)
QUINN_HOME = address("Flat 3, Heron Court", "RV8 7HC")


def build(b: Book) -> None:
    harper = {"nhs_number": HARPER.nhs}
    chloe = b.subject("p2", "parent", CHLOE, ids={"nhs_number": CHLOE.nhs}, rel={"p1": "mother"})
    b.event(
        RIVERSIDE_HOSPITAL,
        "health.birth",
        125,
        "15:30",
        [b.subject("p1", "child", HARPER, given="Baby", ids=harper, address=QUINN_HOME), chloe],
        {"gestation_weeks": 39, "birth_weight_g": 3150},
        "Baby Quinn (girl) born at 39 weeks, 3150 g. Mother Chloe Quinn, 19, first baby; "
        "father not named.",
        reported_after_hours=5,
    )
    b.event(
        WHARFSIDE_MEDICAL,
        "health.appointment_not_attended",
        60,
        "10:20",
        [b.subject("p1", "child", HARPER, ids=harper, address=QUINN_HOME), chloe],
        {
            "service": "8-week immunisations",
            "appointment_at": utc(
                datetime.combine(b.today - timedelta(days=60), time(10, 20), tzinfo=LONDON)
            ),
        },
        "Harper (2 months) was not brought to her 8-week immunisations. Rebooked by text.",
        reported_after_hours=30,
    )
    b.event(
        HEALTH_VISITING,
        "health.injury_observed",
        3,
        "11:15",
        [b.subject("p1", "child", HARPER, ids=harper, address=QUINN_HOME), chloe],
        {
            "injury": {"kind": "bruise", "site": "upper arms, both sides"},
            "explanation": "caught her arm in the car seat straps",
            "explanation_consistent": False,
        },
        "Health visitor's contact. Harper (4 months, not yet rolling) has four small round "
        "bruises on her upper arms, like fingertips. Chloe said she caught her arm in the car "
        "seat straps. Any bruise on a baby who is not mobile needs a same-day referral.",
        reported_after_hours=3,
    )


FAMILY = Family(
    "quinn",
    "A bruise on a four-month-old baby who cannot yet roll",
    "Harper Quinn is four months old and not yet mobile. She was not brought to her "
    "eight-week immunisations. The health visitor finds four small round bruises on her "
    "upper arms; her mother Chloe, nineteen, says she caught her arm in the car seat "
    "straps. Bruising in a baby who is not mobile is a well-known warning sign and needs a "
    "same-day referral.",
    ("Harper Quinn", "Chloe Quinn", "Baby Quinn"),
    ("non_mobile_infant_injury",),
    "All linked by NHS number; the birth record names her 'Baby Quinn', kept as an earlier name.",
    build,
)
