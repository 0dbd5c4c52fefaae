"""Finding a person: spelling-tolerant names, dates, identifiers, postcodes; only in scope."""

from __future__ import annotations

import pytest

from joinedup.access.policy import scope_for
from joinedup.access.search import person_search
from joinedup.audit.models import AccessLogEntry
from joinedup.chronology.testing import event_body, record
from joinedup.ui.tests.story import MAYA_UPN


def names_found(client, **criteria) -> list[str]:
    response = client.get("/people/search", criteria)
    assert response.status_code == 200
    results = response.context["results"]
    return [hit.person.display_name for hit in results.hits] if results else []


@pytest.mark.parametrize(
    "name",
    [
        "Maya Brooks",
        "Maya Brookes",  # misspelt: same NYSIIS key
        "Mayah Bruks",  # both misspelt
        "maya brooks",
        "Brooks, Maya",
        "Brooks Maya",  # family name first
        "Maya Louise Brooks",  # a middle name is ignored
        "May Broo",  # the start of each name
        "Maya Hill",  # an alias another agency gave
    ],
)
def test_it_finds_maya_by_name_however_it_is_typed(client, cast, story, sign_in, name):
    sign_in(cast.social_worker)
    assert "Maya Brooks" in names_found(client, name=name)


def test_it_says_which_other_name_matched(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = client.get("/people/search", {"name": "Maya Hill"}).content.decode()
    assert "Found as Maya Hill" in page


def test_it_finds_a_family_by_family_name_alone(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    assert sorted(names_found(client, name="Brookes")) == [
        "Ella Brooks",
        "Kerry Brooks",
        "Maya Brooks",
    ]


def test_it_does_not_find_a_different_name(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    assert names_found(client, name="Mia Brown") == []
    assert "No people found" in client.get("/people/search", {"name": "Mia Brown"}).content.decode()


def test_it_finds_by_date_of_birth(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    assert names_found(client, dob_day="19", dob_month="1", dob_year="2023") == ["Maya Brooks"]


@pytest.mark.parametrize(
    ("identifier", "who"),
    [
        ("943 476 5919", "Maya Brooks"),
        ("9434765919", "Maya Brooks"),
        ("943-476-5919", "Maya Brooks"),
        (MAYA_UPN.lower(), "Maya Brooks"),
        ("26/123456X", "Lee Fenton"),
        ("26/123456x", "Lee Fenton"),
    ],
)
def test_it_finds_by_identifier_exactly(client, cast, story, sign_in, identifier, who):
    sign_in(cast.social_worker)
    assert names_found(client, identifier=identifier) == [who]


def test_it_does_not_match_part_of_an_identifier(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    assert names_found(client, identifier="943 476") == []


@pytest.mark.parametrize("postcode", ["RV2 4KS", "rv24ks", " Rv2  4kS "])
def test_it_finds_everyone_at_a_postcode(client, cast, story, sign_in, postcode):
    sign_in(cast.social_worker)
    assert sorted(names_found(client, postcode=postcode)) == [
        "Kerry Brooks",
        "Lee Fenton",
        "Maya Brooks",
    ]


def test_it_combines_criteria(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    assert names_found(client, name="Brooks", postcode="RV2 4KS") == ["Kerry Brooks", "Maya Brooks"]
    assert names_found(client, name="Brooks", dob_day="12", dob_month="7", dob_year="1996") == [
        "Kerry Brooks"
    ]


def test_it_shows_date_of_birth_age_sex_and_postcode(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = client.get("/people/search", {"name": "Maya Brooks"}).content.decode()
    assert "19 January 2023" in page
    assert "years old" in page
    assert "Female" in page
    assert "RV2 4KS" in page
    assert f'href="/people/{story.maya.key}"' in page


# Who finds whom: social care sees its authority; partners only people their organisation
# sent about; administrators and other authorities nobody.
EVERYONE = ["Ella Brooks", "Kerry Brooks", "Maya Brooks"]


@pytest.mark.parametrize(
    ("who", "found"),
    [
        ("social_worker", EVERYONE),
        ("colleague", EVERYONE),
        ("team_manager", EVERYONE),
        ("front_door", EVERYONE),
        ("auditor", EVERYONE),
        ("police_officer", ["Kerry Brooks", "Maya Brooks"]),
        ("school_dsl", ["Maya Brooks"]),
        ("health_practitioner", ["Ella Brooks", "Maya Brooks"]),
        ("administrator", []),
        ("outsider", []),
    ],
)
def test_it_finds_only_people_in_scope(client, cast, story, sign_in, who, found):
    sign_in(getattr(cast, who))
    assert sorted(names_found(client, name="Brooks")) == found


def test_it_never_shows_the_outsider_a_riverside_child_by_any_criterion(
    client, cast, story, sign_in
):
    sign_in(cast.outsider)
    assert names_found(client, identifier="9434765919") == []
    assert names_found(client, postcode="RV2 4KS") == []
    assert names_found(client, dob_day="19", dob_month="1", dob_year="2023") == []
    assert names_found(client, name="Noah Pike") == ["Noah Pike"]


def test_it_logs_each_search_with_its_criteria(client, cast, story, sign_in):
    sign_in(cast.police_officer)
    client.get("/people/search", {"name": "Maya Brookes", "postcode": "RV2 4KS"})
    entry = AccessLogEntry.objects.get(action="search")
    assert entry.user == cast.police_officer
    assert entry.person is None
    assert entry.purpose
    assert entry.detail == {
        "name": "Maya Brookes",
        "dob": None,
        "identifier": "",
        "postcode": "RV2 4KS",
        "results": 1,
        "page": 1,
    }
    assert "Dan Price" in entry.actor_label


def test_it_logs_nothing_for_an_empty_or_invalid_form(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    client.get("/people/search")
    client.get("/people/search", {"name": ""})
    client.get("/people/search", {"dob_day": "31", "dob_month": "2", "dob_year": "2020"})
    assert not AccessLogEntry.objects.filter(action="search").exists()


@pytest.mark.parametrize(
    ("criteria", "anchor", "message"),
    [
        (
            {"name": ""},
            "#name",
            "Enter a name, date of birth, identifier or postcode to search for",
        ),
        ({"name": "123"}, "#name", "Enter a name using letters"),
        (
            {"dob_day": "31", "dob_month": "2", "dob_year": "2020"},
            "#dob_day",
            "Date of birth must be a real date",
        ),
        ({"dob_day": "3", "dob_year": "2020"}, "#dob_month", "Date of birth must include a month"),
        (
            {"dob_day": "3", "dob_month": "4", "dob_year": "20"},
            "#dob_year",
            "Year must include 4 numbers",
        ),
        (
            {"dob_day": "3", "dob_month": "4", "dob_year": "2999"},
            "#dob_day",
            "Date of birth must be today or in the past",
        ),
        ({"postcode": "RV2"}, "#postcode", "Enter a full postcode, like RV2 4KS"),
    ],
)
def test_it_explains_what_is_wrong_with_the_search(
    client, cast, sign_in, criteria, anchor, message
):
    sign_in(cast.social_worker)
    response = client.get("/people/search", criteria)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'<a href="{anchor}">{message}</a>' in page
    assert "<title>Error: Find a person" in page


def test_it_pages_the_results(cast):
    record(
        *[
            event_body(
                subjects=[
                    {
                        "ref": "p1",
                        "role": "child",
                        "name": {"given": f"Child{chr(65 + i)}", "family": "Smith"},
                        "dob": f"2020-01-{i + 1:02d}",
                    }
                ]
            )
            for i in range(5)
        ]
    )
    scope = scope_for(cast.social_worker)
    first = person_search(scope=scope, name="Smith", size=3)
    assert (len(first.hits), first.page.total, first.page.count) == (3, 5, 2)
    second = person_search(scope=scope, name="Smith", size=3, page=2)
    assert len(second.hits) == 2 and not second.capped
    shown = [h.person.given_name for h in first.hits + second.hits]
    assert shown == [f"Child{c}" for c in "ABCDE"]  # by name, each once
    past_the_end = person_search(scope=scope, name="Smith", size=3, page=9)
    assert past_the_end.page.number == 2  # the last page, not an empty one


def test_it_says_on_the_page_when_results_are_capped(client, cast, sign_in, monkeypatch):
    record(
        *[
            event_body(
                subjects=[
                    {
                        "ref": "p1",
                        "role": "child",
                        "name": {"given": "Sam", "family": "Jones"},
                        "dob": f"2020-02-{i + 1:02d}",
                    }
                ]
            )
            for i in range(3)
        ]
    )
    monkeypatch.setattr("joinedup.access.search.NAME_CANDIDATES", 2)
    sign_in(cast.social_worker)
    page = client.get("/people/search", {"name": "Jones"}).content.decode()
    assert "More than 2 people found" in page
    assert "More than 2 people match" in page
    page = client.get("/people/search", {"name": "Sam Jones"}).content.decode()
    assert "3 people found" in page and "More than 2" not in page  # two words narrow exactly


def test_it_links_to_the_next_page_keeping_the_search(client, cast, sign_in, monkeypatch):
    record(
        *[
            event_body(
                subjects=[
                    {
                        "ref": "p1",
                        "role": "child",
                        "name": {"given": f"Sam{chr(65 + i)}", "family": "Jones"},
                        "dob": f"2020-02-{i + 1:02d}",
                    }
                ]
            )
            for i in range(5)
        ]
    )
    monkeypatch.setattr("joinedup.ui.views.SEARCH_LIMIT", 2)
    sign_in(cast.social_worker)
    page = client.get("/people/search", {"name": "Jones", "purpose": "s47"}).content.decode()
    assert "5 people found" in page and "Showing 1 to 2" in page
    assert 'href="?name=Jones&amp;purpose=s47&amp;page=2" rel="next"' in page
    page = client.get(
        "/people/search", {"name": "Jones", "purpose": "s47", "page": "3"}
    ).content.decode()
    assert "Showing 5 to 5" in page and "SamE" in page and "SamA" not in page
    assert 'aria-current="page">3</a>' in page


def test_it_tells_an_account_without_a_role_it_has_no_access(client, cast, sign_in):
    from django.contrib.auth.models import User

    User.objects.create_user(username="norole", password="correct-horse-battery")
    client.post("/sign-in", {"username": "norole", "password": "correct-horse-battery"})
    page = client.get("/people/search", {"name": "Maya"}).content.decode()
    assert "Your account does not give access to people" in page


def test_it_matches_the_start_of_a_name_ending_in_z(client, cast, sign_in):
    record(
        event_body(
            subjects=[
                {
                    "ref": "p1",
                    "role": "child",
                    "name": {"given": "Lizzie", "family": "Fitzroy"},
                    "dob": "2021-03-03",
                }
            ]
        )
    )
    sign_in(cast.social_worker)
    assert names_found(client, name="Liz Fitz") == ["Lizzie Fitzroy"]
    assert names_found(client, name="Fitz") == ["Lizzie Fitzroy"]


def test_it_logs_the_reason_for_a_search_and_passes_it_to_the_records_found(
    client, cast, story, sign_in
):
    sign_in(cast.social_worker)
    page = client.get("/people/search", {"name": "Maya Brooks", "purpose": "strategy"})
    assert f'/people/{story.maya.key}?purpose=strategy"' in page.content.decode()
    entry = AccessLogEntry.objects.get(action="search")
    assert entry.purpose == "Strategy discussion"


def test_it_says_no_reason_was_given_rather_than_invent_one(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = client.get("/people/search", {"name": "Maya Brooks"}).content.decode()
    assert f'/people/{story.maya.key}"' in page
    assert AccessLogEntry.objects.get(action="search").purpose == (
        "Finding a person's record (no reason given)"
    )


def test_coming_back_with_a_reason_alone_is_not_a_search(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = client.get("/people/search", {"purpose": "s47"}).content.decode()
    assert "govuk-error-summary" not in page
    assert '<option value="s47" selected>Section 47 enquiry</option>' in page
    assert not AccessLogEntry.objects.filter(action="search").exists()


def test_it_refuses_a_reason_that_is_not_on_the_list(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    page = client.get("/people/search", {"name": "Maya", "purpose": "curiosity"})
    assert "Choose a reason from the list" in page.content.decode()
    assert not AccessLogEntry.objects.filter(action="search").exists()
