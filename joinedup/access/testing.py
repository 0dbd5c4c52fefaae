"""What the tests of access, and of the apps that apply its filters, share: one child known to
two agencies, and the check that a scope filter probes each row's own person (ADR 0016)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from joinedup.access.policy import Scope
from joinedup.chronology.testing import MAYA, event_body, record


def maya_at_hospital_and_school(school: str) -> None:
    """Maya is known to the hospital (an ED visit) and the school (a concern), not the police."""
    record(event_body(record_id="ED-1"))
    record(
        event_body(
            organisation=school,
            agency="education",
            type="education.safeguarding_concern",
            subjects=[MAYA],
            details={"concern": "Arrives hungry most days"},
        )
    )


def assert_each_row_probes_its_own_person(scope: Scope, querysets: list[Any]) -> None:
    """With no statistics at all, SQLite reads each queryset's scope check through an index on
    both the row's own person and the scope's authority (`people_personauthority`, ADR 0019)
    or organisation (`people_personorganisation`): one probe per row, never a whole list."""
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans by its statistics")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 0  # no statistics
    column, table = (
        ("authority_id", "people_personauthority")
        if scope.sees_all_agencies
        else ("organisation_id", "people_personorganisation")
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pragma_index_list(%s)", [table])
        indexes = [row[0] for row in cursor.fetchall()]
    for queryset in querysets:
        plan = _plan(queryset)
        probes = [line for line in plan if any(index in line for index in indexes)]
        assert probes, plan  # the table is read through one of its indexes, never scanned
        # ...on both columns: the row's own person, and the scope's authority or organisation
        assert all(f"{column}=?" in line and "person_id=?" in line for line in probes), plan


def _plan(queryset: Any) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]
