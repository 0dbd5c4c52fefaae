"""Fictional multi-agency case timelines, built on the patterns of published case reviews.

Each is data: the events agencies sent, in the contract's own shape, and the signals that must
be raised (rule, child's given name, the day raised_at falls on, London time) when the
timeline is replayed and the scheduled rules run up to `until`. The quiet families are
timelines where nothing may fire. All names, numbers and places are invented.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

_ids = itertools.count(1)

KILN = {"line1": "27 Kiln Street", "town": "Riverside", "postcode": "RV2 4KS"}
MILL = {"line1": "4 Mill Lane", "town": "Riverside", "postcode": "RV3 1ML"}
QUAY = {"line1": "Flat 9, Quay House", "town": "Riverside", "postcode": "RV1 7QH"}

ORGS = {
    "csc": ("social_care", "Riverside Children's Services"),
    "hospital": ("health", "Riverside Hospital"),
    "northgate": ("health", "Northgate Hospital"),
    "utc": ("health", "St Anne's Urgent Treatment Centre"),
    "hv": ("health", "Riverside Health Visiting"),
    "gp": ("health", "Riverside Medical Practice"),
    "police": ("police", "Riverside Police"),
    "school": ("education", "Kiln Street Primary School"),
    "housing": ("housing", "Riverside Homes"),
    "probation": ("probation", "Riverside Probation"),
    "early_help": ("early_help", "Riverside Early Help"),
    "public": ("public", "Riverside Contact Centre"),
}


def nhs(seed: int) -> str:
    """A valid (mod 11) fictional NHS number from the 999 test range."""
    for n in itertools.count(seed):
        digits = f"999{n:06d}"
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return digits + str(check)
    raise AssertionError


def who(
    ref: str,
    role: str,
    given: str,
    family: str,
    dob: str | None = None,
    *,
    nhs_number: str | None = None,
    address: dict[str, str] | None = None,
    sex: str | None = None,
    rel: dict[str, str] | None = None,
) -> dict[str, Any]:
    subject: dict[str, Any] = {"ref": ref, "role": role, "name": {"given": given, "family": family}}
    if dob:
        subject["dob"] = dob
    if nhs_number:
        subject["identifiers"] = {"nhs_number": nhs_number}
    if address:
        subject["address"] = address
    if sex:
        subject["sex"] = sex
    if rel:
        subject["relationship_to"] = rel
    return subject


def ev(
    org: str,
    type: str,
    when: str,
    subjects: list[dict[str, Any]],
    details: dict[str, Any] | None = None,
    *,
    reported: str | None = None,
    summary: str = "",
    after_hours: float = 2,
) -> dict[str, Any]:
    agency, name = ORGS[org]
    occurred = datetime.fromisoformat(when + ("" if "T" in when else "T10:00"))
    reported_at = (
        datetime.fromisoformat(reported) if reported else occurred + timedelta(hours=after_hours)
    )
    return {
        "source": {"agency": agency, "organisation": name, "record_id": f"TL-{next(_ids):06d}"},
        "type": type,
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M:00Z"),
        "reported_at": reported_at.strftime("%Y-%m-%dT%H:%M:00Z"),
        "subjects": subjects,
        "details": details or {},
        "summary": summary,
    }


@dataclass
class Timeline:
    name: str
    story: str
    events: list[dict[str, Any]]
    expected: list[tuple[str, str, str]] = field(default_factory=list)
    until: str = "2026-10-31"


# 1. An infant on a plan, injured again while a new adult lives in the home.
RUBY: dict[str, Any] = dict(
    given="Ruby", family="Carter", dob="2025-09-10", nhs_number=nhs(1001), address=KILN
)
KELLY: dict[str, Any] = dict(given="Kelly", family="Carter", dob="1999-02-11", address=KILN)
DEAN: dict[str, Any] = dict(given="Dean", family="Walsh", dob="1994-04-02")


def ruby(role: str = "child") -> dict[str, Any]:
    return who("c", role, sex="female", **RUBY)


def kelly(role: str = "parent") -> dict[str, Any]:
    return who("m", role, rel={"c": "mother"}, **KELLY)


def dean(role: str, rel: bool = True) -> dict[str, Any]:
    return who("d", role, rel={"c": "mothers_partner"} if rel else None, **DEAN)


INFANT_ON_PLAN = Timeline(
    "infant_on_plan_new_adult",
    "A four-month-old is seen by the health visitor with a bruise to the cheek; a section 47 "
    "enquiry leads to a plan. The mother's new partner moves in; six weeks later the baby "
    "attends ED with a fracture, brought by him. He is then arrested after a domestic incident.",
    [
        ev(
            "hv",
            "health.injury_observed",
            "2026-01-12T11:00",
            [ruby(), kelly()],
            {"injury": {"kind": "bruise", "site": "cheek"}, "explanation": "knocked by sibling"},
        ),
        ev("csc", "social_care.referral", "2026-01-13", [ruby(), kelly()], {"decision": "s47"}),
        ev(
            "csc",
            "social_care.child_protection_plan_started",
            "2026-02-02",
            [ruby(), kelly()],
            {"category": "physical"},
        ),
        ev(
            "csc",
            "social_care.visit",
            "2026-02-09",
            [ruby(), kelly()],
            {"child_seen": True, "seen_alone": True},
        ),
        ev(
            "csc",
            "social_care.visit",
            "2026-02-19",
            [ruby(), kelly()],
            {"child_seen": True, "seen_alone": True},
        ),
        ev(
            "housing",
            "housing.household_change",
            "2026-02-20",
            [ruby(), kelly(), dean("household_member")],
            {"change": "adult_joined"},
        ),
        ev(
            "hospital",
            "health.unscheduled_care_attendance",
            "2026-03-02T19:30",
            [ruby(), dean("accompanying_adult")],
            {"setting": "emergency_department", "injury": {"kind": "fracture", "site": "arm"}},
        ),
        ev(
            "csc",
            "social_care.visit",
            "2026-03-04",
            [ruby(), kelly()],
            {"child_seen": True, "seen_alone": True},
        ),
        ev(
            "police",
            "police.arrest",
            "2026-03-05T23:10",
            [dean("subject", rel=False)],
            {"offence_category": "domestic_abuse"},
            after_hours=1,
        ),
        ev(
            "csc",
            "social_care.visit",
            "2026-03-17",
            [ruby(), kelly()],
            {"child_seen": True, "seen_alone": True},
        ),
    ],
    [
        ("non_mobile_infant_injury", "Ruby", "2026-01-12"),
        ("unknown_adult_in_household", "Ruby", "2026-02-20"),
        ("cp_plan_unscheduled_care", "Ruby", "2026-03-02"),
        ("repeat_injury", "Ruby", "2026-03-02"),
        ("non_mobile_infant_injury", "Ruby", "2026-03-02"),
        ("risky_adult_linked", "Ruby", "2026-03-06"),
    ],
    until="2026-03-20",
)

# 2. A child whose name is spelt differently at each hospital.
AALIYAH_NHS = nhs(2002)


def aaliyah(given: str, family: str) -> dict[str, Any]:
    return who("c", "child", given, family, "2024-01-15", nhs_number=AALIYAH_NHS, address=MILL)


SPELT_DIFFERENTLY = Timeline(
    "name_spelt_differently",
    "A two-year-old attends three different hospitals in seven weeks, spelt Aaliyah Khan, "
    "Aliyah Kahn and Alia Khan; only the NHS number is the same. Police and early help then "
    "raise concerns.",
    [
        ev(
            "hospital",
            "health.unscheduled_care_attendance",
            "2026-04-03T18:00",
            [aaliyah("Aaliyah", "Khan")],
            {"setting": "emergency_department", "injury": {"kind": "burn", "site": "hand"}},
        ),
        ev(
            "northgate",
            "health.unscheduled_care_attendance",
            "2026-04-28T20:15",
            [aaliyah("Aliyah", "Kahn")],
            {"setting": "emergency_department", "injury": {"kind": "head_injury"}},
        ),
        ev(
            "utc",
            "health.unscheduled_care_attendance",
            "2026-05-20T09:40",
            [aaliyah("Alia", "Khan")],
            {"setting": "urgent_treatment_centre", "injury": {"kind": "bruise", "site": "back"}},
        ),
        ev(
            "police",
            "police.child_concern",
            "2026-05-22",
            [aaliyah("Aaliyah", "Khan")],
            {"concern": "found alone outside the flats at night"},
        ),
        ev(
            "early_help",
            "early_help.concern",
            "2026-05-25",
            [aaliyah("Aaliyah", "Khan")],
            {"concern": "mother not engaging", "severity": "medium"},
        ),
    ],
    [
        ("repeat_injury", "Aaliyah", "2026-04-28"),
        ("multi_agency_concern", "Aaliyah", "2026-05-25"),
    ],
)

# 3. A hungry school child in a household with domestic abuse.
TYLER: dict[str, Any] = dict(
    given="Tyler", family="Reid", dob="2017-10-03", address=QUAY, sex="male"
)
GARY: dict[str, Any] = dict(given="Gary", family="Reid", dob="1985-06-30")
DONNA: dict[str, Any] = dict(given="Donna", family="Reid", dob="1988-01-21")


def tyler() -> dict[str, Any]:
    return who("c", "child", **TYLER)


def gary(role: str = "alleged_perpetrator", rel: bool = True) -> dict[str, Any]:
    return who("f", role, rel={"c": "father"} if rel else None, **GARY)


def donna() -> dict[str, Any]:
    return who("m", "victim", rel={"c": "mother"}, **DONNA)


HUNGRY_CHILD = Timeline(
    "hungry_child_domestic_abuse",
    "An eight-year-old comes to school hungry. Police attend two domestic abuse incidents at "
    "home with him present; his father is arrested. A neighbour and the police raise concerns.",
    [
        ev(
            "school",
            "education.safeguarding_concern",
            "2026-01-20",
            [tyler()],
            {"concern": "comes to school hungry, takes food from other children"},
        ),
        ev(
            "police",
            "police.domestic_abuse_incident",
            "2026-02-03T22:10",
            [tyler(), donna(), gary()],
            {"children_present": True, "risk_level": "medium"},
            after_hours=1.5,
        ),
        ev(
            "police",
            "police.arrest",
            "2026-02-10T08:00",
            [gary("subject", rel=False)],
            {"offence_category": "domestic_abuse"},
        ),
        ev(
            "school",
            "education.safeguarding_concern",
            "2026-02-24",
            [tyler()],
            {"concern": "same clothes all week, hungry again"},
        ),
        ev(
            "police",
            "police.domestic_abuse_incident",
            "2026-03-01T23:30",
            [tyler(), donna(), gary()],
            {"children_present": True, "risk_level": "high"},
            after_hours=0.25,
        ),
        ev(
            "police",
            "police.child_concern",
            "2026-03-04",
            [tyler()],
            {"concern": "child seen wandering late at night"},
        ),
        ev(
            "public",
            "public.concern",
            "2026-03-05",
            [tyler()],
            {"concern": "neighbour hears shouting, child crying"},
        ),
    ],
    [
        ("domestic_abuse_school_notice", "Tyler", "2026-02-03"),
        ("risky_adult_linked", "Tyler", "2026-02-10"),
        ("domestic_abuse_school_notice", "Tyler", "2026-03-01"),
        ("multi_agency_concern", "Tyler", "2026-03-05"),
    ],
)

# 4. A baby who cannot yet roll over, with a bruise.
OSCAR: dict[str, Any] = dict(
    given="Oscar", family="Bell", dob="2025-12-01", nhs_number=nhs(4004), address=MILL
)

BRUISED_BABY = Timeline(
    "baby_not_rolling_bruise",
    "An eight-month-old who cannot yet roll over is seen by the GP with a bruise to the ear; "
    "the explanation is that he rolled off the sofa.",
    [
        ev(
            "gp",
            "health.injury_observed",
            "2026-08-20T15:00",
            [who("c", "child", sex="male", **OSCAR)],
            {
                "injury": {"kind": "bruise", "site": "ear"},
                "explanation": "rolled off the sofa",
                "explanation_consistent": False,
            },
            summary="Bruise to left ear. Mother says he rolled off the sofa; he cannot yet roll over.",
        ),
    ],
    [("non_mobile_infant_injury", "Oscar", "2026-08-20")],
)

# 5. Re-referral after a case closed too soon.
LILY: dict[str, Any] = dict(
    given="Lily", family="Shaw", dob="2019-05-14", nhs_number=nhs(5005), address=QUAY
)


def lily() -> dict[str, Any]:
    return who("c", "child", sex="female", **LILY)


CLOSED_TOO_SOON = Timeline(
    "re_referral_after_early_closure",
    "A six-year-old is referred by her school, assessed and the case closed in seven weeks. "
    "Four months later the school refers again.",
    [
        ev(
            "csc",
            "social_care.referral",
            "2025-06-10",
            [lily()],
            {"decision": "assessment", "referral_source": "school"},
        ),
        ev(
            "csc",
            "social_care.case_closed",
            "2025-07-30",
            [lily()],
            {"reason": "no_further_action"},
        ),
        ev(
            "csc",
            "social_care.referral",
            "2025-11-14",
            [lily()],
            {"decision": "assessment", "referral_source": "school"},
        ),
    ],
    [("re_referral", "Lily", "2025-11-14")],
)

# 6. A child on a plan whose visits slip over Easter and the May bank holidays.
NOAH: dict[str, Any] = dict(
    given="Noah", family="Price", dob="2021-03-03", nhs_number=nhs(6006), address=KILN
)


def noah() -> dict[str, Any]:
    return who("c", "child", sex="male", **NOAH)


NOT_SEEN = Timeline(
    "plan_child_not_seen",
    "A five-year-old goes on a plan on 1 April. He is seen on 9 April, then not until 27 "
    "April; he is not seen alone until 11 May.",
    [
        ev("csc", "social_care.referral", "2026-03-10", [noah()], {"decision": "s47"}),
        ev(
            "csc",
            "social_care.child_protection_plan_started",
            "2026-04-01",
            [noah()],
            {"category": "neglect"},
        ),
        ev(
            "csc",
            "social_care.visit",
            "2026-04-09",
            [noah()],
            {"child_seen": True, "seen_alone": False},
        ),
        ev(
            "csc",
            "social_care.visit",
            "2026-04-27",
            [noah()],
            {"child_seen": True, "seen_alone": False},
        ),
        ev(
            "csc",
            "social_care.visit",
            "2026-05-11",
            [noah()],
            {"child_seen": True, "seen_alone": True},
        ),
        ev(
            "csc",
            "social_care.visit",
            "2026-05-21",
            [noah()],
            {"child_seen": True, "seen_alone": False},
        ),
    ],
    [
        ("child_not_seen", "Noah", "2026-04-24"),  # 10 working days after 9 April: 23 April
        ("child_not_seen", "Noah", "2026-05-02"),  # 20 working days after 1 April: 1 May
    ],
    until="2026-05-31",
)

# 7. A toddler not brought to health appointments.
ZARA: dict[str, Any] = dict(
    given="Zara", family="Ahmed", dob="2024-12-12", nhs_number=nhs(7007), address=MILL
)


def zara() -> dict[str, Any]:
    return who("c", "child", sex="female", **ZARA)


NOT_BROUGHT = Timeline(
    "was_not_brought",
    "A one-year-old is not brought to her health visitor review, then to her immunisations, "
    "then to a hearing test.",
    [
        ev(
            "hv",
            "health.appointment_not_attended",
            "2026-02-10",
            [zara()],
            {"service": "12-month review", "appointment_at": "2026-02-10T10:00:00Z"},
        ),
        ev(
            "gp",
            "health.appointment_not_attended",
            "2026-05-05",
            [zara()],
            {"service": "immunisations", "appointment_at": "2026-05-05T09:30:00Z"},
        ),
        ev(
            "hospital",
            "health.appointment_not_attended",
            "2026-06-01",
            [zara()],
            {"service": "audiology"},
        ),
    ],
    [("was_not_brought", "Zara", "2026-05-05")],
)

# 8. A looked-after teenager at ED; the second attendance is reported two days late.
JADE: dict[str, Any] = dict(
    given="Jade", family="Morris", dob="2010-08-08", nhs_number=nhs(8008), address=QUAY
)


def jade() -> dict[str, Any]:
    return who("c", "child", sex="female", **JADE)


LOOKED_AFTER_ED = Timeline(
    "looked_after_teen_ed",
    "A fifteen-year-old in care attends ED twice; the second attendance reaches the system "
    "two days after it happened.",
    [
        ev(
            "csc",
            "social_care.looked_after_started",
            "2026-01-05",
            [jade()],
            {"legal_status": "C2"},
        ),
        ev(
            "hospital",
            "health.unscheduled_care_attendance",
            "2026-03-14T02:00",
            [jade()],
            {"setting": "emergency_department", "presenting_complaint": "intoxication"},
        ),
        ev(
            "hospital",
            "health.unscheduled_care_attendance",
            "2026-03-20T01:00",
            [jade()],
            {"setting": "emergency_department", "presenting_complaint": "self-harm"},
            reported="2026-03-22T09:00",
        ),
    ],
    [
        ("cp_plan_unscheduled_care", "Jade", "2026-03-14"),
        ("cp_plan_unscheduled_care", "Jade", "2026-03-22"),
    ],
)

# 9. The mother's new partner: the link comes after the probation notice.
EVIE: dict[str, Any] = dict(
    given="Evie", family="Lowe", dob="2022-11-30", nhs_number=nhs(9009), address=KILN
)
CRAIG: dict[str, Any] = dict(given="Craig", family="Dunn", dob="1990-09-09")

PARTNER_WITH_HISTORY = Timeline(
    "partner_with_probation_history",
    "Probation assess a man as a high risk to children. Two months later he is named as next "
    "of kin when a three-year-old is taken to the GP.",
    [
        ev(
            "probation",
            "probation.risk_notification",
            "2026-02-01",
            [who("a", "subject", **CRAIG)],
            {"risk_to_children": "high"},
        ),
        ev(
            "gp",
            "health.appointment_not_attended",
            "2026-03-01",
            [who("c", "child", sex="female", **EVIE)],
            {"service": "asthma review"},
        ),
        ev(
            "gp",
            "health.injury_observed",
            "2026-04-02",
            [
                who("c", "child", sex="female", **EVIE),
                who("a", "next_of_kin", rel={"c": "mothers_partner"}, **CRAIG),
            ],
            {"injury": {"kind": "laceration", "site": "chin"}},
        ),
    ],
    [("risky_adult_linked", "Evie", "2026-04-02")],
)

TIMELINES = [
    INFANT_ON_PLAN,
    SPELT_DIFFERENTLY,
    HUNGRY_CHILD,
    BRUISED_BABY,
    CLOSED_TOO_SOON,
    NOT_SEEN,
    NOT_BROUGHT,
    LOOKED_AFTER_ED,
    PARTNER_WITH_HISTORY,
]


# --- quiet families: nothing may fire ------------------------------------------------------
def _c(n: int, given: str, dob: str, **kw: Any) -> dict[str, Any]:
    return who("c", "child", given, "Quiet", dob, nhs_number=nhs(20000 + n), **kw)


QUIET = [
    Timeline(
        "crawling_baby_one_bruise",
        "A ten-month-old who crawls and pulls to stand has one bruise to the shin.",
        [
            ev(
                "gp",
                "health.injury_observed",
                "2026-06-02",
                [_c(1, "Ada", "2025-08-01")],
                {
                    "injury": {"kind": "bruise", "site": "shin"},
                    "explanation": "crawling, hit table",
                },
                summary="Crawling well and pulling to stand; bruise to shin from the coffee table.",
            )
        ],
    ),
    Timeline(
        "toddler_injuries_months_apart",
        "A three-year-old has two minor injuries four months apart.",
        [
            ev(
                "hospital",
                "health.unscheduled_care_attendance",
                "2026-01-10",
                [_c(2, "Ben", "2022-10-10")],
                {"injury": {"kind": "laceration", "site": "knee"}},
            ),
            ev(
                "utc",
                "health.unscheduled_care_attendance",
                "2026-05-20",
                [_c(2, "Ben", "2022-10-10")],
                {"injury": {"kind": "bruise", "site": "forehead"}},
            ),
        ],
    ),
    Timeline(
        "domestic_incident_toddler",
        "A domestic argument with a two-year-old present; no arrest, no school.",
        [
            ev(
                "police",
                "police.domestic_abuse_incident",
                "2026-03-03T20:00",
                [_c(3, "Cara", "2023-12-01"), who("m", "victim", "Mia", "Quiet", "1995-01-01")],
                {"children_present": True, "risk_level": "standard"},
            )
        ],
    ),
    Timeline(
        "appointments_far_apart",
        "Two missed appointments seven months apart, and one attended in between.",
        [
            ev(
                "gp",
                "health.appointment_not_attended",
                "2025-10-01",
                [_c(4, "Dev", "2021-04-04")],
                {"service": "dental"},
            ),
            ev(
                "gp",
                "health.appointment_not_attended",
                "2026-05-01",
                [_c(4, "Dev", "2021-04-04")],
                {"service": "dental"},
            ),
        ],
    ),
    Timeline(
        "concerns_with_open_referral",
        "Three agencies raise concerns about a child whose referral is already open.",
        [
            ev(
                "csc",
                "social_care.referral",
                "2026-02-01",
                [_c(5, "Eli", "2016-02-02")],
                {"decision": "assessment"},
            ),
            ev(
                "school",
                "education.safeguarding_concern",
                "2026-02-10",
                [_c(5, "Eli", "2016-02-02")],
                {"concern": "withdrawn"},
            ),
            ev(
                "police",
                "police.child_concern",
                "2026-02-20",
                [_c(5, "Eli", "2016-02-02")],
                {"concern": "missing overnight"},
            ),
            ev(
                "public",
                "public.concern",
                "2026-03-01",
                [_c(5, "Eli", "2016-02-02")],
                {"concern": "neighbour worried"},
            ),
        ],
    ),
    Timeline(
        "plan_with_regular_visits",
        "A child on a plan seen every week, alone every other week, until the plan ends.",
        [
            ev(
                "csc",
                "social_care.child_protection_plan_started",
                "2026-04-01",
                [_c(6, "Fay", "2019-09-09")],
                {"category": "neglect"},
            ),
            *[
                ev(
                    "csc",
                    "social_care.visit",
                    f"2026-{m:02d}-{d:02d}",
                    [_c(6, "Fay", "2019-09-09")],
                    {"child_seen": True, "seen_alone": i % 2 == 0},
                )
                for i, (m, d) in enumerate(
                    [(4, 8), (4, 15), (4, 22), (4, 29), (5, 6), (5, 13), (5, 20), (5, 27)]
                )
            ],
            ev(
                "csc",
                "social_care.child_protection_plan_ended",
                "2026-06-01",
                [_c(6, "Fay", "2019-09-09")],
                {"category": "neglect"},
            ),
        ],
        until="2026-08-31",
    ),
    Timeline(
        "referred_again_after_fourteen_months",
        "A referral closed, and another fourteen months later.",
        [
            ev(
                "csc",
                "social_care.referral",
                "2024-12-01",
                [_c(7, "Gus", "2018-01-01")],
                {"decision": "no_further_action"},
            ),
            ev(
                "csc",
                "social_care.referral",
                "2026-02-03",
                [_c(7, "Gus", "2018-01-01")],
                {"decision": "early_help"},
            ),
        ],
    ),
    Timeline(
        "adult_with_minor_offences",
        "A father arrested for a drugs offence; a probation risk to children assessed as low.",
        [
            ev(
                "gp",
                "health.appointment_not_attended",
                "2026-01-05",
                [
                    _c(8, "Hal", "2020-02-02"),
                    who("f", "parent", "Ian", "Quiet", "1980-08-08", rel={"c": "father"}),
                ],
                {"service": "asthma review"},
            ),
            ev(
                "police",
                "police.arrest",
                "2026-02-05",
                [who("f", "subject", "Ian", "Quiet", "1980-08-08")],
                {"offence_category": "drugs"},
            ),
            ev(
                "probation",
                "probation.risk_notification",
                "2026-03-05",
                [who("f", "subject", "Ian", "Quiet", "1980-08-08")],
                {"risk_to_children": "low"},
            ),
        ],
    ),
    Timeline(
        "ed_after_plan_ended",
        "A child attends ED a month after the plan ended.",
        [
            ev(
                "csc",
                "social_care.child_protection_plan_started",
                "2025-09-01",
                [_c(9, "Ivy", "2017-07-07")],
                {"category": "emotional"},
            ),
            *[
                ev(
                    "csc",
                    "social_care.visit",
                    f"2025-{m:02d}-{d:02d}",
                    [_c(9, "Ivy", "2017-07-07")],
                    {"child_seen": True, "seen_alone": True},
                )
                for m, d in [(9, 8), (9, 19), (10, 1), (10, 13), (10, 24), (11, 4), (11, 14)]
            ],
            ev(
                "csc",
                "social_care.child_protection_plan_ended",
                "2025-11-20",
                [_c(9, "Ivy", "2017-07-07")],
                {"category": "emotional"},
            ),
            ev(
                "csc",
                "social_care.case_closed",
                "2025-11-21",
                [_c(9, "Ivy", "2017-07-07")],
                {"reason": "step_down_early_help"},
            ),
            ev(
                "hospital",
                "health.unscheduled_care_attendance",
                "2025-12-20",
                [_c(9, "Ivy", "2017-07-07")],
                {"presenting_complaint": "asthma"},
            ),
        ],
        until="2026-01-31",
    ),
]
