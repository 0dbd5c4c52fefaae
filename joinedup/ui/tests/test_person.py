"""The person page: the hub a social worker works from, and what partners may see of it."""

from __future__ import annotations

import uuid

import pytest

from joinedup.audit.models import AccessLogEntry
from joinedup.chronology.registry import event_type_label
from joinedup.chronology.testing import event_body, record
from joinedup.ui.tests.story import MAYA_CHILD


def page_of(client, person, **params) -> str:
    response = client.get(f"/people/{person.key}", params)
    assert response.status_code == 200
    return response.content.decode()


def timeline_titles(client, person, **params) -> list[str]:
    response = client.get(f"/people/{person.key}", params)
    assert response.status_code == 200
    return [event_type_label(e.type) for e in response.context["chronology"].entries]


# Who may open Maya's record at all.
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("social_worker", 200),
        ("colleague", 200),
        ("team_manager", 200),
        ("front_door", 200),
        ("auditor", 200),
        ("police_officer", 200),
        ("school_dsl", 200),
        ("health_practitioner", 200),
        ("administrator", 404),
        ("outsider", 404),
    ],
)
def test_it_opens_the_record_only_for_those_with_need_to_know(
    client, cast, story, sign_in, who, status
):
    sign_in(getattr(cast, who))
    assert client.get(f"/people/{story.maya.key}").status_code == status


# What each sees of it: social care every agency; partners only their own organisation's.
@pytest.mark.parametrize(
    ("who", "titles"),
    [
        (
            "social_worker",
            [
                "Referral",
                "Unscheduled care attendance",
                "Domestic abuse incident",
                "Safeguarding concern",
            ],
        ),
        (
            "auditor",
            [
                "Referral",
                "Unscheduled care attendance",
                "Domestic abuse incident",
                "Safeguarding concern",
            ],
        ),
        ("police_officer", ["Domestic abuse incident"]),
        ("school_dsl", ["Safeguarding concern"]),
        ("health_practitioner", ["Unscheduled care attendance"]),
    ],
)
def test_it_shows_each_role_the_events_it_may_read(client, cast, story, sign_in, who, titles):
    sign_in(getattr(cast, who))
    assert timeline_titles(client, story.maya) == titles


def test_it_is_the_same_page_not_found_for_hidden_absent_and_malformed(
    client, cast, story, sign_in
):
    sign_in(cast.outsider)
    pages = [
        client.get(f"/people/{story.maya.key}"),
        client.get(f"/people/{uuid.uuid4()}"),
        client.get("/people/not-a-uuid"),
        client.get("/people/1"),
    ]
    assert [p.status_code for p in pages] == [404, 404, 404, 404]
    bodies = {p.content.decode().replace(str(story.maya.key), "") for p in pages}
    assert all("Page not found" in b for b in bodies)
    assert "Maya" not in "".join(bodies)
    assert not AccessLogEntry.objects.filter(action="view_person").exists()


