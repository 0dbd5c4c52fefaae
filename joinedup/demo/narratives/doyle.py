"""Maisie Doyle: a hungry child at school, and domestic abuse the school never hears about
(family 3).
"""

from __future__ import annotations

from datetime import timedelta

from joinedup.demo.narratives.book import (
    KILN_STREET_PRIMARY,
    KILN_STREET_SURGERY,
    RIVERSIDE_ACADEMY,
    Book,
    Family,
    Person,
    address,
)
from joinedup.demo.world import POLICE, VOLUNTARY
from joinedup.people.fictional.identifiers import upn_for

MAISIE = Person(21, "Maisie", "Doyle", "female", 8 * 365 + 100)
TYLER = Person(22, "Tyler", "Doyle", "male", 13 * 365 + 250)
GEMMA = Person(23, "Gemma", "Doyle", "female", 34 * 365 + 77)
SHANE = Person(24, "Shane", "Kerr", "male", 37 * 365 + 5)
SHANE_NOMINAL_ID = "RP00000024"
DOYLE_HOME = address("41 Tannery Lane", "RV2 3TL")
MAISIE_UPN = upn_for(KILN_STREET_PRIMARY.code, 21)
TYLER_UPN = upn_for(RIVERSIDE_ACADEMY.code, 22)


def _incident(b: Book, days_ago: int, risk: str, what: str, arrest: bool) -> None:
    b.event(
        POLICE,
        "police.domestic_abuse_incident",
        days_ago,
        "22:40",
        [
            b.subject(
                "p1",
                "victim",
                GEMMA,
                ids={"nominal_id": "RP00000023"},
                address=DOYLE_HOME,
                rel={"p3": "mother", "p4": "mother"},
            ),
            b.subject(
                "p2",
                "alleged_perpetrator",
                SHANE,
                ids={"nominal_id": SHANE_NOMINAL_ID},
                rel={"p3": "mothers_partner", "p4": "mothers_partner"},
            ),
            b.subject("p3", "child", MAISIE, ids={"nominal_id": "RP00000021"}),
            b.subject("p4", "child", TYLER, dob="year", ids={"nominal_id": "RP00000022"}),
        ],
        {"children_present": True, "risk_level": risk},
        f"Police called by a neighbour to 41 Tannery Lane. Gemma Doyle said Shane Kerr {what}. "
        "Two children in the house at the time (Maisie, about 8, and Tyler, about 13). "
        + ("Shane Kerr arrested at the scene. " if arrest else "Shane Kerr had left. ")
        + f"DASH risk {risk}.",
        reported_after_hours=9,
    )


def _school_concern(b: Book, days_ago: int, text: str) -> None:
    b.event(
        KILN_STREET_PRIMARY,
        "education.safeguarding_concern",
        days_ago,
        "09:05",
        [
            b.subject("p1", "child", MAISIE, ids={"upn": MAISIE_UPN}, address=DOYLE_HOME),
            b.subject("p2", "parent", GEMMA, dob=None, sex=False, rel={"p1": "mother"}),
        ],
        {"concern": text},
        text + " Logged by the designated safeguarding lead.",
        reported_after_hours=5,
    )


def build(b: Book) -> None:
    _at_home_and_at_school(b)
    _what_others_hold(b)


