"""Fictional places, organisations and events shared by the SQL background load and the
ingest feed.

Places are invented: three boroughs whose postcode areas (RV, NB, EM) do not exist. The people
and their names come from the shared generator (`joinedup.people.fictional`, the `SCALE` cast).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STREETS = """
Kiln Street|Mill Lane|Station Road|Church Street|Victoria Road|Park Avenue|Queen Street|
High Street|Chapel Lane|School Lane|Orchard Close|Willow Way|Meadow Drive|Brook Road|
Riverside Walk|Canal Street|Foundry Lane|Weavers Row|Tannery Court|Ropewalk|Bridge Street|
Market Place|Castle Hill|Abbey Road|Priory Close|Elm Grove|Oak Avenue|Ash Tree Lane|
Beech Road|Holly Close|Hawthorn Drive|Rowan Way|Cedar Court|Maple Crescent|Laurel Gardens|
Linden Avenue|Sycamore Road|Chestnut Walk|Poplar Street|Alder Close|Heather Way|Bracken Lane|
Fern Grove|Moorland Road|Fellside|Dale View|Hillcrest|Ridgeway|Valley Road|Lakeside|
Harbour Street|Quay Lane|Ferry Road|Wharf Street|Lock Keepers Way|Cooper Street|Cotton Street|
Spinners Close|Loom Court|Bobbin Lane|Carding Row|Dyers Lane|Fuller Street|Cutlers Way|
Smithy Lane|Forge Close|Anvil Street|Foxglove Close|Bluebell Way|Primrose Lane|Daffodil Road|
Clover Court|Thistle Street|Kingfisher Drive|Heron Way|Swallow Close|Lark Rise|Wren Court|
Robin Lane|Falcon Road|Kestrel Close|Plover Drive|Curlew Way|Sandpiper Court|Mallard Road|
Nelson Street|Wellington Road|Albert Terrace|Alexandra Road|Gladstone Street|Peel Street|
Cobden Road|Brunel Way|Stephenson Close|Faraday Road|Darwin Court|Newton Street|Telford Road|
Hargreaves Street|Arkwright Way|Crompton Road|Pankhurst Close|Seacole Gardens|Lovelace Way|
Turing Road|Franklin Close|Attlee Way|Bevan Road|Lowry Close|Elgar Road|Hardy Street|
Bronte Close|Austen Way|Dickens Street|Kipling Road|Orwell Close|Wordsworth Avenue|Keats Grove
"""


def streets() -> list[str]:
    return [s.strip() for s in STREETS.split("|") if s.strip()]


@dataclass(frozen=True)
class Borough:
    code: str
    name: str
    area: str  # postcode area letters (invented)
    share: float  # share of the background population


BOROUGHS = (
    # The demo's own authority (joinedup/demo/world.py): the demo users sign in here.
    Borough("RIV", "Riverside", "RV", 0.60),
    Borough("NBK", "Northbrook", "NB", 0.25),
    Borough("EMR", "Eastmoor", "EM", 0.15),
)

# Organisations each borough has, by agency: (agency, name pattern, how many).
ORGANISATIONS: tuple[tuple[str, str, int], ...] = (
    ("social_care", "{b} Children's Services", 1),
    ("health", "{b} Hospital", 1),
    ("health", "{b} Community Health Visiting", 1),
    ("health", "{b} Health Centre {n}", 4),
    ("police", "{b} Police", 1),
    ("education", "{b} Primary School {n}", 6),
    ("education", "{b} Academy {n}", 2),
    ("housing", "{b} Homes", 1),
    ("probation", "{b} Probation Delivery Unit", 1),
    ("early_help", "{b} Early Help", 1),
    ("voluntary", "{b} Family Support Project", 1),
)

# The organisation's own key sent with each subject (not a strong identifier).
LOCAL_KEY = {"health": "hospital_number", "education": "pupil_ref", "housing": "tenancy_ref"}


@dataclass(frozen=True)
class Kind:
    """One kind of event: its type, who it is about and what it says."""

    type: str
    weight: int  # share of events, per thousand
    focus: str  # "child": a child (and often a parent); "adult": one adult; "family": everyone
    address_share: float  # how often the agency sends the subjects' address
    details: dict[str, Any]
    summary: str

    @property
    def agency(self) -> str:
        return self.type.split(".", 1)[0]


KINDS: tuple[Kind, ...] = (
    Kind(
        "health.unscheduled_care_attendance",
        140,
        "child",
        0.9,
        {"setting": "emergency_department", "injury": {"kind": "bruise", "site": "forearm"}},
        "Attended with a bruise to the forearm; said to have fallen at the park.",
    ),
    Kind(
        "health.appointment_not_attended",
        110,
        "child",
        0.5,
        {"service": "health visiting", "appointment_at": "2024-03-12T10:30:00"},
        "Was not brought to the 2-year developmental review.",
    ),
    Kind(
        "health.injury_observed",
        30,
        "child",
        0.7,
        {
            "injury": {"kind": "burn", "site": "hand"},
            "explanation": "touched the oven door",
            "explanation_consistent": False,
        },
        "Health visitor saw a healing burn to the right hand; explanation does not fit.",
    ),
    Kind(
        "education.absence",
        140,
        "child",
        0.2,
        {
            "sessions_missed": 14,
            "sessions_possible": 60,
            "period_start": "2025-09-01",
            "period_end": "2025-10-17",
        },
        "Attendance 77% this half term; unauthorised absence on Mondays.",
    ),
    Kind(
        "education.safeguarding_concern",
        60,
        "child",
        0.3,
        {"concern": "Came to school hungry and in the same clothes all week."},
        "DSL logged a concern: hunger and unchanged clothing.",
    ),
    Kind(
        "police.domestic_abuse_incident",
        100,
        "family",
        1.0,
        {"children_present": True, "risk_level": "medium"},
        "Verbal argument escalated; neighbour called police. Children in the house.",
    ),
    Kind(
        "police.child_concern",
        50,
        "child",
        0.8,
        {"concern": "Child found alone at the bus station late at night."},
        "Public protection notice: child found alone late at night.",
    ),
    Kind(
        "police.arrest",
        30,
        "adult",
        0.8,
        {"offence_category": "violence"},
        "Arrested for assault following an incident at home.",
    ),
    Kind(
        "social_care.referral",
        60,
        "child",
        1.0,
        {"decision": "assessment", "referral_source": "school"},
        "Referral from school; decision: single assessment.",
    ),
    Kind(
        "social_care.visit",
        150,
        "child",
        0.6,
        {"child_seen": True, "seen_alone": False},
        "Home visit; child seen with mother present. Home conditions poor.",
    ),
    Kind(
        "housing.household_change",
        40,
        "family",
        1.0,
        {"change": "adult_joined"},
        "Tenant reports a new partner has moved in.",
    ),
    Kind(
        "probation.risk_notification",
        20,
        "adult",
        0.9,
        {"risk_to_children": "high"},
        "Risk to children assessed as high on release; living with a partner with children.",
    ),
    Kind(
        "early_help.concern",
        40,
        "child",
        0.7,
        {"concern": "Family not engaging with the parenting programme.", "severity": "low"},
        "Early help worker concerned about engagement.",
    ),
    Kind(
        "voluntary.concern",
        30,
        "child",
        0.5,
        {"concern": "Child often collected late and appears withdrawn.", "severity": "medium"},
        "Family support project raised a concern about late collection.",
    ),
)
assert sum(k.weight for k in KINDS) == 1000


def organisation_names() -> list[tuple[int, str, int, str]]:
    """Every bench organisation as (borough index, agency, index within its kind, name)."""
    rows = []
    for b, borough in enumerate(BOROUGHS):
        counters: dict[str, int] = {}
        for agency, pattern, count in ORGANISATIONS:
            for n in range(1, count + 1):
                idx = counters.get(agency, 0)
                counters[agency] = idx + 1
                name = pattern.format(b=borough.name, n=n if count > 1 else "").strip()
                rows.append((b, agency, idx, name))
    return rows
