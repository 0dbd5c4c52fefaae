"""Kian Brennan: concerns from three agencies in two months, and no referral (family 7)."""

from __future__ import annotations

from joinedup.demo.narratives.book import (
    FERRY_ROAD_PRIMARY,
    WHARFSIDE_MEDICAL,
    Book,
    Family,
    Person,
    address,
)
from joinedup.demo.world import POLICE, PUBLIC
from joinedup.people.fictional.identifiers import upn_for

KIAN = Person(61, "Kian", "Brennan", "male", 10 * 365 + 60)
LORRAINE = Person(62, "Lorraine", "Brennan", "female", 38 * 365 + 90)
BRENNAN_HOME = address("88 Ferry Road", "RV4 2FR")
KIAN_UPN = upn_for(FERRY_ROAD_PRIMARY.code, 61)


def build(b: Book) -> None:
    b.event(
        FERRY_ROAD_PRIMARY,
        "education.safeguarding_concern",
        50,
        "08:55",
        [
            b.subject("p1", "child", KIAN, ids={"upn": KIAN_UPN}, address=BRENNAN_HOME),
            b.subject("p2", "parent", LORRAINE, dob=None, sex=False, rel={"p1": "mother"}),
        ],
        {"concern": "Kian has a black eye; said he walked into a door."},
        "Kian came in with a black eye; said he walked into a door. Quiet and would not say "
        "more. Logged by the designated safeguarding lead; monitoring.",
    )
    b.event(
        POLICE,
        "police.child_concern",
        35,
        "22:05",
        [b.subject("p1", "child", KIAN, ids={"nominal_id": "RP00000061"}, address=BRENNAN_HOME)],
        {"concern": "Kian (10) in the town centre at 10pm; did not want to go home."},
        "Kian (10) found by officers in the town centre at 10pm; said he did not want to go "
        "home because 'he's there'. Taken home; mother said he had run off after a row.",
        reported_after_hours=12,
    )
    b.event(
        WHARFSIDE_MEDICAL,
        "health.injury_observed",
        15,
        "16:40",
        [
            b.subject("p1", "child", KIAN, ids={"nhs_number": KIAN.nhs}, address=BRENNAN_HOME),
            b.subject(
                "p2", "parent", LORRAINE, ids={"nhs_number": LORRAINE.nhs}, rel={"p1": "mother"}
            ),
        ],
        {
            "injury": {"kind": "bruise", "site": "both forearms"},
            "explanation": "play fighting with friends",
            "explanation_consistent": False,
        },
        "Seen by GP with a sore wrist. Bruising on both forearms, which Kian held up as if to "
        "protect himself when asked. Lorraine said it was play fighting. Practice safeguarding "
        "lead informed.",
        reported_after_hours=20,
    )
    b.event(
        PUBLIC,
        "public.concern",
        20,
        "21:30",
        [b.subject("p1", "child", KIAN, given="Kian", dob=None, sex=False, address=BRENNAN_HOME)],
        {"concern": "Man shouting at a boy at 88 Ferry Road; a bang, then crying."},
        "Anonymous caller, a neighbour: a man shouting at the boy at 88 Ferry Road most nights; "
        "tonight a loud bang and then crying.",
        reported_after_hours=0.1,
    )


FAMILY = Family(
    "brennan",
    "Concerns from three agencies in two months, and no referral",
    "Ten-year-old Kian Brennan comes to school with a black eye. Police find him in the "
    "town centre at night, not wanting to go home. His GP sees defensive bruising on his "
    "forearms. A neighbour calls about shouting and a bang. No agency has referred him to "
    "children's services, and none knows what the others saw.",
    ("Kian Brennan", "Lorraine Brennan"),
    ("multi_agency_concern",),
    "School, police and GP link by full name and exact date of birth (three agencies); "
    "the neighbour's call names only 'Kian' and stays separate.",
    build,
)
