"""Seven fictional families whose stories a reviewer can follow from agency to agency.

Each is built on a pattern that published serious case reviews and child safeguarding
practice reviews keep finding: the pieces were known, in different agencies, and nobody put
them together. Every name, address and number is invented. Dates are counted back from the
demo's "today", so the stories stay current; record ids are fixed (`DEMO-<FAMILY>-nn`), so
loading twice changes nothing.

`FAMILIES` is the data the README and the demo's guide list: each family's title, a paragraph
a reviewer can read, the names to search for, the signals (shared/spec/signals-v1.md) its
events should raise, and what the first-cut deterministic matcher does with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from joinedup.demo.world import (
    CSC,
    GP_PRACTICES,
    HEALTH_VISITING,
    HOUSING,
    NORTHGATE_HOSPITAL,
    POLICE,
    PRIMARY_SCHOOLS,
    PROBATION,
    PUBLIC,
    RIVERSIDE_HOSPITAL,
    SECONDARY_SCHOOLS,
    TOWN,
    VOLUNTARY,
    Org,
    nhs_number_for,
    upn_for,
)

LONDON = ZoneInfo("Europe/London")

KILN_STREET_PRIMARY = PRIMARY_SCHOOLS[0]
MILLBROOK_PRIMARY = PRIMARY_SCHOOLS[2]
FERRY_ROAD_PRIMARY = PRIMARY_SCHOOLS[3]
RIVERSIDE_ACADEMY = SECONDARY_SCHOOLS[0]
KILN_STREET_SURGERY = GP_PRACTICES[0]
WHARFSIDE_MEDICAL = GP_PRACTICES[1]


@dataclass(frozen=True)
class Family:
    code: str
    title: str
    description: str
    search: tuple[str, ...]  # names to type into search, as the agencies recorded them
    signals: tuple[str, ...]  # rule codes its events should raise
    matching: str  # what the deterministic first-cut matcher links, and what it cannot
    build: Callable[[_Book], None]


@dataclass(frozen=True)
class Person:
    """A family member. `serial` (1..999, reserved for the families) fixes the NHS number."""

    serial: int
    given: str
    family: str
    sex: str
    days_old: int  # age in days on the demo's "today"
    # Born on the 3rd (or 4th) of the month, so that a day-month swap is still a date.
    early_in_month: bool = False

    @property
    def nhs(self) -> str:
        return nhs_number_for(self.serial)


def _address(line1: str, postcode: str) -> dict[str, str]:
    return {"line1": line1, "town": TOWN, "postcode": postcode}


class _Book:
    """Writes one family's events in order, numbering their record ids."""

    def __init__(self, code: str, today: date):
        self.code = code.upper()
        self.today = today
        self.bodies: list[dict[str, Any]] = []
        # (record id, LA child id): after that event, the child's case is allocated.
        self.allocations: list[tuple[str, str]] = []

    def dob(self, person: Person, shape: str = "day") -> str:
        born = self.today - timedelta(days=person.days_old)
        if person.early_in_month:
            born = born.replace(day=4 if born.month == 3 else 3)
        if shape == "year":
            return str(born.year)
        if shape == "swapped":
            return date(born.year, born.day, born.month).isoformat()
        return born.isoformat()

    def subject(
        self,
        ref: str,
        role: str,
        person: Person,
        *,
        dob: str | None = "day",
        given: str | None = None,
        family: str | None = None,
        sex: bool = True,
        ids: dict[str, str] | None = None,
        address: dict[str, str] | None = None,
        rel: dict[str, str] | None = None,
        aliases: list[str] | None = None,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ref": ref,
            "role": role,
            "name": {
                "given": person.given if given is None else given,
                "family": person.family if family is None else family,
            },
        }
        if aliases:
            out["name"]["aliases"] = aliases
        if dob:
            out["dob"] = self.dob(person, dob)
        if sex:
            out["sex"] = person.sex
        if ids:
            out["identifiers"] = ids
        if address:
            out["address"] = address
        if rel:
            out["relationship_to"] = rel
        return out

    def event(
        self,
        org: Org,
        type: str,
        days_ago: int,
        at: str,
        subjects: list[dict[str, Any]],
        details: dict[str, Any],
        summary: str,
        *,
        reported_after_hours: float = 2,
        weekday: bool = False,
        allocate: bool = False,
    ) -> None:
        hour, minute = (int(part) for part in at.split(":"))
        day = self.today - timedelta(days=days_ago)
        while weekday and day.weekday() >= 5:  # office work: the Friday before a weekend
            day -= timedelta(days=1)
        # In UTC, not on London's wall clock (see generator._Story.add).
        occurred = datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)
        reported = occurred + timedelta(hours=reported_after_hours)
        end = datetime.combine(self.today, time(0, 0), tzinfo=LONDON)
        record_id = f"DEMO-{self.code}-{len(self.bodies) + 1:02d}"
        if allocate:  # the first subject is the child, known by the LA child id
            self.allocations.append((record_id, subjects[0]["identifiers"]["la_child_id"]))
        self.bodies.append(
            {
                "source": {
                    "agency": org.agency,
                    "organisation": org.name,
                    "record_id": record_id,
                },
                "type": type,
                "occurred_at": _utc(occurred),
                "reported_at": _utc(min(reported, end)),
                "subjects": subjects,
                "details": details,
                "summary": summary,
            }
        )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- 1. Riley Thornton ----------------------------------------------------------------------

