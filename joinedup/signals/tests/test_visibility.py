"""The signal lists are the access policy's filters over the signals tables (ADR 0016): each
signal is checked on its own person with one index probe, without statistics."""

from __future__ import annotations

import pytest

from joinedup.access.policy import scope_for
from joinedup.access.testing import (
    assert_each_row_probes_its_own_person,
    maya_at_hospital_and_school,
)
from joinedup.signals.visibility import notifications_visible, signals_inbox, signals_visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(cast) -> None:
    maya_at_hospital_and_school(cast.school.name)


@pytest.mark.parametrize("who", ["social_worker", "police_officer"])
def test_it_checks_each_signal_on_its_own_person_without_statistics(cast, maya, who):
    scope = scope_for(getattr(cast, who))
    assert scope is not None
    reads = [signals_visible(scope), signals_inbox(scope), notifications_visible(scope)]
    assert_each_row_probes_its_own_person(scope, reads)
