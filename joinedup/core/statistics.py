"""Fresh planner statistics after a bulk load, so the first query after it is planned well.

Both databases choose an index by what they believe a table holds. Straight after a load of
thousands of rows that belief is stale: SQLite has no statistics at all until ANALYZE runs,
and PostgreSQL's autovacuum catches up only after a minute or so. `joinedup ingest` and
`joinedup demo-data` call this when they finish (ADR 0016).
"""

from __future__ import annotations

from django.db import connection

# Rows SQLite samples per index: enough to tell a selective index from a poor one, and the
# ANALYZE stays well under a second however large the file grows.
SQLITE_ANALYSIS_LIMIT = 1000


def statistics_refresh() -> None:
    """ANALYZE the whole database (SQLite: each index sampled; PostgreSQL: each table)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