def test_it_is_page_not_found_for_a_random_key_even_for_social_care(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    assert client.get(f"/people/{uuid.uuid4()}").status_code == 404
    assert client.get("/people/%20").status_code == 404


@pytest.mark.parametrize("who", ["social_worker", "police_officer", "auditor"])
def test_it_logs_every_view_of_a_record(client, cast, story, sign_in, who):
    user = getattr(cast, who)
    sign_in(user)
    client.get(f"/people/{story.maya.key}")
    client.get(f"/people/{story.maya.key}", {"purpose": "Strategy discussion"})
    entries = list(AccessLogEntry.objects.filter(action="view_person").order_by("id"))
    assert [(e.user, e.person, e.purpose) for e in entries] == [
        (user, story.maya, "Viewing the record (no reason given)"),
        (user, story.maya, "Strategy discussion"),
    ]


def test_it_logs_a_chosen_reason_in_words_and_carries_it_in_the_links(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = page_of(client, story.maya, purpose="s47")
    assert AccessLogEntry.objects.get(action="view_person").purpose == "Section 47 enquiry"
    assert "Your reason for looking: Section 47 enquiry" in page
    assert '<option value="s47" selected>Section 47 enquiry</option>' in page
    assert '<input type="hidden" name="purpose" value="s47">' in page  # the filters keep it
    assert '/people/search?purpose=s47" class="govuk-back-link"' in page


def test_it_keeps_a_reason_in_its_own_words_up_to_200_characters(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page_of(client, story.maya, purpose="  Court bundle for the final hearing  ")
    page_of(client, story.maya, purpose="x" * 300)
    assert [e.purpose for e in AccessLogEntry.objects.filter(action="view_person")] == [
        "Court bundle for the final hearing",
        "x" * 200,
    ]


def test_it_shows_the_identity_bar(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = page_of(client, story.maya)
    assert "moj-identity-bar" in page
    assert "19 January 2023" in page
    assert "943 476 5919" in page
    assert "RV2 4KS" in page
    assert ">Child</strong>" in page
    assert "Maya Hill" in page  # also known as


def test_it_labels_an_adult(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = page_of(client, story.lee)
    assert ">Adult</strong>" in page
    assert "Alleged perpetrator in this event" in page


def test_it_shows_the_household_at_the_current_address(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    response = client.get(f"/people/{story.maya.key}")
    household = response.context["household"]
    assert household.address.line1 == "27 Kiln Street"
    members = {m.person.display_name: m for m in household.members}
    assert set(members) == {"Lee Fenton", "Kerry Brooks"}
    assert members["Lee Fenton"].sources == ["Riverside Police", "Riverside Hospital"]
    assert members["Lee Fenton"].since.date().isoformat() == "2026-03-10"
    page = response.content.decode()
    assert "27 Kiln Street, Riverside, RV2 4KS" in page
    assert "Also living at this address" in page


def test_it_drops_from_the_household_someone_who_has_moved_on(client, cast, story, sign_in):
    [moved] = record(
        event_body(
            organisation=cast.police.name,
            agency="police",
            type="housing.household_change",
            occurred_at="2026-06-01T10:00:00Z",
            reported_at=None,
            subjects=[
                {
                    "ref": "p1",
                    "role": "subject",
                    "name": {"given": "Lee", "family": "Fenton"},
                    "dob": "1994-03-02",
                    "address": {"line1": "9 Canal Row", "town": "Riverside", "postcode": "RV3 9CR"},
                }
            ],
            details={"change": "adult_left"},
            summary="Lee Fenton has moved out.",
        )
    )
    assert moved.status == "created" and moved.subjects[0].person == story.lee
    sign_in(cast.social_worker)
    members = client.get(f"/people/{story.maya.key}").context["household"].members
    assert [m.person.display_name for m in members] == ["Kerry Brooks"]


def test_it_shows_relationships_both_ways_with_their_sources(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    maya_page = page_of(client, story.maya)
    assert "Mother&#x27;s partner of Maya Brooks" in maya_page
    assert "Mother of Maya Brooks" in maya_page
    lee_page = page_of(client, story.lee)
    assert "Lee Fenton is their mother&#x27;s partner" in lee_page
    rows = client.get(f"/people/{story.lee.key}").context["relationships"]
    by_name = {r.other.display_name: r for r in rows}
    assert by_name["Maya Brooks"].sources == ["Riverside Police", "Riverside Hospital"]
    assert "Kerry Brooks" in by_name


def test_it_lists_the_agencies_involved(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    involved = client.get(f"/people/{story.maya.key}").context["involved"]
    assert [(i.organisation.name, i.events) for i in involved] == [
        ("Riverside Children's Services", 1),
        ("Riverside Hospital", 1),
        ("Riverside Police", 1),
        ("Kiln Street Primary School", 1),
    ]


def test_it_shows_each_entry_in_full(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = page_of(client, story.maya)
    assert "moj-timeline__item" in page
    assert "Unscheduled care attendance" in page
    assert "by Riverside Hospital" in page
    assert '<time datetime="2026-05-04T14:05:00+00:00">4 May 2026 at 3:05pm</time>' in page
    assert "reported 4 May 2026 at 5:40pm" in page
    assert "received " in page
    assert "Burn, right hand" in page
    assert "Emergency department" in page
    assert "Child in this event" in page
    assert "ED-2026-004417" in page
    assert "Corrected — earlier versions" not in page


def test_it_shows_partners_the_social_care_panel_and_nothing_else(client, cast, story, sign_in):
    sign_in(cast.police_officer)
    response = client.get(f"/people/{story.maya.key}")
    page = response.content.decode()
    assert "Children's social care involvement" in page
    assert "Riverside Children&#x27;s Services" in page
    assert "01632 960123" in page
    for hidden in (
        "Referral from the emergency department",  # social care's own summary
        "Unscheduled care attendance",
        "Kiln Street Primary School",
        "Household",
        "Mother&#x27;s partner",
        "Agencies involved",
    ):
        assert hidden not in page, hidden
    assert "Domestic abuse incident" in page
    assert "943 476 5919" in page  # the police sent her NHS number too, so they see it


def test_it_tells_partners_when_social_care_is_not_involved(client, cast, story, sign_in):
    sign_in(cast.health_practitioner)
    page = page_of(client, story.ella)
    assert "No involvement is recorded" in page
    assert "Whom to contact" not in page


def test_it_does_not_show_the_social_care_panel_to_social_care(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    assert "Children's social care involvement" not in page_of(client, story.maya)


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"agency": "police"}, ["Domestic abuse incident"]),
        ({"agency": "health"}, ["Unscheduled care attendance"]),
        ({"type": "education.safeguarding_concern"}, ["Safeguarding concern"]),
        (
            {
                "from_day": "1",
                "from_month": "3",
                "from_year": "2026",
                "to_day": "4",
                "to_month": "5",
                "to_year": "2026",
            },
            ["Unscheduled care attendance", "Domestic abuse incident"],
        ),
        ({"from_day": "5", "from_month": "5", "from_year": "2026"}, ["Referral"]),
        ({"to_day": "1", "to_month": "2", "to_year": "2026"}, ["Safeguarding concern"]),
        ({"agency": "police", "type": "education.safeguarding_concern"}, []),
    ],
)
def test_it_filters_the_chronology(client, cast, story, sign_in, params, titles):
    sign_in(cast.social_worker)
    assert timeline_titles(client, story.maya, **params) == titles


def test_it_offers_only_the_agencies_and_types_in_the_record(client, cast, story, sign_in):
    sign_in(cast.police_officer)
    form = client.get(f"/people/{story.maya.key}").context["filters"]
    assert [c for c, _ in form.fields["agency"].choices] == ["", "police"]
    assert [c for c, _ in form.fields["type"].choices] == ["", "police.domestic_abuse_incident"]


def test_it_explains_a_bad_filter_and_shows_everything(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    response = client.get(
        f"/people/{story.maya.key}",
        {"from_day": "31", "from_month": "2", "from_year": "2026", "agency": "nonsense"},
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#from_day">The start date must be a real date</a>' in page
    assert '<a href="#agency">Choose from the list</a>' in page
    assert len(response.context["chronology"].entries) == 4


def test_it_refuses_a_date_range_that_ends_before_it_starts(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = page_of(
        client,
        story.maya,
        from_day="2",
        from_month="5",
        from_year="2026",
        to_day="1",
        to_month="5",
        to_year="2026",
    )
    assert "The end date must be the same as or after the start date" in page


def test_it_keeps_the_purpose_while_filtering(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = page_of(client, story.maya, purpose="Section 47 enquiry", agency="police")
    assert '<input type="hidden" name="purpose" value="s47">' in page  # the list's words
    page = page_of(client, story.maya, purpose="Court bundle", agency="police")
    assert '<input type="hidden" name="purpose" value="Court bundle">' in page  # its own
    assert [e.purpose for e in AccessLogEntry.objects.filter(action="view_person")] == [
        "Section 47 enquiry",
        "Court bundle",
    ]


def _correct_the_burn(story):
    from joinedup.chronology.testing import event_body as body
    from joinedup.ui.tests.story import LEE

    results = record(
        body(
            record_id=story.burn_record_id,
            subjects=[MAYA_CHILD, LEE],
            details={
                "setting": "emergency_department",
                "injury": {"kind": "scald", "site": "right hand"},
            },
            summary="Corrected: scald to right hand from a kettle, not a burn from the oven.",
        )
    )
    assert results[0].status == "corrected"


def test_it_shows_earlier_versions_of_a_corrected_entry(client, cast, story, sign_in):
    _correct_the_burn(story)
    sign_in(cast.social_worker)
    response = client.get(f"/people/{story.maya.key}")
    page = response.content.decode()
    assert "Corrected — earlier versions" in page
    assert "Corrected: scald to right hand" in page
    assert "said she touched the oven" in page  # version 1, kept
    assert "Version 1, replaced" in page
    [burn] = [
        e for e in response.context["chronology"].entries if e.record_id == story.burn_record_id
    ]
    assert burn.version == 2
    assert [v.version for v in burn.earlier] == [1]
    assert len(response.context["chronology"].entries) == 4  # still one entry per event


def test_it_shows_earlier_versions_only_to_those_who_may_read_the_event(
    client, cast, story, sign_in
):
    _correct_the_burn(story)
    sign_in(cast.police_officer)
    page = page_of(client, story.maya)
    assert "said she touched the oven" not in page
    assert "Corrected — earlier versions" not in page
    sign_in(cast.health_practitioner)
    page = page_of(client, story.maya)
    assert "said she touched the oven" in page


def test_it_loads_the_page_in_a_fixed_number_of_queries(
    client, cast, story, sign_in, django_assert_max_num_queries
):
    _correct_the_burn(story)
    sign_in(cast.social_worker)
    client.get(f"/people/{story.maya.key}")  # warm the session
    # About 37 statements: each scope check asks once whether any merge is active, so that
    # when none is, the check is one EXISTS (ADR 0016).
    with django_assert_max_num_queries(38) as few:
        client.get(f"/people/{story.maya.key}")
    baseline = len(few.captured_queries)
    record(
        *[
            event_body(
                organisation=org,
                agency=agency,
                type=f"{agency}.concern",
                occurred_at=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00Z",
                subjects=[MAYA_CHILD],
                details={"concern": f"Concern {i}", "severity": "low"},
                reported_at=None,
                summary=f"Concern number {i}",
            )
            for i, (org, agency) in enumerate(
                [(cast.hospital.name, "health"), (cast.police.name, "police")] * 30
            )
        ]
    )
    with django_assert_max_num_queries(baseline) as many:
        response = client.get(f"/people/{story.maya.key}")
    assert len(response.context["chronology"].entries) == 64
    assert len(many.captured_queries) == baseline


def test_it_shows_social_care_the_case_its_allocation_and_signals(client, cast, story, sign_in):
    from django.utils import timezone

    from joinedup.cases.models import Allocation
    from joinedup.signals.models import Signal
    from joinedup.signals.rules import RULES

    now = timezone.now()
    Allocation.objects.create(
        person=story.maya,
        worker=cast.social_worker,
        manager=cast.team_manager,
        started_at=now,
        recorded_by="test",
        recorded_at=now,
    )
    rule = next(iter(RULES))
    Signal.objects.create(
        rule=rule,
        person=story.maya,
        pattern_key="test",
        raised_at=now,
        due_at=now,
        escalate_at=now,
        sentence="Maya was seen with a burn five weeks after a domestic abuse incident.",
        created_at=now,
    )
    sign_in(cast.social_worker)
    page = page_of(client, story.maya)
    assert "Open since 5 May 2026" in page  # the referral went to assessment
    assert "Sam Okafor" in page and "Manager: Jo Whitfield" in page
    assert "seen with a burn five weeks after" in page
    assert RULES[rule].label in page


def test_it_shows_partners_neither_case_nor_signals(client, cast, story, sign_in):
    sign_in(cast.police_officer)
    page = page_of(client, story.maya)
    assert "Open since" not in page
    assert 'id="signals"' not in page