RILEY = Person(1, "Riley", "Thornton", "male", 290)
KAYLA = Person(2, "Kayla", "Thornton", "female", 22 * 365 + 40)
CONNOR = Person(3, "Connor", "Vickers", "male", 29 * 365 + 200)
THORNTON_HOME = _address("Flat 12, Beacon House", "RV6 6BH")
MARKER_DAYS_AGO = 290  # the family's first event: Riley's birth


def _thornton(b: _Book) -> None:
    riley = {"nhs_number": RILEY.nhs}
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


# -- 2. Jayden Whitlock ---------------------------------------------------------------------

JAYDEN = Person(11, "Jayden", "Whitlock", "male", 2 * 365 + 130, early_in_month=True)
SHANNON = Person(12, "Shannon", "Whitlock", "female", 24 * 365 + 10)
WHITLOCK_HOME = _address("7 Cinder Path", "RV6 8CP")


def _whitlock(b: _Book) -> None:
    def ed(
        org: Org, days_ago: int, at: str, child: dict[str, Any], injury: dict[str, Any], text: str
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

    ed(
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
    ed(
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
    ed(
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
    ed(
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


# -- 3. Maisie Doyle ------------------------------------------------------------------------

MAISIE = Person(21, "Maisie", "Doyle", "female", 8 * 365 + 100)
TYLER = Person(22, "Tyler", "Doyle", "male", 13 * 365 + 250)
GEMMA = Person(23, "Gemma", "Doyle", "female", 34 * 365 + 77)
SHANE = Person(24, "Shane", "Kerr", "male", 37 * 365 + 5)
DOYLE_HOME = _address("41 Tannery Lane", "RV2 3TL")
MAISIE_UPN = upn_for(KILN_STREET_PRIMARY.code, 21)
TYLER_UPN = upn_for(RIVERSIDE_ACADEMY.code, 22)


def _doyle(b: _Book) -> None:
    shane_ids = {"nominal_id": "RP00000024"}

    def incident(days_ago: int, risk: str, what: str, arrest: bool) -> None:
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
                    ids=shane_ids,
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

    def school_concern(days_ago: int, text: str) -> None:
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

    incident(200, "medium", "had shouted at her and smashed the kitchen door", False)
    school_concern(
        150, "Maisie arrived hungry and asked for toast; said there was no breakfast again."
    )
    incident(110, "high", "had grabbed her by the throat", True)
    b.event(
        POLICE,
        "police.arrest",
        110,
        "23:15",
        [b.subject("p1", "subject", SHANE, ids={**shane_ids, "pnc_id": "2009/0000024D"})],
        {"offence_category": "domestic_abuse"},
        "Shane Kerr arrested for assault on a partner (non-fatal strangulation) at 41 Tannery "
        "Lane. Released on bail with conditions not to contact Gemma Doyle.",
        reported_after_hours=4,
    )
    school_concern(
        100, "Maisie took food from other children's lunchboxes; said there is no food at home."
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
    incident(45, "high", "had thrown a glass at her; bail conditions breached", False)
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
    school_concern(
        30,
        "Maisie said she hid under her bed when 'Shane shouted at Mum'; tired and tearful.",
    )
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


# -- 4. Harper Quinn ------------------------------------------------------------------------

HARPER = Person(31, "Harper", "Quinn", "female", 125)
CHLOE = Person(32, "Chloe", "Quinn", "female", 19 * 365 + 300)
QUINN_HOME = _address("Flat 3, Heron Court", "RV8 7HC")


def _quinn(b: _Book) -> None:
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
            "appointment_at": _utc(
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


# -- 5. Leon and Ruby Ashworth --------------------------------------------------------------

LEON = Person(41, "Leon", "Ashworth", "male", 6 * 365 + 200)
RUBY = Person(42, "Ruby", "Ashworth", "female", 3 * 365 + 40)
DONNA = Person(43, "Donna", "Ashworth", "female", 29 * 365 + 310)
ASHWORTH_HOME = _address("41 Weir View", "RV3 4WV")
LEON_UPN = upn_for(MILLBROOK_PRIMARY.code, 41)


def _ashworth(b: _Book) -> None:
    def csc(ref: str, person: Person) -> dict[str, Any]:
        return b.subject(
            ref,
            "child",
            person,
            ids={"la_child_id": f"RIV{person.serial:07d}", "nhs_number": person.nhs},
            address=ASHWORTH_HOME,
        )

    donna = b.subject("p3", "parent", DONNA, rel={"p1": "mother", "p2": "mother"})
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
            [csc("p1", child), b.subject("p2", "parent", DONNA, rel={"p1": "mother"})],
            {"decision": "assessment", "referral_source": MILLBROOK_PRIMARY.name},
            f"Contact from Millbrook Primary School: bruise to Leon's face, attributed to "
            f"mother's friend. Decision: single assessment for {child.given}.",
        )
    b.event(
        CSC,
        "social_care.visit",
        320,
        "16:30",
        [csc("p1", LEON), csc("p2", RUBY), donna],
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
            [csc("p1", child)],
            {"reason": "no_further_action"},
            "Case closed: no further action. Mother co-operative and says the friend has gone; "
            "no other agency concerns known. (One visit; Leon not seen alone; school not asked.)",
        )
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
    for child in (LEON, RUBY):
        b.event(
            CSC,
            "social_care.referral",
            138,
            "10:30",
            [csc("p1", child), b.subject("p2", "parent", DONNA, rel={"p1": "mother"})],
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
            [csc("p1", child)],
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
                [csc("p1", child), b.subject("p2", "parent", DONNA, rel={"p1": "mother"})],
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


# -- 6. Amara Osei --------------------------------------------------------------------------

AMARA = Person(51, "Amara", "Osei", "female", 3 * 365 + 20)
ABENA = Person(52, "Abena", "Osei", "female", 31 * 365 + 15)
OSEI_HOME = _address("19 Pippin Court", "RV7 5PC")


def _osei(b: _Book) -> None:
    amara = b.subject("p1", "child", AMARA, ids={"nhs_number": AMARA.nhs}, address=OSEI_HOME)
    abena = b.subject("p2", "parent", ABENA, ids={"nhs_number": ABENA.nhs}, rel={"p1": "mother"})

    def missed(org: Org, days_ago: int, service: str, text: str) -> None:
        when = datetime.combine(b.today - timedelta(days=days_ago), time(10, 0), tzinfo=LONDON)
        b.event(
            org,
            "health.appointment_not_attended",
            days_ago,
            "10:00",
            [amara, abena],
            {"service": service, "appointment_at": _utc(when)},
            text,
            reported_after_hours=26,
        )

    missed(
        RIVERSIDE_HOSPITAL,
        160,
        "paediatric cardiology clinic",
        "Amara (2) was not brought to the paediatric cardiology clinic for review of her heart "
        "murmur. New appointment sent.",
    )
    missed(
        RIVERSIDE_HOSPITAL,
        75,
        "paediatric cardiology clinic",
        "Amara (2) was not brought to the rebooked cardiology appointment; second missed "
        "appointment. Letter to GP and parent.",
    )
    missed(
        HEALTH_VISITING,
        30,
        "health visitor 2-year review",
        "Amara was not brought to her 2-year developmental review; no answer on two calls to "
        "Abena Osei.",
    )


# -- 7. Kian Brennan ------------------------------------------------------------------------

KIAN = Person(61, "Kian", "Brennan", "male", 10 * 365 + 60)
LORRAINE = Person(62, "Lorraine", "Brennan", "female", 38 * 365 + 90)
BRENNAN_HOME = _address("88 Ferry Road", "RV4 2FR")
KIAN_UPN = upn_for(FERRY_ROAD_PRIMARY.code, 61)


def _brennan(b: _Book) -> None:
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


FAMILIES: tuple[Family, ...] = (
    Family(
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
        _thornton,
    ),
    Family(
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
        _whitlock,
    ),
    Family(
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
        _doyle,
    ),
    Family(
        "quinn",
        "A bruise on a four-month-old baby who cannot yet roll",
        "Harper Quinn is four months old and not yet mobile. She was not brought to her "
        "eight-week immunisations. The health visitor finds four small round bruises on her "
        "upper arms; her mother Chloe, nineteen, says she caught her arm in the car seat "
        "straps. Bruising in a baby who is not mobile is a well-known warning sign and needs a "
        "same-day referral.",
        ("Harper Quinn", "Chloe Quinn", "Baby Quinn"),
        ("non_mobile_infant_injury",),
        "All linked by NHS number; the birth record names her 'Baby Quinn', kept as an "
        "earlier name.",
        _quinn,
    ),
    Family(
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
        _ashworth,
    ),
    Family(
        "osei",
        "A child with a heart condition who was not brought",
        "Amara Osei, three, has a heart murmur under review. She is not brought to two "
        "paediatric cardiology appointments, then misses her developmental review. Each "
        "service sends a letter. 'Was not brought' means the adults did not bring her, not "
        "that she missed it.",
        ("Amara Osei", "Abena Osei"),
        ("was_not_brought",),
        "All linked by NHS number.",
        _osei,
    ),
    Family(
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
        _brennan,
    ),
)

MARKER = (RIVERSIDE_HOSPITAL.name, "DEMO-THORNTON-03")  # Riley's birth: MARKER_DAYS_AGO

# The families' homes: the random borough never puts anyone else in them.
ADDRESSES: set[tuple[str, str]] = {
    (home["line1"], home["postcode"])
    for home in (
        THORNTON_HOME,
        WHITLOCK_HOME,
        DOYLE_HOME,
        QUINN_HOME,
        ASHWORTH_HOME,
        OSEI_HOME,
        BRENNAN_HOME,
    )
}


def family_bodies(family: Family, today: date) -> list[dict[str, Any]]:
    book = _Book(family.code, today)
    family.build(book)
    return book.bodies


def narrative_items(today: date) -> list[tuple[dict[str, Any], str | None]]:
    """Every family's events in the order they were reported, each with the LA child id whose
    case a social worker takes on once that event is recorded (None for most)."""
    items: list[tuple[dict[str, Any], str | None]] = []
    for family in FAMILIES:
        book = _Book(family.code, today)
        family.build(book)
        allocate = dict(book.allocations)
        items += [(body, allocate.get(body["source"]["record_id"])) for body in book.bodies]
    return sorted(items, key=lambda item: item[0]["reported_at"])


def narrative_bodies(today: date) -> Iterator[dict[str, Any]]:
    for body, _ in narrative_items(today):
        yield body
