"""Leon and Ruby Ashworth: a case closed too soon, and re-referred months later (family 5)."""

from __future__ import annotations

from typing import Any

from joinedup.demo.narratives.book import MILLBROOK_PRIMARY, Book, Family, Person, address
from joinedup.demo.world import CSC, POLICE, PUBLIC
from joinedup.people.fictional.identifiers import upn_for

LEON = Person(41, "Leon", "Ashworth", "male", 6 * 365 + 200)
RUBY = Person(42, "Ruby", "Ashworth", "female", 3 * 365 + 40)
DONNA = Person(43, "Donna", "Ashworth", "female", 29 * 365 + 310)
ASHWORTH_HOME = address("41 Weir View", "RV3 4WV")
LEON_UPN = upn_for(MILLBROOK_PRIMARY.code, 41)


def _csc(b: Book, ref: str, person: Person) -> dict[str, Any]:
    return b.subject(
        ref,
        "child",
        person,
        ids={"la_child_id": f"RIV{person.serial:07d}", "nhs_number": person.nhs},
        address=ASHWORTH_HOME,
    )


def build(b: Book) -> None:
    _closed_too_soon(b)
    _left_alone_at_night(b)
    _re_referred(b)


def _closed_too_soon(b: Book) -> None:
    """A bruise, one visit with Leon never seen alone, and the case closed."""
    b.event(
        MILLBROOK_PRIMARY,
        "education.safeguarding_concern",
        330,
        "09:20",
        [
            b.subject("p1", "child", LEON, ids={"upn": LEON_UPN}, address=ASHWORTH_HOME),
            b.subject("p2", "parent", DONNA, dob=None, sex=False, rel={"p1": "mother"}),
        ],
        {"concern": "Bruise on Leon's cheek; said 'Mum's friend pushed me'."},
        "Leon came in with a bruise on his left cheek; said 'Mum's friend pushed me'. Logged "
        "by the designated safeguarding lead and referred to children's services.",
    )
    for child in (LEON, RUBY):
        b.event(
            CSC,
            "social_care.referral",
            329,
            "14:00",
            [_csc(b, "p1", child), b.subject("p2", "parent", DONNA, rel={"p1": "mother"})],
            {"decision": "assessment", "referral_source": MILLBROOK_PRIMARY.name},
            f"Contact from Millbrook Primary School: bruise to Leon's face, attributed to "
            f"mother's friend. Decision: single assessment for {child.given}.",
        )
    b.event(
        CSC,
        "social_care.visit",
        320,
        "16:30",
        [
            _csc(b, "p1", LEON),
            _csc(b, "p2", RUBY),
            b.subject("p3", "parent", DONNA, rel={"p1": "mother", "p2": "mother"}),
        ],
        {"child_seen": True, "seen_alone": False},
        "Home visit. Leon and Ruby seen with Donna. Donna says the friend no longer visits. "
        "Leon quiet; not spoken to alone.",
    )
    for child in (LEON, RUBY):
        b.event(
            CSC,
            "social_care.case_closed",
            300,
            "12:00",
            [_csc(b, "p1", child)],
            {"reason": "no_further_action"},
            "Case closed: no further action. Mother co-operative and says the friend has gone; "
            "no other agency concerns known. (One visit; Leon not seen alone; school not asked.)",
        )


def _left_alone_at_night(b: Book) -> None:
    """A neighbour's call, then the police find the children alone."""
    b.event(
        PUBLIC,
        "public.concern",
        200,
        "23:10",
        [
            b.subject(
                "p1",
                "child",
                LEON,
                given="Leon",
                family="",
                dob=None,
                sex=False,
                address=ASHWORTH_HOME,
            ),
        ],
        {"concern": "Children left alone at night at 41 Weir View."},
        "Anonymous caller: the two little ones at 41 Weir View are left on their own at night; "
        "the boy was at the window crying at 11pm.",
        reported_after_hours=0.2,
    )
    b.event(
        POLICE,
        "police.child_concern",
        140,
        "23:20",
        [
            b.subject("p1", "child", LEON, ids={"nominal_id": "RP00000041"}, address=ASHWORTH_HOME),
            b.subject("p2", "child", RUBY, dob="year", ids={"nominal_id": "RP00000042"}),
        ],
        {"concern": "Leon (6) and Ruby (3) home alone at 11pm."},
        "Officers called by a neighbour found Leon (6) and Ruby (3) alone at 41 Weir View at "
        "11pm; Donna Ashworth found at the Anchor pub and returned home.",
        reported_after_hours=10,
    )


def _re_referred(b: Book) -> None:
    """Re-referred, on plans, and visited since."""
    for child in (LEON, RUBY):
        b.event(
            CSC,
            "social_care.referral",
            138,
            "10:30",
            [_csc(b, "p1", child), b.subject("p2", "parent", DONNA, rel={"p1": "mother"})],
            {"decision": "s47", "referral_source": POLICE.name},
            f"Contact from Riverside Police: {child.given} left home alone at night. Re-referral "
            "162 days after the last case closed. Decision: section 47 enquiry.",
            allocate=True,
        )
        b.event(
            CSC,
            "social_care.child_protection_plan_started",
            125,
            "14:00",
            [_csc(b, "p1", child)],
            {"category": "neglect"},
            f"Initial child protection conference: {child.given} made subject of a child "
            "protection plan under the category of neglect.",
            reported_after_hours=20,
        )
    for days_ago in range(118, 5, -10):
        for child in (LEON, RUBY):
            b.event(
                CSC,
                "social_care.visit",
                days_ago,
                "15:45",
                [_csc(b, "p1", child), b.subject("p2", "parent", DONNA, rel={"p1": "mother"})],
                {"child_seen": True, "seen_alone": True},
                f"Home visit. {child.given} seen alone"
                + (
                    " in his bedroom; talked about school."
                    if child is LEON
                    else ", playing with her dolls; chatty and smiling."
                )
                + " Home warmer; food in the cupboards.",
                reported_after_hours=4,
                weekday=True,
            )


FAMILY = Family(
    "ashworth",
    "A case closed too soon, and re-referred months later",
    "A school reports a bruise on six-year-old Leon Ashworth's face, which he says his "
    "mother's friend caused. After one home visit, with Leon never seen alone and the school "
    "not asked, the case is closed. Five months later a neighbour reports the children left "
    "alone at night, and police find Leon and his sister Ruby, three, alone at 11pm. They "
    "are re-referred and made subject to child protection plans.",
    ("Leon Ashworth", "Ruby Ashworth", "Donna Ashworth"),
    ("re_referral",),
    "Leon links across school, social care and police by full name and exact date of "
    "birth; the anonymous caller gives only 'Leon', and police record Ruby's birth year "
    "only, so those stay separate.",
    build,
)
