from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from joinedup.conftest import PASSWORD, Cast
from joinedup.ui.tests.story import Story, maya_story


@pytest.fixture
def story(cast: Cast) -> Story:
    return maya_story(cast)


@pytest.fixture
def sign_in(client: Client):
    """Sign a cast member in through the real form; returns the client."""

    def go(user: User) -> Client:
        response = client.post("/sign-in", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:2000]
        return client

    return go
