"""What `scripts/bench` takes, shared by the run and each database's leg.

    scripts/bench                 both databases, full sizes: the demo borough on SQLite as
                                  `make demo` builds it; 1,000,000 people and events on
                                  PostgreSQL with the demo borough on top
    scripts/bench --quick         smoke run of the harness, a few minutes
    scripts/bench --database sqlite        one database only (sqlite or postgresql)
    scripts/bench --only pages    one benchmark (pages, load, visit, page, search, identity,
                                  ingest); repeatable
    scripts/bench --people N --events N --child-events N --ingest-events N --demo-children N
    scripts/bench --rebuild       rebuild the cached databases even if they fit
    scripts/bench --profile       also write cProfile output to benchmarks/results/
    scripts/bench --only search --no-fresh-copy   keep joinedup_bench as it is, e.g. to
                                  measure an index created on it by hand (psql)

Exit status: 0 when every figure ran and met its target, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

FULL = {
    "people": 1_000_000,
    "events": 1_000_000,
    "child_events": 2_000,
    "ingest_events": 20_000,
    "page_requests": 60,
    "search_queries": 200,
    "identity_records": 400,
    "demo_children": 5_000,
    "requests": 20,
    "users": 20,
    "load_seconds": 60,
    "visits": 5,
}
QUICK = {
    "people": 30_000,
    "events": 30_000,
    "child_events": 300,
    "ingest_events": 2_000,
    "page_requests": 10,
    "search_queries": 40,
    "identity_records": 80,
    "demo_children": 500,
    "requests": 5,
    "users": 20,
    "load_seconds": 15,
    "visits": 2,
}
# pages: every page as every role (both databases); load: concurrent users on the demo
# (SQLite); visit: a visit recorded on a phone, in Chromium (SQLite); the rest are
# PostgreSQL's scale figures.
BENCHMARKS = ("pages", "load", "visit", "page", "search", "identity", "ingest")
DATABASES = ("sqlite", "postgresql")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/bench", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--database", choices=(*DATABASES, "both"), default="both")
    for name in FULL:
        parser.add_argument("--" + name.replace("_", "-"), type=int, dest=name)
    parser.add_argument("--only", action="append", choices=BENCHMARKS)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--no-fresh-copy",
        action="store_true",
        help="reuse joinedup_bench as it is (for trying an index on it by hand)",
    )
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (superuser) holding the joinedup_bench databases",
    )
    parser.add_argument("--out", help="(a leg) where to write its results as JSON")
    return parser


def sizes_of(args: argparse.Namespace) -> dict[str, Any]:
    sizes: dict[str, Any] = dict(QUICK if args.quick else FULL)
    sizes.update({k: getattr(args, k) for k in FULL if getattr(args, k) is not None})
    sizes["people"] = 3 * -(-sizes["people"] // 3)  # whole households of three
    return sizes


def chosen(args: argparse.Namespace) -> list[str]:
    return list(args.only or BENCHMARKS)
