"""`scripts/bench`: load (or reuse) the benchmark database, run every benchmark, report.

    scripts/bench                 full run: 1,000,000 people, 1,000,000 events
    scripts/bench --quick         smoke run of the harness, about a minute
    scripts/bench --people N --events N --child-events N --ingest-events N
    scripts/bench --only page     one benchmark (ingest, page, search); repeatable
    scripts/bench --rebuild       reload the database even if the cached one fits
    scripts/bench --profile       also write cProfile output to benchmarks/results/
    scripts/bench --only search --no-fresh-copy   keep joinedup_bench as it is, e.g. to
                                  measure an index created on it by hand (psql)

Exit status: 0 when every figure that ran met its target, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

FULL = {
    "people": 1_000_000,
    "events": 1_000_000,
    "child_events": 2_000,
    "ingest_events": 20_000,
    "page_requests": 60,
    "search_queries": 200,
    "identity_records": 400,
}
QUICK = {
    "people": 30_000,
    "events": 30_000,
    "child_events": 300,
    "ingest_events": 2_000,
    "page_requests": 10,
    "search_queries": 40,
    "identity_records": 80,
}
BENCHMARKS = ("page", "search", "identity", "ingest")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/bench", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small smoke run")
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
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    sizes: dict[str, Any] = dict(QUICK if args.quick else FULL)
    sizes.update({k: getattr(args, k) for k in FULL if getattr(args, k) is not None})
    sizes["people"] = 3 * -(-sizes["people"] // 3)  # whole households of three

    from benchmarks.database import BENCH_DB, Server

    server = Server(args.server)
    os.environ["DATABASE_URL"] = server.database_url(BENCH_DB)
    os.environ["DJANGO_SETTINGS_MODULE"] = "joinedup.settings"
    os.environ["DEBUG"] = "False"  # no query log
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from benchmarks import report

    started_at, started = report.now(), time.perf_counter()
    load_at_start = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    phases: dict[str, float] = {}
    loading = prepare(server, sizes, rebuild=args.rebuild, fresh=not args.no_fresh_copy)
    phases["database"] = time.perf_counter() - started

    figures = run_benchmarks(args, sizes, phases)
    seconds = time.perf_counter() - started
    text = report.render(
        figures=figures,
        facts=report.machine(server.facts()) | {"load average at the start": load_at_start},
        sizes=sizes,
        loading=loading,
        quick=args.quick,
        started_at=started_at,
        seconds=seconds,
        phases=phases,
    )
    print(text)
    path = report.write(
        text, {"sizes": sizes, "started_at": started_at, "seconds": seconds}, figures
    )
    log(f"written to {path}")
    sys.exit(0 if all(f.passed for f in figures if not f.error) else 1)


def prepare(server: Any, sizes: dict[str, Any], *, rebuild: bool, fresh: bool) -> list[str]:
    """Reuse the cached template if its sizes and fingerprint match, else build it; copy it."""
    from django.core.management import call_command
    from django.db import connection, connections

    from benchmarks import population
    from benchmarks.database import BENCH_DB, fingerprint, template_name

    key = {
        "people": sizes["people"],
        "events": sizes["events"],
        "child_events": sizes["child_events"],
        "fingerprint": fingerprint(),
    }
    template = template_name(sizes["people"], sizes["events"], sizes["child_events"])
    cached = server.comment(template)
    if cached and cached.get("key") == key and not rebuild:
        log(f"database: reusing {template} (built {cached['built_at']})")
        how = f"reused the cached database built {cached['built_at']} in {cached['seconds']:.0f} s"
    else:
        log(f"database: building {template} for {key}")
        started = time.perf_counter()
        connections.close_all()
        server.drop(BENCH_DB)
        for name in server.templates():  # this one, and any the current code cannot use
            stale = (server.comment(name) or {}).get("key", {}).get("fingerprint") != key[
                "fingerprint"
            ]
            if name == template or stale:
                server.drop(name)
        server.create(BENCH_DB)
        call_command("migrate", verbosity=0, interactive=False)
        log(f"  migrated in {time.perf_counter() - started:.1f}s")
        population.cast_create()
        counts = population.background_load(people=sizes["people"], events=sizes["events"], log=log)
        step = time.perf_counter()
        sent = population.target_child_load(child_events=sizes["child_events"], log=log)
        app_seconds = time.perf_counter() - step
        step = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("VACUUM (ANALYZE)")
        log(f"  vacuum analyze in {time.perf_counter() - step:.1f}s")
        connections.close_all()
        server.rename(BENCH_DB, template)
        cached = {
            "key": key,
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "seconds": time.perf_counter() - started,
            "counts": counts,
            "target_child_sent": sent,
            "target_child_seconds": app_seconds,
            "bytes": server.size(template),
        }
        server.set_comment(template, cached)
        how = f"built now in {cached['seconds']:.0f} s"
    connections.close_all()
    if fresh or not server.exists(BENCH_DB):
        started = time.perf_counter()
        server.drop(BENCH_DB)
        server.create(BENCH_DB, template=template)
        log(f"database: fresh copy {BENCH_DB} in {time.perf_counter() - started:.1f}s")
        copy = f"each run works on a fresh file copy ({BENCH_DB}), so nothing a run writes "
        copy += "reaches the next"
    else:
        log(f"database: {BENCH_DB} reused as it is (--no-fresh-copy)")
        copy = f"{BENCH_DB} reused as the last run left it (--no-fresh-copy)"
    counts = cached["counts"]
    return [
        f"database {how}; {cached['bytes'] / 2**30:.1f} GiB; {copy}; ANALYZEd",
        "loaded by set-based SQL into the real tables: "
        + ", ".join(f"{table} {n:,}" for table, n in counts.items()),
        f"loaded through the app (events_record): the target child's household, "
        f"{sizes['child_events']:,} events about the child plus "
        f"{cached['target_child_sent'] - sizes['child_events']} corrections "
        f"({cached['target_child_seconds']:.1f} s)",
        f"through the app during the run: the ingest file ({sizes['ingest_events']:,} events)",
        "not generated for SQL-loaded events: access-log entries and signals (see "
        "benchmarks/population.py); their bodies and body_hash are as the app would store them",
    ]


def run_benchmarks(args: argparse.Namespace, sizes: dict[str, Any], phases: dict[str, float]):
    from django.test.utils import override_settings

    from benchmarks import bench_child_page, bench_identity_one, bench_ingest, bench_search

    chosen = args.only or list(BENCHMARKS)
    # Each benchmark: its phase name and how to run it. Reads first, on the freshly copied
    # database; ingest writes last (the order of BENCHMARKS).
    runs: dict[str, tuple[str, Callable[[], Any]]] = {
        "page": (
            "child page",
            lambda: bench_child_page.run(
                requests=sizes["page_requests"],
                warmup=3,
                expected_events=sizes["child_events"],
                with_profile=args.profile,
            ),
        ),
        "search": (
            "search",
            lambda: bench_search.run(
                people=sizes["people"],
                count=sizes["search_queries"],
                warmup=8,
                with_profile=args.profile,
            ),
        ),
        "identity": (
            "identity",
            lambda: bench_identity_one.run(
                people=sizes["people"], count=sizes["identity_records"], warmup=8
            ),
        ),
        "ingest": (
            "ingest",
            lambda: bench_ingest.run(
                people=sizes["people"], count=sizes["ingest_events"], with_profile=args.profile
            ),
        ),
    }
    figures = []
    with override_settings(ROOT_URLCONF="benchmarks.urls"):
        for key in BENCHMARKS:
            if key not in chosen:
                continue
            phase, run = runs[key]
            log(f"{phase} ...")
            started = time.perf_counter()
            figures.append(run())
            phases[phase] = time.perf_counter() - started
    for figure in figures:
        log(f"  {figure.name}: {figure.measured or figure.error} [{figure.result}]")
    return figures
