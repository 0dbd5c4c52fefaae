"""`timestamptz` read by psycopg's own C loader instead of Django's Python one.

Django registers a loader for `timestamptz` on each PostgreSQL connection that parses the
text in Python (psycopg's pure-Python loader, a regular expression per value) and then sets
the time zone it wants. With `USE_TZ` and the database's time zone left as UTC, which is how
JoinedUp runs, that is what psycopg's C loader returns anyway: the session's zone is UTC and
it gives `datetime.timezone.utc`. Parsing in C is five to six times quicker, and a child's
chronology or a signal evaluation reads thousands of these (ADR 0015).

`loader_install` is connected to `connection_created`; it changes nothing unless the
connection is PostgreSQL in UTC and psycopg's C implementation is there.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

try:
    import psycopg
    from psycopg import postgres
    from psycopg.adapt import Loader
    from psycopg.pq import Format
except ImportError:  # SQLite only: nothing to install
    psycopg = None  # type: ignore[assignment]


def _c_loader() -> Any:
    """psycopg's C loader for `timestamptz` as text, or None without the C implementation."""
    if psycopg is None or psycopg.pq.__impl__ not in ("c", "binary"):
        return None
    loader = postgres.adapters.get_loader(postgres.types["timestamptz"].oid, Format.TEXT)
    return loader if loader is not None and loader.__module__.startswith("psycopg_") else None


_C_LOADER = _c_loader()

if _C_LOADER is not None:

    class UtcTimestamptzLoader(Loader):
        """Delegates to a C loader instance; `timezone` is what Django's cursor compares with
        its own before deciding whether to register its loader again on the cursor."""

        timezone = UTC

        def __init__(self, oid: int, context: Any = None):
            super().__init__(oid, context)
            self._c = _C_LOADER(oid, context)
            # An instance attribute, so each value goes straight to C with no Python frame.
            self.load = self._c.load  # type: ignore[method-assign]

        def load(self, data: Any) -> Any:  # shadowed by the instance's own, above
            return self._c.load(data)


def loader_install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if (
        _C_LOADER is None
        or connection.vendor != "postgresql"
        or connection.timezone != UTC
        or connection.connection.info.parameter_status("TimeZone") != "UTC"
    ):
        return
    connection.connection.adapters.register_loader("timestamptz", UtcTimestamptzLoader)
