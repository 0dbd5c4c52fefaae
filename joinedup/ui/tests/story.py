"""One fictional family, recorded through the real ingest path, for the page tests.

Maya Brooks (3) lives at 27 Kiln Street with her mother Kerry and Kerry's partner Lee Fenton.
Riverside Hospital saw Maya with a burn; Riverside Police attended a domestic abuse incident at
the house; her school raised a concern; Riverside Children's Services took a referral. Ella
Brooks is a child only the hospital knows. Noah Pike lives in another authority.
"""

from __future__ import annotations

from dataclasses import dataclass

from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.conftest import Cast
from joinedup.people.identifiers import upn_check_letter
from joinedup.people.models import Person

KILN_STREET = {"line1": "27 Kiln Street", "town": "Riverside", "postcode": "RV2 4KS"}
MAYA_UPN = upn_check_letter("821401200101") + "821401200101"

MAYA_CHILD = {**MAYA, "name": {"given": "Maya", "family": "Brooks", "aliases": ["Maya Hill"]}}
LEE = {
    "ref": "p2",
    "role": "accompanying_adult",
    "name": {"given": "Lee", "family": "Fenton"},
    "dob": "1994-03-02",
    "sex": "male",
    "address": KILN_STREET,
    "relationship_to": {"p1": "mothers_partner"},
}
KERRY = {
    "ref": "p3",
    "role": "victim",
    "name": {"given": "Kerry", "family": "Brooks"},
    "dob": "1996-07-12",
    "sex": "female",
    "address": KILN_STREET,
    "relationship_to": {"p1": "mother"},
}


@dataclass
class Story:
    maya: Person
    lee: Person
    kerry: Person
    ella: Person
    noah: Person
    burn_record_id: str


def maya_story(cast: Cast) -> Story:
    burn = event_body(
        record_id="ED-2026-004417",
        subjects=[MAYA_CHILD, LEE],
        details={
            "setting": "emergency_department",
            "injury": {"kind": "burn", "site": "right hand"},
            "safeguarding_concern": True,
        },
        summary="Brought in by mother's partner; burn to right hand, said she touched the oven.",
    )
    incident = event_body(
        organisation=cast.police.name,
        agency="police",
        record_id="DA-2026-0310",
        type="police.domestic_abuse_incident",
        occurred_at="2026-03-10T22:15:00Z",
        reported_at="2026-03-11T08:00:00Z",
        subjects=[
            {**MAYA_CHILD, "role": "child"},
            {
                **LEE,
                "role": "alleged_perpetrator",
                "identifiers": {"pnc_id": "26/123456X"},
                "relationship_to": {"p1": "mothers_partner", "p3": "household_member"},
            },
            KERRY,
        ],
        details={"children_present": True, "risk_level": "high"},
        summary="Neighbour called about shouting; child present; partner arrested.",
    )
    school = event_body(
        organisation=cast.school.name,
        agency="education",
        record_id="DSL-77",
        type="education.safeguarding_concern",
        occurred_at="2026-02-01T09:30:00Z",
        reported_at="2026-02-01T12:00:00Z",
        subjects=[{**MAYA_CHILD, "identifiers": {"upn": MAYA_UPN}}],
        details={"concern": "Arrived hungry three days running"},
        summary="Nursery staff worried: arrived hungry, same clothes all week.",
    )
    referral = event_body(
        organisation=cast.csc.name,
        agency="social_care",
        record_id="REF-1001",
        type="social_care.referral",
        occurred_at="2026-05-05T10:00:00Z",
        reported_at="2026-05-05T10:30:00Z",
        subjects=[MAYA_CHILD],
        details={"decision": "assessment", "referral_source": "Riverside Hospital"},
        summary="Referral from the emergency department after the burn.",
    )
    ella = event_body(
        record_id="ED-2026-005000",
        occurred_at="2026-04-01T11:00:00Z",
        subjects=[
            {
                "ref": "p1",
                "role": "child",
                "name": {"given": "Ella", "family": "Brooks"},
                "dob": "2019-09-09",
                "sex": "female",
                "address": {"line1": "4 Mill Lane", "town": "Riverside", "postcode": "RV1 1AA"},
            }
        ],
        details={"setting": "urgent_treatment_centre"},
        summary="Sprained wrist after a fall in the park.",
    )
    noah = event_body(
        organisation=cast.other_csc.name,
        agency="social_care",
        record_id="ELS-1",
        type="social_care.visit",
        subjects=[
            {
                "ref": "p1",
                "role": "child",
                "name": {"given": "Noah", "family": "Pike"},
                "dob": "2018-02-02",
                "address": {"line1": "1 Far Road", "town": "Elsewhere", "postcode": "EL1 1AA"},
            }
        ],
        details={"child_seen": True},
        summary="Visit, child seen alone.",
    )
    results = record(burn, incident, school, referral, ella, noah)
    assert all(r.status == "created" for r in results), [r.as_dict() for r in results]
    return Story(
        maya=Person.objects.get(given_name="Maya"),
        lee=Person.objects.get(given_name="Lee"),
        kerry=Person.objects.get(given_name="Kerry"),
        ella=Person.objects.get(given_name="Ella"),
        noah=Person.objects.get(given_name="Noah"),
        burn_record_id="ED-2026-004417",
    )
