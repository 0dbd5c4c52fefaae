"""The demo borough on SQLite, built exactly as `make demo` builds it, cached, copied fresh.

`scripts/demo` runs `joinedup migrate`, `joinedup demo-data --children N` and `joinedup
signals evaluate` against `var/joinedup.sqlite3`; this runs the same commands, with the same
`joinedup` executable, against `var/bench/demo-<N>.sqlite3`. The file is kept and reused while
the app's code (every module under joinedup/, migrations included) and the day are the same;
each run works on a copy, so what one run writes never reaches the next.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "var" / "bench"
JOINEDUP = Path(sys.executable).with_name("joinedup")


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted((REPO / "joinedup").rglob("*.py")):
        if "tests" in path.parts:
            continue
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _build(path: Path, children: int, log: Callable[[str], None]) -> float:
    _remove(path)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    started = time.perf_counter()
    for command in (
        ["migrate", "--noinput"],
        ["demo-data", "--children", str(children)],
        ["signals", "evaluate"],
    ):
        log(f"  joinedup {' '.join(command)}")
        done = subprocess.run(  # noqa: S603 (the project's own command)
            [str(JOINEDUP), *command],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise SystemExit(f"bench: joinedup {command[0]} failed:\n{done.stdout}{done.stderr}")
    # Fold the write-ahead log into the file, so one file is the whole database.
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def prepare(*, children: int, rebuild: bool, log: Callable[[str], None]) -> tuple[Path, list[str]]:
    """The demo database (built now or reused), and what the report says of it."""
    CACHE.mkdir(parents=True, exist_ok=True)
    template = CACHE / f"demo-{children}.sqlite3"
    meta_path = template.with_suffix(".json")
    key = {"children": children, "code": fingerprint(), "day": date.today().isoformat()}
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if meta.get("key") == key and template.exists() and not rebuild:
        log(f"database: reusing {template.relative_to(REPO)} (built {meta['built_at']})")
        how = f"reused the file built {meta['built_at']} in {meta['seconds']:.0f} s"
    else:
        log(f"database: building {template.relative_to(REPO)} as make demo does")
        seconds = _build(template, children, log)
        meta = {
            "key": key,
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "seconds": seconds,
        }
        meta_path.write_text(json.dumps(meta))
        how = f"built now in {seconds:.0f} s"
    with sqlite3.connect(template) as db:
        counts = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in (
                "people_person",
                "chronology_eventversion",
                "signals_signal",
                "people_identityreview",
                "audit_accesslogentry",
            )
        }
    notes = [
        f"the demo borough as `make demo` builds it ({children:,} children: joinedup migrate, "
        f"demo-data, signals evaluate, then ANALYZE as demo-data runs it); {how}; "
        f"{template.stat().st_size / 2**20:,.0f} MiB; each run works on a fresh copy",
        "rows: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()),
    ]
    return template, notes


def fresh_copy(template: Path, name: str) -> Path:
    """A copy of the demo database for one benchmark to write to."""
    target = CACHE / name
    _remove(target)
    shutil.copyfile(template, target)
    return target
