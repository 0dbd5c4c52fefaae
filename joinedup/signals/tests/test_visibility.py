"""The signal lists are the access policy's filters over the signals tables (ADR 0016): each
signal is checked on its own person with one index probe, without statistics."""

from __future__ import annotations

import pytest
from django.db import connection

from joinedup.access.policy import scope_for
from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.signals.visibility import notifications_visible, signals_inbox, signals_visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(cast) -> None:
    """Maya is known to the hospital (an ED visit) and the school (a concern), not the police."""
    record(event_body(record_id="ED-1"))
    record(
        event_body(
            organisation=cast.school.name,
            agency="education",
            type="education.safeguarding_concern",
            subjects=[MAYA],
            details={"concern": "Arrives hungry most days"},
        )
    )


def _plan(queryset) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


@pytest.mark.parametrize("who", ["social_worker", "police_officer"])
def test_it_checks_each_signal_on_its_own_person_without_statistics(cast, maya, who):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans by its statistics")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 0  # no statistics
    scope = scope_for(getattr(cast, who))
    column, table = (
        ("authority_id", "people_personauthority")
        if who == "social_worker"
        else ("organisation_id", "people_personorganisation")
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pragma_index_list(%s)", [table])
        indexes = [row[0] for row in cursor.fetchall()]
    for queryset in (signals_visible(scope), signals_inbox(scope), notifications_visible(scope)):
        plan = _plan(queryset)
        probes = [line for line in plan if any(index in line for index in indexes)]
        assert probes, plan  # the table is read through one of its indexes, never scanned
        # ...on both columns: the row's own person, and the scope's authority or organisation
        assert all(f"{column}=?" in line and "person_id=?" in line for line in probes), plan
