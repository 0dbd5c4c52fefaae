"""Probabilistic linking at ingest, the review queue's decisions, merge and unmerge (ADR 0008)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from joinedup.access.chronology import chronology_for
from joinedup.access.people import household_for, identity_for, relationships_for
from joinedup.access.policy import (
    Scope,
    identity_review_for,
    identity_reviews_visible,
    person_for,
    persons_visible,
    scope_for,
)
from joinedup.access.search import person_search
from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import access_log_verify
from joinedup.chronology.models import EventSubject
from joinedup.chronology.testing import event_body, record
from joinedup.conftest import PASSWORD
from joinedup.core.errors import ApplicationError
from joinedup.people.models import (
    IdentityDecision,
    IdentityReview,
    Person,
    PersonMerge,
    PersonName,
    Relationship,
)
from joinedup.people.services import identity_review_decide, person_unmerge

pytestmark = pytest.mark.django_db


def child(given: str, family: str, *, dob: str = "2019-06-01", sex: str = "male") -> dict[str, Any]:
    return {
        "ref": "c",
        "role": "child",
        "name": {"given": given, "family": family},
        "dob": dob,
        "sex": sex,
        "address": {"line1": "27 Kiln Street", "town": "Riverside", "postcode": "RV2 4KS"},
    }


def mother(given: str) -> dict[str, Any]:
    return {
        "ref": "m",
        "role": "parent",
        "name": {"given": given, "family": "Brooks"},
        "relationship_to": {"c": "mother"},
    }


def police(record_id: str, *subjects: dict[str, Any]) -> dict[str, Any]:
    return event_body(
        organisation="Riverside Police",
        agency="police",
        type="police.child_concern",
        record_id=record_id,
        subjects=list(subjects),
        details={},
    )


@pytest.fixture
def twins(cast) -> IdentityReview:
    """Jack is known to the hospital; the police then report Jake, his twin: a review item."""
    record(event_body(record_id="ED-J", subjects=[child("Jack", "Brooks"), mother("Kerry")]))
    [result] = record(police("POL-J", child("Jake", "Brooks"), mother("Kerry")))
    assert result.subjects[0].outcome == "review"
    return IdentityReview.objects.get()


def front_door(cast) -> Scope:
    scope = scope_for(cast.front_door)
    assert scope is not None
    return scope


def picture(scope: Scope, person: Person) -> dict[str, Any]:
    """Everything a reader sees of a person, and the rows recorded against them."""
    seen = person_for(scope, str(person.key), purpose="test")
    return {
        "read_as": seen.pk,
        "events": sorted(e.record_id for e in chronology_for(scope=scope, person=seen).entries),
        "relationships": sorted(
            (r.other.pk, r.description) for r in relationships_for(scope=scope, person=seen)
        ),
        "other_names": sorted(identity_for(scope=scope, person=seen).other_names),
        "household": sorted(r.person.pk for r in household_for(scope=scope, person=seen).members),
        "rows": (
            sorted(EventSubject.objects.filter(person=person).values_list("pk", flat=True)),
            sorted(Relationship.objects.filter(person=person).values_list("pk", flat=True)),
            sorted(Relationship.objects.filter(other=person).values_list("pk", flat=True)),
            sorted(PersonName.objects.filter(person=person).values_list("pk", flat=True)),
        ),
    }


def test_it_links_a_misspelt_surname_with_the_same_birth_date_and_postcode_in_words(cast):
    record(police("POL-1", child("Maya", "Lawson", dob="2015-03-12", sex="female")))
    [result] = record(
        event_body(record_id="ED-1", subjects=[child("Maya", "Lauson", dob="2015-03-12")])
    )
    [subject] = result.subjects
    assert subject.outcome == "linked"
    assert subject.reasons[0].startswith("match probability")
    assert "surname similar: Lauson/Lawson (+5.5)" in subject.reasons
    assert "date of birth exact: 2015-03-12 (+13.3)" in subject.reasons
    assert Person.objects.filter(seen_as_child=True).count() == 1
    stored = EventSubject.objects.get(person=subject.person, ref="c", version__agency="health")
    assert stored.match_outcome == "linked" and stored.match_reasons == list(subject.reasons)


def test_it_sends_twins_to_review_and_never_links_them(cast, twins):
    jack, jake = twins.candidate, twins.person
    assert (jack.given_name, jake.given_name) == ("Jack", "Jake")
    assert twins.probability > 0.99
    assert "same date of birth, different given name: possibly twins: review at most" in (
        twins.reasons
    )
    assert twins.source is not None and twins.source.event.record_id == "POL-J"
    stored = EventSubject.objects.get(person=jake)
    assert stored.match_outcome == "review"
    # Jake again: the exact name and birth date find his own record, no second review.
    [again] = record(police("POL-J2", child("Jake", "Brooks")))
    assert again.subjects[0].outcome == "linked" and again.subjects[0].person.pk == jake.pk
    assert IdentityReview.objects.count() == 1


def test_it_merges_on_link_and_the_chronology_shows_both_peoples_events(cast, twins):
    scope = front_door(cast)
    jack, jake = twins.candidate, twins.person
    identity_review_decide(
        actor=scope.actor, review=twins, decision="link", reason="Same child: GP confirmed"
    )
    merge = PersonMerge.objects.get()
    assert (merge.survivor_id, merge.absorbed_id, merge.review_id) == (jack.pk, jake.pk, twins.pk)
    assert merge.decided_by == scope.actor.label and merge.reason == "Same child: GP confirmed"
    survivor = person_for(scope, str(jake.key), purpose="test")  # the absorbed key leads here
    assert survivor.pk == jack.pk
    entries = chronology_for(scope=scope, person=survivor).entries
    assert sorted(e.record_id for e in entries) == ["ED-J", "POL-J"]
    assert "Jake Brooks" in identity_for(scope=scope, person=survivor).other_names
    hits = person_search(scope=scope, name="Brooks", dob=jack.dob).hits
    assert [h.person.pk for h in hits] == [jack.pk]
    # New subjects that match the absorbed record link to the survivor.
    [later] = record(police("POL-J3", child("Jake", "Brooks")))
    assert later.subjects[0].outcome == "linked" and later.subjects[0].person.pk == jack.pk
    assert not identity_reviews_visible(scope).filter(decision__isnull=True).exists()


def test_it_restores_both_people_exactly_on_unmerge(cast, twins):
    scope = front_door(cast)
    jack, jake = twins.candidate, twins.person
    before = {p.pk: picture(scope, p) for p in (jack, jake)}
    assert before[jack.pk]["events"] == ["ED-J"] and before[jake.pk]["events"] == ["POL-J"]
    assert before[jack.pk]["relationships"] and before[jake.pk]["relationships"]

    identity_review_decide(actor=scope.actor, review=twins, decision="link", reason="Same child")
    during = picture(scope, jake)
    assert during["read_as"] == jack.pk and during["events"] == ["ED-J", "POL-J"]
    assert during["rows"] == before[jake.pk]["rows"]  # nothing moved

    person_unmerge(actor=scope.actor, merge=PersonMerge.objects.get(), reason="Twins after all")
    after = {p.pk: picture(scope, p) for p in (jack, jake)}
    assert after == before
    assert persons_visible(scope).filter(pk__in=[jack.pk, jake.pk]).count() == 2
    with pytest.raises(ApplicationError):
        person_unmerge(actor=scope.actor, merge=PersonMerge.objects.get(), reason="Again")


def test_it_remembers_keep_apart_and_decides_each_item_once(cast, twins):
    scope = front_door(cast)
    identity_review_decide(
        actor=scope.actor, review=twins, decision="keep_apart", reason="Twins: school knows both"
    )
    decision = IdentityDecision.objects.get(review=twins)
    assert (decision.decision, decision.reason) == ("keep_apart", "Twins: school knows both")
    assert not PersonMerge.objects.exists()
    assert not identity_reviews_visible(scope).filter(decision__isnull=True).exists()
    with pytest.raises(ApplicationError):
        identity_review_decide(actor=scope.actor, review=twins, decision="link", reason="Oops")
    record(police("POL-J4", child("Jake", "Brooks")), police("POL-J5", child("Jack", "Brooks")))
    assert IdentityReview.objects.count() == 1


def test_it_asks_for_a_reason_and_a_known_decision(cast, twins):
    scope = front_door(cast)
    with pytest.raises(ApplicationError):
        identity_review_decide(actor=scope.actor, review=twins, decision="link", reason="  ")
    with pytest.raises(ApplicationError):
        identity_review_decide(actor=scope.actor, review=twins, decision="maybe", reason="Hmm")
    assert not IdentityDecision.objects.exists()


@pytest.mark.parametrize(
    ("who", "decides"),
    [
        ("front_door", True),
        ("team_manager", True),
        ("social_worker", True),
        ("auditor", False),
        ("health_practitioner", False),
        ("police_officer", False),
        ("school_dsl", False),
        ("administrator", False),
        ("outsider", False),
    ],
)
def test_it_shows_the_queue_only_to_social_care_who_decide(cast, twins, who, decides):
    scope = scope_for(getattr(cast, who))
    assert identity_reviews_visible(scope).filter(pk=twins.pk).exists() is decides
    if not decides:
        with pytest.raises(Http404):
            identity_review_for(scope, twins.pk, purpose="test")


def test_it_writes_the_audit_in_the_same_transaction(cast, twins):
    scope = front_door(cast)
    identity_review_decide(actor=scope.actor, review=twins, decision="link", reason="Same child")
    person_unmerge(actor=scope.actor, merge=PersonMerge.objects.get(), reason="Twins")
    actions = list(
        AccessLogEntry.objects.filter(
            action__in=["identity_review_decided", "person_merged", "person_unmerged"]
        )
        .order_by("pk")
        .values_list("action", "detail__reason")
    )
    assert actions == [
        ("identity_review_decided", "Same child"),
        ("person_merged", "Same child"),
        ("person_unmerged", "Twins"),
    ]
    assert access_log_verify()[1] is None


# --- the pages ----------------------------------------------------------------------------


def sign_in(client, user) -> None:
    response = client.post("/sign-in", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "who", ["health_practitioner", "police_officer", "school_dsl", "auditor", "outsider"]
)
def test_it_is_page_not_found_for_the_queue_and_items_to_others(client, cast, twins, who):
    sign_in(client, getattr(cast, who))
    queue = client.get("/identity/reviews")
    if who == "outsider":  # social care of another authority: their own queue, without ours
        assert queue.status_code == 200 and "Jake" not in queue.content.decode()
    else:
        assert queue.status_code == 404
    assert client.get(f"/identity/reviews/{twins.pk}").status_code == 404
    response = client.post(
        f"/identity/reviews/{twins.pk}", {"decision": "link", "reason": "Same child"}
    )
    assert response.status_code == 404
    assert not PersonMerge.objects.exists()


def test_it_lets_the_front_door_compare_link_and_undo_over_http(client, cast, twins):
    sign_in(client, cast.front_door)
    queue = client.get("/identity/reviews").content.decode()
    assert "Jake Brooks" in queue and "Jack Brooks" in queue
    page = client.get(f"/identity/reviews/{twins.pk}").content.decode()
    assert "Known record" in page and "Record received" in page
    assert "possibly twins" in page
    refused = client.post(f"/identity/reviews/{twins.pk}", {"decision": "link", "reason": ""})
    assert refused.status_code == 200 and "Enter why you made this decision" in (
        refused.content.decode()
    )
    linked = client.post(
        f"/identity/reviews/{twins.pk}", {"decision": "link", "reason": "GP confirmed"}
    )
    assert linked.status_code == 302 and linked["Location"] == f"/people/{twins.candidate.key}"
    person_page = client.get(linked["Location"]).content.decode()
    assert "Records merged into this one" in person_page
    merge = PersonMerge.objects.get()
    undo = f"/people/{twins.candidate.key}/merges/{merge.pk}/undo"
    assert undo in person_page
    assert "Jake Brooks" not in client.get("/identity/reviews").content.decode()
    undone = client.post(undo, {"reason": "Twins after all"})
    assert undone.status_code == 302
    assert client.get(undo).status_code == 404  # nothing left to undo
    logged = set(AccessLogEntry.objects.values_list("action", flat=True))
    assert {"view_identity_queue", "view_identity_review", "person_unmerged"} <= logged


def test_it_backfills_blocking_keys_for_people_recorded_before_the_scorer(cast):
    from io import StringIO

    from django.core.management import call_command

    from joinedup.people.models import MatchKey

    record(police("POL-1", child("Maya", "Lawson", dob="2015-03-12", sex="female")))
    maya = Person.objects.get()
    MatchKey.objects.exclude(key__startswith="id:").exclude(key__startswith="nd:").delete()
    out = StringIO()
    call_command("identity", "backfill-keys", stdout=out)
    assert out.getvalue().startswith("Added ")
    assert MatchKey.objects.filter(person=maya, key__startswith="bp:").exists()
    call_command("identity", "backfill-keys", stdout=out)
    assert out.getvalue().splitlines()[-1] == "Added 0 blocking keys."
    [result] = record(
        event_body(record_id="ED-1", subjects=[child("Maya", "Lauson", dob="2015-03-12")])
    )
    assert result.subjects[0].outcome == "linked" and result.subjects[0].person.pk == maya.pk
