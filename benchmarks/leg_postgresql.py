"""The PostgreSQL leg of `scripts/bench`: 1,000,000 people and events with the demo borough on
top; every page as every role, the child page at 2,000 events, search, identity and ingest.

Run by `benchmarks/run.py` in a process of its own (Django's database is set once a process);
writes its figures as JSON to `--out`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks import options

PAGE_TARGET = 0.300  # every page, p95, on PostgreSQL at 1,000,000 events (saves: pages.py)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    args = options.parser().parse_args(argv)
    sizes = options.sizes_of(args)

    from benchmarks.database import BENCH_DB, Server

    server = Server(args.server)
    os.environ["DATABASE_URL"] = server.database_url(BENCH_DB)
    os.environ["DJANGO_SETTINGS_MODULE"] = "joinedup.settings"
    os.environ["DEBUG"] = "False"  # no query log
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from benchmarks import report

    started = time.perf_counter()
    load_at_start = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    phases: dict[str, float] = {}
    loading = prepare(server, sizes, rebuild=args.rebuild, fresh=not args.no_fresh_copy)
    phases["database"] = time.perf_counter() - started
    figures, every_page = run_benchmarks(args, sizes, phases)
    report.leg_write(
        args.out,
        database="postgresql",
        title="PostgreSQL, 1,000,000 events",
        figures=figures,
        pages=every_page,
        loading=loading,
        facts={"postgresql": server.facts()["version"]}
        | {
            "postgresql settings": ", ".join(
                f"{k}={v}" for k, v in server.facts().items() if k != "version"
            ),
            "load average at the start": load_at_start,
        },
        sizes=sizes,
        phases=phases,
    )


def prepare(server: Any, sizes: dict[str, Any], *, rebuild: bool, fresh: bool) -> list[str]:
    """Reuse the cached template if its sizes and fingerprint match, else build it; copy it."""
    from django.core.management import call_command
    from django.db import connection, connections

    from benchmarks import population
    from benchmarks.database import BENCH_DB, fingerprint, template_name
    from benchmarks.demo_borough import demo_borough_load

    key = {
        "people": sizes["people"],
        "events": sizes["events"],
        "child_events": sizes["child_events"],
        "demo_children": sizes["demo_children"],
        "fingerprint": fingerprint(),
    }
    template = template_name(
        sizes["people"], sizes["events"], sizes["child_events"], sizes["demo_children"]
    )
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
        demo = demo_borough_load(children=sizes["demo_children"], log=log)
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
            "demo": demo,
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
        f"loaded through the app on top, as `make demo` loads it: the demo borough of "
        f"Riverside ({sizes['demo_children']:,} children, {cached['demo']['events']:,} events, "
        f"the narrative families, one user per role, the signals sweep; "
        f"{cached['demo']['seconds']:.0f} s). Riverside is also the first background borough, so "
        "the demo users' scopes hold its people",
        f"through the app during the run: the ingest file ({sizes['ingest_events']:,} events)",
        "not generated for SQL-loaded events: access-log entries and signals (see "
        "benchmarks/population.py); their bodies and body_hash are as the app would store them",
    ]


def run_benchmarks(
    args: argparse.Namespace, sizes: dict[str, Any], phases: dict[str, float]
) -> tuple[list[Any], Any]:
    from django.test.utils import override_settings

    from benchmarks import bench_child_page, bench_identity_one, bench_ingest, bench_search, pages

    chosen = options.chosen(args)
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
    every_page = None

    def every_page_run() -> Any:
        log("every page, as every role ...")
        started = time.perf_counter()
        measured = pages.run(target=PAGE_TARGET, requests=sizes["requests"], warmup=2, log=log)
        phases["every page"] = time.perf_counter() - started
        return measured

    with override_settings(ROOT_URLCONF="benchmarks.urls"):
        # The reads first, on the fresh copy; then every page, whose saves decide matches (and
        # leave a merge active); ingest, which writes most, last.
        for key, (phase, run) in runs.items():
            if key not in chosen:
                continue
            if key == "ingest" and "pages" in chosen:
                every_page = every_page_run()
            log(f"{phase} ...")
            started = time.perf_counter()
            figures.append(run())
            phases[phase] = time.perf_counter() - started
        if "pages" in chosen and every_page is None:
            every_page = every_page_run()
    for figure in figures:
        log(f"  {figure.name}: {figure.measured or figure.error} [{figure.result}]")
    return figures, every_page


if __name__ == "__main__":
    main()
