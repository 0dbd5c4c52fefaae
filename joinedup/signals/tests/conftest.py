from __future__ import annotations

from typing import Any

import pytest

from joinedup.chronology.testing import record
from joinedup.core.calendar import local_date
from joinedup.signals.models import Signal


@pytest.fixture
def live(django_capture_on_commit_callbacks):
    """Record events one transaction at a time, running the after-commit hooks as production
    does (the test's own transaction would otherwise swallow them)."""

    def send(*bodies: dict[str, Any]) -> None:
        for body in bodies:
            with django_capture_on_commit_callbacks(execute=True):
                [result] = record(body)
            assert result.status in ("created", "corrected", "unchanged"), result.as_dict()

    return send


def raised() -> list[tuple[str, str, str]]:
    """Every signal as (rule, child's given name, day raised, London time)."""
    return sorted(
        (s.rule, s.person.given_name, local_date(s.raised_at).isoformat())
        for s in Signal.objects.select_related("person")
    )


@pytest.fixture
def cast(cast):
    """The shared cast, with every organisation the timelines name registered in Riverside."""
    from joinedup.core.models import Organisation
    from joinedup.signals.tests.timelines import ORGS

    for agency, name in ORGS.values():
        Organisation.objects.get_or_create(
            name=name, defaults={"agency": agency, "authority": cast.riverside}
        )
    return cast
