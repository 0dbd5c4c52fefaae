"""Fictional vocabulary shared by the SQL background load and the ingest feed.

Names are common British given and family names drawn at random: no real person is described.
Places are invented: three boroughs whose postcode areas (RV, NB, EM) do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GIVEN_FEMALE = """
Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya Florence Emily
Ella Poppy Evie Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper Matilda
Ruby Emilia Maya Millie Isabelle Eva Luna Jessica Esme Arabella Layla Imogen Aria Chloe Holly
Zara Hallie Thea Darcie Scarlett Maisie Erin Lucy Harriet Ellie Amelie Penelope Molly Orla
Violet Eliza Ayla Lottie Mila Bonnie Robyn Nancy Aisha Hannah Megan Bethany Leah Jade Chantelle
Kayleigh Stacey Gemma Kelly Leanne Natalie Danielle Samantha Laura Rebecca Sarah Emma Claire
Nicola Lisa Joanne Michelle Karen Tracey Donna Zoë Niamh Siobhan Aoife Fatima Maryam Zainab
Amira Noor Priya Anjali Kezia Abena Chidinma Oluwaseun Agnieszka Oksana Ioana Renée Chloé
"""
GIVEN_MALE = """
Oliver George Noah Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie
Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander Luca Edward
James Joshua Albie Elijah Max Mohammed Reuben Mason Sebastian Rory Jude Louie Benjamin Ezra
Hugo Adam Frankie Ronnie Dylan Hunter Ethan Callum Kieran Jordan Liam Connor Jamie Ryan Kyle
Dean Wayne Lee Craig Darren Jason Gary Stuart Paul Mark Daniel Michael Christopher Matthew
Andrew Stephen Neil Carl Shane Ashley Bradley Tyler Reece Kai Cian Oisín Ibrahim Yusuf Ayaan
Hamza Omar Kwame Chukwuemeka Tunde Mateusz Jakub Andrei Bogdan José Zoltán Dmitri
"""
FAMILY = """
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott
Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson
Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams
Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell
Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews
Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells
Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page
Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess
Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne
Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss
McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle
Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miah
Stephens Thornton Dennis Fenton Okafor Mensah Nowak Kowalski Popescu Ferreira Silva Costa
Nguyen Chen Wong Akhtar Rahman Uddin Bibi Iqbal Mahmood Ahmad Adeyemi Okoye Asante Boateng
Jankowski Wiśniewska Müller Brennan Quinn Gallagher McLaughlin Doherty Flanagan Ní-Bhriain
Kiln Ashworth Fairbrother Greenhalgh Pemberton Ridley Stanhope Thistlewood Whitfield Yardley
"""
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


def words(text: str) -> list[str]:
    return text.split()


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
