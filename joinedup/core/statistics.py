"""Fresh planner statistics after a bulk load, so the first query after it is planned well.

Both databases choose an index by what they believe a table holds. Straight after a load of
thousands of rows that belief is stale: SQLite has no statistics at all until ANALYZE runs,
and PostgreSQL's autovacuum analyses a table only once a tenth of it has changed, and then
after up to a minute. `joinedup ingest`, `joinedup demo-data` and the API's bulk endpoint call
`statistics_refresh_after` when they finish (ADR 0016).
"""

from __future__ import annotations

from django.db import connection, models

# Rows SQLite samples per index: enough to tell a selective index from a poor one, and the
# ANALYZE stays well under a second however large the file grows (ADR 0016).
SQLITE_ANALYSIS_LIMIT = 1000
# A load that adds this share of what a table held (PostgreSQL's autovacuum_analyze_scale_factor
# by default) changes what the planner should believe; a smaller one is left to autovacuum.
GROWTH = 0.1


def statistics_refresh() -> None:
    """ANALYZE the whole database (SQLite: each index sampled; PostgreSQL: each table)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def rows_estimate(model: type[models.Model]) -> int:
    """About how many rows a table holds: PostgreSQL's estimate (no scan; 0 before the first
    ANALYZE), SQLite's count."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass",
                [table],
            )
        else:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (a model's table)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def statistics_refresh_after(*, stored: int, held_before: int) -> bool:
    """After a load that stored `stored` rows into tables that held `held_before`: ANALYZE on
    SQLite whenever anything was stored (nothing else ever does, and it takes milliseconds);
    on PostgreSQL when the load grew them by a tenth or more (a whole ANALYZE takes seconds at
    scale: worth it when the planner would otherwise be wrong, not after every small batch). Returns
    whether it ran."""
    if stored <= 0:
        return False
    if connection.vendor == "sqlite" or stored >= GROWTH * held_before:
        statistics_refresh()
        return True
    return False
