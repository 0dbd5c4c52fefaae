"""The service's clocks: every child's, read in a few queries, closed cases left out unread."""

from __future__ import annotations

from datetime import date

from joinedup.casework.service import authority_clocks
from joinedup.chronology.testing import MAYA, record, social_care_body

LILY = {
    **MAYA,
    "name": {"given": "Lily", "family": "Moss"},
    "dob": "2022-02-02",
    "identifiers": {"nhs_number": "9434765870"},
}


def test_it_finds_a_contact_after_a_closure_and_nothing_for_a_closed_case(cast):
    record(
        social_care_body("social_care.contact", "2026-03-02", MAYA),
        social_care_body("social_care.referral", "2026-03-02", MAYA, decision="assessment"),
        social_care_body("social_care.case_closed", "2026-04-01", MAYA, reason="RC8"),
        social_care_body("social_care.contact", "2026-03-02", LILY),
        social_care_body("social_care.referral", "2026-03-02", LILY, decision="assessment"),
        social_care_body("social_care.case_closed", "2026-04-01", LILY, reason="RC8"),
        social_care_body("social_care.contact", "2026-05-04", LILY),
    )
    runs = authority_clocks(cast.riverside.pk, date(2026, 5, 6)).runs
    assert [(p.given_name, r.clock.code, s) for p, r, s in runs] == [
        ("Lily", "referral_decision", "overdue")
    ]
