"""Riley Thornton: an infant on a child protection plan, injured again (family 1).

Riley's birth is the demo's marker: its date says which "today" a database was loaded for.
"""

from __future__ import annotations

from joinedup.demo.narratives.book import Book, Family, Person, address
from joinedup.demo.world import (
    CSC,
    HEALTH_VISITING,
    HOUSING,
    NORTHGATE_HOSPITAL,
    POLICE,
    PROBATION,
    RIVERSIDE_HOSPITAL,
)

RILEY = Person(1, "Riley", "Thornton", "male", 290)
KAYLA = Person(2, "Kayla", "Thornton", "female", 22 * 365 + 40)
CONNOR = Person(3, "Connor", "Vickers", "male", 29 * 365 + 200)
THORNTON_HOME = address("Flat 12, Beacon House", "RV6 6BH")
MARKER_DAYS_AGO = 290  # the family's first event: Riley's birth


def build(b: Book) -> None:
    _connor_before(b)
    _riley_on_a_plan(b)
    _the_pieces(b)


def _connor_before(b: Book) -> None:
    """Connor's conviction and release, long before Riley is born."""
    connor_ids = {"pnc_id": "2014/0000311K"}
    b.event(
        POLICE,
        "police.conviction",
        700,
        "11:00",
        [b.subject("p1", "subject", CONNOR, ids={**connor_ids, "nominal_id": "RP00000003"})],
        {"offence_category": "violence"},
        "Connor Vickers convicted at Riverside Crown Court of assault occasioning actual bodily "
        "harm on a former partner; 20 months' custody.",
        reported_after_hours=30,
    )
    b.event(
        PROBATION,
        "probation.risk_notification",
        560,
        "10:00",
        [b.subject("p1", "subject", CONNOR, ids={**connor_ids, "crn": "X0000003"})],
        {"risk_to_children": "medium"},
        "Connor Vickers released on licence. Assessed risk of serious harm to children: medium, "
        "from his violence to a former partner in front of her child. Living alone; must tell "
        "probation of any new relationship.",
        reported_after_hours=24,
    )


def _riley_on_a_plan(b: Book) -> None:
    """Riley's birth, the referral, the plan and the visits since."""
    riley = {"nhs_number": RILEY.nhs}
    b.event(
        RIVERSIDE_HOSPITAL,
        "health.birth",
        MARKER_DAYS_AGO,
        "04:12",
        [
            b.subject("p1", "child", RILEY, ids=riley, address=THORNTON_HOME),
            b.subject(
                "p2",
                "parent",
                KAYLA,
                ids={"nhs_number": KAYLA.nhs},
                rel={"p1": "mother"},
                address=THORNTON_HOME,
            ),
        ],
        {"gestation_weeks": 38, "birth_weight_g": 2890},
        "Riley Thornton born at 38 weeks, 2890 g, normal delivery. Mother Kayla Thornton (22) "
        "booked late at 26 weeks; told the midwife she drinks 'a bit' at weekends.",
        reported_after_hours=6,
    )
    b.event(
        CSC,
        "social_care.referral",
        280,
        "11:20",
        [
            b.subject(
                "p1",
                "child",
                RILEY,
                ids={"la_child_id": "RIV0000001", **riley},
                address=THORNTON_HOME,
            ),
            b.subject("p2", "parent", KAYLA, rel={"p1": "mother"}, address=THORNTON_HOME),
        ],
        {"decision": "s47", "referral_source": "Riverside Hospital midwife"},
        "Contact from the Riverside Hospital midwife about Riley (10 days old): mother's "
        "alcohol use, late booking, and a previous partner's violence. Decision: strategy "
        "discussion held; section 47 enquiry started.",
        allocate=True,
    )
    b.event(
        CSC,
        "social_care.child_protection_plan_started",
        262,
        "14:00",
        [b.subject("p1", "child", RILEY, ids={"la_child_id": "RIV0000001", **riley})],
        {"category": "neglect"},
        "Initial child protection conference: Riley made subject of a child protection plan "
        "under the category of neglect. Plan: Kayla to work with the alcohol service, to tell "
        "the social worker of anyone new in the home, and to attend all health appointments.",
        reported_after_hours=20,
    )
    # Statutory visits every ten days or so, written up the same day; a baby is never "seen
    # alone". The last was 18 days ago.
    for n, days_ago in enumerate(range(258, 17, -10)):
        note = (
            "Kayla said she is not in a relationship. A man's jacket and work boots in the "
            "hallway; Kayla said they are her brother's."
            if days_ago <= 60
            else "home warm and tidy; Riley feeding well; Kayla attending the alcohol service."
        )
        b.event(
            CSC,
            "social_care.visit",
            days_ago,
            f"{10 + n % 5}:30",
            [
                b.subject("p1", "child", RILEY, ids={"la_child_id": "RIV0000001", **riley}),
                b.subject("p2", "parent", KAYLA, rel={"p1": "mother"}),
            ],
            {"child_seen": True, "seen_alone": False},
            f"Home visit. Riley seen with Kayla; {note}",
            reported_after_hours=4,
            weekday=True,
        )


