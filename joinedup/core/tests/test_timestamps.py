"""`timestamptz` read by psycopg's C loader: the same datetimes Django's loader gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from joinedup.core import timestamps

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's loaders"),
]

SQL = """
SELECT v FROM (VALUES
  ('2026-03-29 00:59:59.999999+00'::timestamptz), ('2026-03-29 01:00:00+00'),
  ('2026-10-25 01:30:00+01'), ('2015-03-12 09:30:00.5-05:00'), ('1900-01-01 00:00:00+00'),
  ('0001-01-01 00:00:00+00'), ('9999-12-31 23:59:59.999999+00'), (NULL)
) AS t(v)
"""
EXPECTED = [
    datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    datetime(2015, 3, 12, 9, 30, 0, 500000, tzinfo=timezone(timedelta(hours=-5))),
    datetime(1900, 1, 1, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    None,
]


def _read(*, djangos: bool) -> list[datetime | None]:
    with connection.cursor() as cursor:
        if djangos:  # what Django would have read, registered on this cursor only
            cursor.cursor.adapters.register_loader("timestamptz", _django_loader())
        cursor.execute(SQL)
        return [row[0] for row in cursor.fetchall()]


def _django_loader() -> type:
    class DjangoUtc(BaseTzLoader):
        timezone = connection.timezone

    return DjangoUtc


@pytest.mark.skipif(timestamps._C_LOADER is None, reason="psycopg without its C implementation")
def test_the_connection_reads_timestamps_with_the_c_loader():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(loader_oid(), 0)
    assert loader is timestamps.UtcTimestamptzLoader
    # the cursor keeps it: Django re-registers its own only when the time zones differ
    with connection.cursor() as cursor:
        assert cursor.cursor.adapters.get_loader(loader_oid(), 0) is loader


def loader_oid() -> int:
    return connection.connection.adapters.types["timestamptz"].oid


def test_it_reads_the_same_moments_as_django_s_loader_in_utc():
    mine, djangos = _read(djangos=False), _read(djangos=True)
    assert mine == djangos == EXPECTED
    assert [v.tzinfo for v in mine if v] == [UTC] * 7 == [v.tzinfo for v in djangos if v]
