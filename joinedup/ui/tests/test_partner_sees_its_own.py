"""A partner agency sees a person as its own organisation told it, nothing another agency
said (issue 22: a police force that sent NHS numbers alone then saw the name, birth date and
sex the hospital had recorded)."""

from __future__ import annotations

import pytest

from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.ui.tests.test_search import names_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya_by_number(cast):
    """The hospital knows Maya Brooks, born 19 January 2023, female; the police sent only her
    NHS number."""
    record(event_body(record_id="ED-1", subjects=[MAYA]))
    only_a_number = {"ref": "c", "role": "child", "identifiers": {"nhs_number": "9434765919"}}
    record(
        event_body(
            organisation=cast.police.name,
            agency="police",
            record_id="POL-1",
            type="police.child_concern",
            subjects=[only_a_number],
            details={},
        )
    )


def test_the_police_find_her_by_the_number_they_sent_and_nothing_else(
    client, cast, maya_by_number, sign_in
):
    sign_in(cast.police_officer)
    assert names_found(client, identifier="943 476 5919") == ["Name not known"]
    assert names_found(client, name="Maya Brooks") == []
    assert names_found(client, dob_day="19", dob_month="1", dob_year="2023") == []
    assert names_found(client, postcode="RV2 4KS") == []
    page = client.get("/people/search", {"identifier": "9434765919"}).content.decode()
    assert "Maya" not in page and "19 January 2023" not in page and "Female" not in page


def test_their_page_of_her_shows_only_what_they_said(client, cast, maya_by_number, sign_in):
    from joinedup.people.models import Person

    maya = Person.objects.get(given_name="Maya")
    sign_in(cast.police_officer)
    page = client.get(f"/people/{maya.key}").content.decode()
    assert "Name not known" in page
    assert "Maya" not in page and "Brooks" not in page
    assert "19 January 2023" not in page and "Female" not in page
    assert "943 476 5919" in page  # what they sent


def test_the_hospital_and_social_care_see_what_was_said(client, cast, maya_by_number, sign_in):
    sign_in(cast.health_practitioner)
    assert names_found(client, name="Maya Brooks") == ["Maya Brooks"]
    assert names_found(client, dob_day="19", dob_month="1", dob_year="2023") == ["Maya Brooks"]
    sign_in(cast.social_worker)
    assert names_found(client, identifier="9434765919") == ["Maya Brooks"]
