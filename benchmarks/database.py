"""The benchmark databases: cached, fully loaded templates and a fresh copy for each run.

`joinedup_bench_t<people>_<events>_<child events>_<demo children>` holds a loaded population,
one per set of sizes (so `--quick` and full runs keep their own); its comment records them and a
fingerprint of the migrations and of the loader, so it is rebuilt only when one of them
changes, and templates with a stale fingerprint are dropped. Every run works on
`joinedup_bench`, a file copy of its template, so what a run writes (ingested events,
sessions, access-log entries) never leaks into the next.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import psycopg

BENCH_DB = "joinedup_bench"
TEMPLATE_PREFIX = "joinedup_bench_t"


def template_name(people: int, events: int, child_events: int, demo_children: int) -> str:
    return f"{TEMPLATE_PREFIX}{people}_{events}_{child_events}_{demo_children}"


REPO = Path(__file__).resolve().parent.parent
LOADER_FILES = ("population.py", "vocab.py", "feed.py", "demo_borough.py")
# The app's code the loader computes stored values with (match keys, normalised names): a
# change there makes the stored keys stale, so it rebuilds the database too.
APP_FILES = (
    "joinedup/demo/generator/*.py",  # the demo borough loaded on top (benchmarks/demo_borough.py)
    "joinedup/demo/narratives/*.py",
    "joinedup/demo/world.py",
    "joinedup/people/fictional/*.py",  # the people of the demo borough and the population
    "joinedup/people/identifiers.py",
    "joinedup/people/identity.py",
    "joinedup/people/matching/blocking.py",
    "joinedup/people/matching/records.py",
    "joinedup/people/matching/nicknames.py",
)


def fingerprint() -> str:
    """Changes whenever the schema (migrations), the loader or the app code it uses changes."""
    digest = hashlib.sha256()
    paths = sorted((REPO / "joinedup").glob("*/migrations/*.py"))
    paths += [REPO / "benchmarks" / name for name in LOADER_FILES]
    paths += [path for name in APP_FILES for path in sorted(REPO.glob(name))]
    for path in paths:
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Server:
    def __init__(self, url: str):
        self.url = url.rstrip("/")
        try:
            self.admin = psycopg.connect(f"{self.url}/postgres", autocommit=True)
        except psycopg.OperationalError as exc:
            raise SystemExit(
                f"bench: cannot reach PostgreSQL at {self.url} ({exc}). Start it, or point "
                "BENCH_POSTGRES (or --server) at a server where this user may create databases."
            ) from None

    def database_url(self, name: str) -> str:
        return f"{self.url}/{name}"

    def exists(self, name: str) -> bool:
        row = self.admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return row is not None

    def comment(self, name: str) -> dict[str, Any] | None:
        row = self.admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is None or not row[0]:
            return None
        try:
            return json.loads(row[0])
        except ValueError:
            return None

    def set_comment(self, name: str, value: dict[str, Any]) -> None:
        text = json.dumps(value, sort_keys=True).replace("'", "''")
        self.admin.execute(f"COMMENT ON DATABASE {name} IS '{text}'")

    def drop(self, name: str) -> None:
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def create(self, name: str, *, template: str | None = None) -> None:
        if template:
            self.admin.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        else:
            self.admin.execute(f"CREATE DATABASE {name}")

    def rename(self, old: str, new: str) -> None:
        self.admin.execute(f"ALTER DATABASE {old} RENAME TO {new}")

    def templates(self) -> list[str]:
        rows = self.admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s OR datname = %s",
            [TEMPLATE_PREFIX + "%", "joinedup_bench_template"],
        ).fetchall()
        return [name for (name,) in rows]

    def size(self, name: str) -> int:
        return self.admin.execute("SELECT pg_database_size(%s)", [name]).fetchone()[0]

    def facts(self) -> dict[str, str]:
        def show(setting: str) -> str:
            return self.admin.execute(f"SHOW {setting}").fetchone()[0]

        return {
            "version": show("server_version"),
            "shared_buffers": show("shared_buffers"),
            "work_mem": show("work_mem"),
            "synchronous_commit": show("synchronous_commit"),
        }
