"""When a load is followed by ANALYZE (ADR 0016)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.core.statistics import statistics_refresh_after

pytestmark = pytest.mark.django_db


def _analysed(**load: int) -> bool:
    with CaptureQueriesContext(connection) as queries:
        ran = statistics_refresh_after(**load)
    assert ran is any(q["sql"] == "ANALYZE" for q in queries.captured_queries)
    return ran


def test_it_analyses_nothing_after_a_load_that_stored_nothing():
    assert not _analysed(stored=0, held_before=0)


def test_it_analyses_an_empty_database_after_its_first_load():
    assert _analysed(stored=3, held_before=0)


def test_it_analyses_postgresql_after_a_load_of_a_tenth_and_sqlite_after_any():
    assert _analysed(stored=100_000, held_before=1_000_000)
    small = _analysed(stored=99_999, held_before=1_000_000)
    assert small is (connection.vendor == "sqlite")  # autovacuum keeps PostgreSQL's
