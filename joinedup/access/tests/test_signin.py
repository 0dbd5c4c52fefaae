"""Sign-in throttling: password guessing is stopped at the form, and tells a guesser nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from joinedup.access.models import SignInAttempt
from joinedup.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "too many failed attempts to sign in"
WRONG = "The username or password is not right"


def attempt(client: Client, username: str, password: str, address: str = "10.0.0.7") -> str:
    response = client.post(
        "/sign-in", {"username": username, "password": password}, REMOTE_ADDR=address
    )
    if response.status_code == 302:
        return "signed in"
    return response.content.decode()


def age_attempts(minutes: int) -> None:
    for row in SignInAttempt.objects.all():
        row.at -= timedelta(minutes=minutes)
        row.save(update_fields=["at"])


def test_after_five_failures_even_the_right_password_is_refused_for_the_window(cast, client):
    for _ in range(5):
        assert WRONG in attempt(client, "sw", "guess")
    page = attempt(client, "sw", PASSWORD)
    assert LOCKED in page and "Wait 15 minutes" in page
    assert "_auth_user_id" not in client.session
    assert SignInAttempt.objects.count() == 5  # refused unchecked, and not counted
    age_attempts(16)
    assert attempt(client, "sw", PASSWORD) == "signed in"


def test_the_lock_is_the_same_for_a_username_that_belongs_to_nobody(cast, client):
    for _ in range(5):
        assert WRONG in attempt(client, "nobody-here", "guess")
    assert LOCKED in attempt(client, "nobody-here", "guess")
    assert LOCKED in attempt(client, "NOBODY-HERE ", "guess")  # as typed, any case
    assert attempt(client, "sw", PASSWORD) == "signed in"  # others are not locked out


def test_signing_in_well_starts_the_count_again(cast, client):
    for _ in range(4):
        attempt(client, "sw", "guess")
    assert attempt(client, "sw", PASSWORD) == "signed in"
    client.logout()
    for _ in range(4):
        assert WRONG in attempt(client, "sw", "guess")
    assert attempt(client, "sw", PASSWORD) == "signed in"


def test_one_address_trying_many_usernames_is_stopped(cast, client, settings):
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 6
    for n in range(6):
        assert WRONG in attempt(client, f"user{n}", "guess", address="192.0.2.9")
    assert LOCKED in attempt(client, "sw", PASSWORD, address="192.0.2.9")
    assert attempt(client, "sw", PASSWORD, address="198.51.100.4") == "signed in"


def test_behind_a_proxy_each_client_is_counted_by_the_address_the_proxy_gives(
    cast, client, settings
):
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 3
    settings.SIGN_IN_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = "10.9.9.9"
    for n in range(3):
        client.post(
            "/sign-in",
            {"username": f"user{n}", "password": "guess"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5",  # the first part is the client's say
        )
    assert set(SignInAttempt.objects.values_list("address", flat=True)) == {"203.0.113.5"}
    response = client.post(
        "/sign-in",
        {"username": "sw", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert response.status_code == 302