def _at_home_and_at_school(b: Book) -> None:
    """Six months of incidents at home, and what Maisie's school sees."""
    _incident(b, 200, "medium", "had shouted at her and smashed the kitchen door", False)
    _school_concern(
        b, 150, "Maisie arrived hungry and asked for toast; said there was no breakfast again."
    )
    _incident(b, 110, "high", "had grabbed her by the throat", True)
    b.event(
        POLICE,
        "police.arrest",
        110,
        "23:15",
        [
            b.subject(
                "p1",
                "subject",
                SHANE,
                ids={"nominal_id": SHANE_NOMINAL_ID, "pnc_id": "2009/0000024D"},
            )
        ],
        {"offence_category": "domestic_abuse"},
        "Shane Kerr arrested for assault on a partner (non-fatal strangulation) at 41 Tannery "
        "Lane. Released on bail with conditions not to contact Gemma Doyle.",
        reported_after_hours=4,
    )
    _school_concern(
        b, 100, "Maisie took food from other children's lunchboxes; said there is no food at home."
    )
    b.event(
        KILN_STREET_PRIMARY,
        "education.absence",
        60,
        "16:00",
        [
            b.subject("p1", "child", MAISIE, ids={"upn": MAISIE_UPN}, address=DOYLE_HOME),
            b.subject("p2", "parent", GEMMA, dob=None, sex=False, rel={"p1": "mother"}),
        ],
        {
            "sessions_missed": 23,
            "sessions_possible": 120,
            "period_start": (b.today - timedelta(days=120)).isoformat(),
            "period_end": (b.today - timedelta(days=60)).isoformat(),
        },
        "Attendance 81% this half term: 23 of 120 sessions missed, mostly Mondays. Letter sent.",
        reported_after_hours=40,
    )
    _incident(b, 45, "high", "had thrown a glass at her; bail conditions breached", False)
    b.event(
        POLICE,
        "police.child_concern",
        44,
        "10:00",
        [
            b.subject("p1", "child", MAISIE, ids={"nominal_id": "RP00000021"}, address=DOYLE_HOME),
            b.subject("p2", "child", TYLER, dob="year", ids={"nominal_id": "RP00000022"}),
        ],
        {"concern": "Children present at a third domestic abuse incident in six months."},
        "Public protection notice: Maisie and Tyler present at a third domestic abuse incident "
        "at 41 Tannery Lane in six months; Shane Kerr breached bail conditions.",
        reported_after_hours=6,
    )
    _school_concern(
        b,
        30,
        "Maisie said she hid under her bed when 'Shane shouted at Mum'; tired and tearful.",
    )


def _what_others_hold(b: Book) -> None:
    """What the GP, Tyler's school and the food bank each hold."""
    b.event(
        KILN_STREET_SURGERY,
        "health.concern",
        20,
        "16:10",
        [
            b.subject("p1", "child", MAISIE, ids={"nhs_number": MAISIE.nhs}, address=DOYLE_HOME),
            b.subject("p2", "parent", GEMMA, ids={"nhs_number": GEMMA.nhs}, rel={"p1": "mother"}),
        ],
        {
            "concern": "Weight has fallen from the 25th to the 2nd centile in a year.",
            "severity": "medium",
        },
        "Maisie seen by the GP for a sore throat. Her weight has fallen from the 25th to the "
        "2nd centile in a year; Gemma said she is a fussy eater. Dietitian referral; practice "
        "safeguarding lead to review.",
        reported_after_hours=20,
    )
    b.event(
        RIVERSIDE_ACADEMY,
        "education.absence",
        58,
        "16:00",
        [b.subject("p1", "child", TYLER, ids={"upn": TYLER_UPN}, address=DOYLE_HOME)],
        {
            "sessions_missed": 38,
            "sessions_possible": 120,
            "period_start": (b.today - timedelta(days=118)).isoformat(),
            "period_end": (b.today - timedelta(days=58)).isoformat(),
        },
        "Attendance 68% this half term: 38 of 120 sessions missed. Severe absence; education "
        "welfare officer informed.",
        reported_after_hours=40,
    )
    b.event(
        VOLUNTARY,
        "voluntary.concern",
        12,
        "11:30",
        [
            b.subject("p1", "parent", GEMMA, dob=None, rel={"p2": "mother", "p3": "mother"}),
            b.subject("p2", "child", MAISIE, dob="year", sex=False),
            b.subject("p3", "child", TYLER, dob=None, sex=False),
        ],
        {
            "concern": "Third food bank referral; Gemma said her partner controls the money.",
            "severity": "medium",
        },
        "Gemma Doyle came to the food bank for the third time in two months; said her partner "
        "takes her bank card and she skips meals so the children can eat.",
        reported_after_hours=30,
    )


FAMILY = Family(
    "doyle",
    "A hungry child at school, and domestic abuse the school never hears about",
    "Maisie Doyle, eight, arrives at Kiln Street Primary hungry and takes food from other "
    "children's lunchboxes. Police attend three domestic abuse incidents at her home in six "
    "months, Maisie and her brother Tyler present at each; her mother's partner Shane Kerr "
    "is arrested for strangulation and breaches his bail. Her GP sees her weight falling; a "
    "food bank hears that Shane controls the money. Each of them holds a piece.",
    ("Maisie Doyle", "Tyler Doyle", "Gemma Doyle", "Shane Kerr"),
    ("domestic_abuse_school_notice", "risky_adult_linked", "multi_agency_concern"),
    "Maisie links across school, police and GP by full name and exact date of birth. The "
    "police guess Tyler's age (year only) and the food bank gives no dates of birth, so "
    "those records stay separate people for now.",
    build,
)
