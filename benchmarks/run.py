"""`scripts/bench`: every benchmark on both databases, one report (options: benchmarks/options.py).

Each database is a leg in a process of its own (Django sets its database once a process):
`benchmarks.leg_sqlite` (the demo borough as `make demo` builds it) and
`benchmarks.leg_postgresql` (1,000,000 people and events with the demo borough on top). Each
writes its figures as JSON; this prints them as one table, writes benchmarks/results/latest.md
and latest.json, and exits 1 if any figure missed its target or could not be measured.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from benchmarks import options, report
from benchmarks.measure import RESULTS


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = options.parser().parse_args(argv)
    legs = list(options.DATABASES) if args.database == "both" else [args.database]
    passthrough = [a for a in argv if not a.startswith("--database=")]
    if "--database" in passthrough:  # the legs are told their database by their module
        i = passthrough.index("--database")
        del passthrough[i : i + 2]
    started_at, started = report.now(), time.perf_counter()
    RESULTS.mkdir(exist_ok=True)
    results = []
    for leg in legs:
        out = RESULTS / f"leg-{leg}.json"
        out.unlink(missing_ok=True)
        log(f"== {leg}")
        done = subprocess.run(  # noqa: S603 (this interpreter, the project's own module)
            [sys.executable, "-m", f"benchmarks.leg_{leg}", *passthrough, "--out", str(out)],
            check=False,
        )
        if out.exists():
            results.append(json.loads(out.read_text()))
        else:
            title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[leg]
            results.append({"title": title, "error": f"the leg stopped (exit {done.returncode})"})
    seconds = time.perf_counter() - started
    text = report.render_all(results, quick=args.quick, started_at=started_at, seconds=seconds)
    print(text)
    path = report.write(text, {"started_at": started_at, "seconds": seconds, "legs": results})
    log(f"written to {path}")
    sys.exit(0 if report.passed(results) else 1)