def _the_pieces(b: Book) -> None:
    """What health and housing each learn, and the injury at another hospital."""
    riley = {"nhs_number": RILEY.nhs}
    b.event(
        HEALTH_VISITING,
        "health.injury_observed",
        95,
        "10:40",
        [
            b.subject("p1", "child", RILEY, ids=riley, address=THORNTON_HOME),
            b.subject("p2", "parent", KAYLA, ids={"nhs_number": KAYLA.nhs}, rel={"p1": "mother"}),
        ],
        {
            "injury": {"kind": "bruise", "site": "left cheek"},
            "explanation": "fell against the cot bars",
            "explanation_consistent": True,
        },
        "Health visitor's home visit. Small bruise on Riley's left cheek (6 months). Kayla said "
        "he fell against the cot bars while pulling himself up. Accepted; advice on cot bumpers.",
        reported_after_hours=48,
    )
    b.event(
        HOUSING,
        "housing.household_change",
        60,
        "15:10",
        [
            b.subject(
                "p1",
                "household_member",
                KAYLA,
                ids={"person_ref": "RHO0000002"},
                address=THORNTON_HOME,
            ),
            b.subject(
                "p2",
                "household_member",
                CONNOR,
                ids={"person_ref": "RHO0000003"},
                rel={"p3": "mothers_partner"},
                address=THORNTON_HOME,
            ),
            b.subject("p3", "household_member", RILEY, address=THORNTON_HOME),
        ],
        {"change": "adult_joined"},
        "Kayla Thornton reports that her partner Connor Vickers has moved in; added to the "
        "household on the tenancy of Flat 12, Beacon House.",
        reported_after_hours=72,
    )
    b.event(
        NORTHGATE_HOSPITAL,
        "health.unscheduled_care_attendance",
        9,
        "21:35",
        [
            b.subject("p1", "child", RILEY, ids=riley, address=THORNTON_HOME),
            b.subject(
                "p2",
                "next_of_kin",
                CONNOR,
                rel={"p1": "mothers_partner"},
                address=THORNTON_HOME,
            ),
        ],
        {
            "setting": "emergency_department",
            "presenting_complaint": "not moving his left arm",
            "injury": {"kind": "fracture", "site": "left upper arm"},
            "safeguarding_concern": True,
        },
        "Brought in by mother's partner Connor Vickers, named as next of kin. Riley (9 months) "
        "not moving his left arm; X-ray shows a spiral fracture of the left humerus. Explanation: "
        "fell from the sofa while Connor was in the kitchen. Not consistent with the injury; "
        "hospital safeguarding team informed. Kayla arrived later.",
        reported_after_hours=3,
    )


FAMILY = Family(
    "thornton",
    "An infant on a child protection plan, injured again",
    "Riley Thornton has been on a child protection plan for neglect since he was a few "
    "weeks old; his mother Kayla tells the social worker at every visit that she is not "
    "in a relationship. Riverside Homes is told that Connor Vickers, convicted of violence "
    "against a former partner and assessed by probation as a risk to children, has moved "
    "in. A health visitor accepts an explanation for a bruise on Riley's cheek. At nine "
    "months Riley is taken to a different hospital with a spiral fracture of the arm by "
    "Connor, named as next of kin; nobody there knows a plan exists. The social worker "
    "last saw Riley over two weeks ago.",
    ("Riley Thornton", "Kayla Thornton", "Connor Vickers"),
    (
        "cp_plan_unscheduled_care",
        "risky_adult_linked",
        "unknown_adult_in_household",
        "repeat_injury",
        "child_not_seen",
    ),
    "All linked: NHS number for Riley and Kayla; Connor by PNC id, then full name and exact "
    "date of birth (housing, hospital).",
    build,
)
