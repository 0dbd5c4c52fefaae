"""Signing in and out, and that every other page needs a signed-in user."""

from __future__ import annotations

import uuid

import pytest

from joinedup.conftest import PASSWORD


def test_it_shows_the_sign_in_form(client, db):
    response = client.get("/sign-in")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sign in to JoinedUp" in page
    assert 'autocomplete="current-password"' in page
    assert "govuk-error-summary" not in page


def test_it_signs_in_and_goes_to_search(client, cast):
    response = client.post("/sign-in", {"username": "sw", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/people/search"
    page = client.get("/people/search").content.decode()
    assert "Sam Okafor" in page
    assert "Social worker, Riverside Children&#x27;s Services" in page


def test_it_names_the_problem_in_an_error_summary(client, cast):
    response = client.post("/sign-in", {"username": "sw", "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The username or password is not right" in page
    assert '<a href="#username">' in page
    assert "<title>Error: Sign in" in page
    assert "_auth_user_id" not in client.session


def test_it_asks_for_each_missing_field(client, cast):
    page = client.post("/sign-in", {"username": "", "password": ""}).content.decode()
    assert '<a href="#username">Enter your username</a>' in page
    assert '<a href="#password">Enter your password</a>' in page
    assert "govuk-input--error" in page


def test_it_goes_back_where_the_user_was_going(client, cast):
    response = client.post(
        "/sign-in?next=/people/search%3Fname%3DMaya",
        {"username": "sw", "password": PASSWORD, "next": "/people/search?name=Maya"},
    )
    assert response["Location"] == "/people/search?name=Maya"


def test_it_ignores_a_next_address_on_another_site(client, cast):
    response = client.post(
        "/sign-in", {"username": "sw", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_it_signs_out_only_by_post(client, cast, sign_in):
    sign_in(cast.social_worker)
    assert client.get("/sign-out").status_code == 405
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in?signed-out=1"
    assert "You have signed out" in client.get(response["Location"]).content.decode()
    assert client.get("/people/search").status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/people/search",
        "/people/search?name=Maya",
        f"/people/{uuid.uuid4()}",
        "/session/keep-alive",
    ],
)
def test_it_sends_the_signed_out_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=")


def test_it_keeps_the_session_alive_on_request(client, cast, sign_in):
    sign_in(cast.social_worker)
    assert client.get("/session/keep-alive").status_code == 204


def test_it_tells_the_page_when_the_session_will_time_out(client, cast, sign_in, settings):
    sign_in(cast.social_worker)
    page = client.get("/people/search").content.decode()
    assert f'data-session-timeout="{settings.SESSION_COOKIE_AGE}"' in page
    assert 'id="session-timeout-warning"' in page
