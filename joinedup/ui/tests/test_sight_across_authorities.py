"""Sight across local authorities comes from a share, never from sending (issue 22, ADR 0019).

Another authority's school posted one event carrying a Riverside child's NHS number; that
authority's social worker could then read the child's whole Riverside file, and Riverside was
not told. Its children's social care could end the child's plan the same way.
"""

from __future__ import annotations

import pytest

from joinedup.audit.models import AccessLogEntry
from joinedup.cases.selectors import case_state
from joinedup.chronology.testing import MAYA, event_body, record, social_care_body
from joinedup.core.models import Organisation
from joinedup.people.models import Person, PersonAuthority
from joinedup.signals.models import Notification
from joinedup.ui.tests.test_search import names_found

pytestmark = pytest.mark.django_db

NUMBER_ONLY = {"ref": "c", "role": "child", "identifiers": {"nhs_number": "9434765919"}}


@pytest.fixture
def maya(cast) -> Person:
    """Maya, known to Riverside Hospital (so seen by Riverside)."""
    record(event_body(record_id="ED-1", subjects=[MAYA]))
    return Person.objects.get(given_name="Maya")


def _from_elsewhere(cast, django_capture_on_commit_callbacks, **body) -> None:
    Organisation.objects.get_or_create(
        name="Elsewhere Academy", defaults={"agency": "education", "authority": cast.elsewhere}
    )
    with django_capture_on_commit_callbacks(execute=True):
        [result] = record(
            event_body(
                organisation="Elsewhere Academy",
                agency="education",
                type="education.safeguarding_concern",
                subjects=[NUMBER_ONLY],
                details={"concern": "Arrived with a bruise on her cheek."},
                **body,
            )
        )
    assert result.status == "created"


def test_an_event_from_another_authority_gives_it_no_sight(
    client, cast, maya, sign_in, django_capture_on_commit_callbacks
):
    _from_elsewhere(cast, django_capture_on_commit_callbacks, record_id="EA-1")
    assert maya.pk == Person.objects.get(given_name="Maya").pk  # linked: one person
    sign_in(cast.outsider)
    assert client.get(f"/people/{maya.key}").status_code == 404
    assert names_found(client, identifier="9434765919") == []
    # Riverside is told, once however often the academy sends.
    _from_elsewhere(cast, django_capture_on_commit_callbacks, record_id="EA-2")
    notice = Notification.objects.get(kind="sent_from_elsewhere")
    assert (notice.person, notice.role, notice.authority) == (maya, "front_door", cast.riverside)
    assert "Elsewhere Academy (Elsewhere) sent a record about Maya Brooks" in notice.text
    sign_in(cast.front_door)
    assert "Elsewhere Academy (Elsewhere) sent a record" in client.get("/signals/").content.decode()


def test_a_share_lets_the_other_authority_see_and_tells_it(
    client, cast, maya, sign_in, django_capture_on_commit_callbacks
):
    sign_in(cast.social_worker)
    form = client.get(f"/people/{maya.key}/share").content.decode()
    assert "Elsewhere" in form and ">Riverside<" not in form  # not to those who see it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/people/{maya.key}/share",
            {"authority": cast.elsewhere.pk, "reason": "The family moved to Elsewhere."},
        )
    assert response.status_code == 302
    share = PersonAuthority.objects.get(person=maya, authority=cast.elsewhere)
    assert (share.via, share.reason) == ("share", "The family moved to Elsewhere.")
    assert share.decided_by_user_id == cast.social_worker.pk
    assert AccessLogEntry.objects.filter(action="person_shared", person=maya).exists()
    told = Notification.objects.get(kind="record_shared")
    assert (told.authority, told.role) == (cast.elsewhere, "front_door")
    page = client.get(f"/people/{maya.key}").content.decode()
    assert "Shared" in page and "The family moved to Elsewhere." in page
    sign_in(cast.outsider)
    assert client.get(f"/people/{maya.key}").status_code == 200


def test_a_share_needs_a_reason_and_a_practitioner_who_sees_the_person(client, cast, maya, sign_in):
    sign_in(cast.social_worker)
    response = client.post(f"/people/{maya.key}/share", {"authority": cast.elsewhere.pk})
    assert response.status_code == 400
    assert "Enter why the other authority should see this record" in response.content.decode()
    for who in (cast.outsider, cast.police_officer, cast.auditor):
        sign_in(who)
        assert client.get(f"/people/{maya.key}/share").status_code == 404
    assert not PersonAuthority.objects.filter(via="share").exists()


def test_another_authoritys_social_care_counts_only_once_shared(cast, maya):
    from joinedup.audit.services import Actor
    from joinedup.people.services import person_share

    record(social_care_body("social_care.child_protection_plan_started", "2026-03-02"))
    assert case_state(person=maya).cp_plan_since is not None
    ended = social_care_body("social_care.child_protection_plan_ended", "2026-04-01")
    ended["source"]["organisation"] = cast.other_csc.name
    [result] = record(ended)
    assert result.status == "created"
    assert case_state(person=maya).cp_plan_since is not None  # Elsewhere's record: not counted
    person_share(actor=Actor(label="test"), person=maya, authority=cast.elsewhere, reason="Moved")
    assert case_state(person=maya).cp_plan_since is None  # shared: Elsewhere's plan ended
