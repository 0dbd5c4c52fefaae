"""The SQLite leg of `scripts/bench`: the demo borough as `make demo` builds it, the database a
new user meets first. Every page as every role and every save (in-process, beside the floor
page), then concurrent users against gunicorn as the demo serves it, then a visit recorded on
a phone in Chromium (gunicorn again, on a copy of its own) beside the same form left empty.

Run by `benchmarks/run.py` in a process of its own; writes its figures as JSON to `--out`.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import options

PAGE_TARGET = 0.500  # every page, p95, on the demo borough with SQLite (saves: pages.py)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def common_surnames(database: Path, n: int = 12) -> list[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT family_name FROM people_person WHERE family_name <> '' "
            "GROUP BY family_name ORDER BY count(*) DESC LIMIT ?",
            [n],
        ).fetchall()
    return [name for (name,) in rows]


def main(argv: list[str] | None = None) -> None:
    args = options.parser().parse_args(argv)
    sizes = options.sizes_of(args)
    chosen = options.chosen(args)
    from benchmarks import demo_sqlite

    started = time.perf_counter()
    load_at_start = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    phases: dict[str, float] = {}
    template, loading = demo_sqlite.prepare(
        children=sizes["demo_children"], rebuild=args.rebuild, log=log
    )
    phases["database"] = time.perf_counter() - started
    run_on = demo_sqlite.fresh_copy(template, "demo-run.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{run_on}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "joinedup.settings"
    os.environ["DEBUG"] = "False"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.test.utils import override_settings

    from benchmarks import bench_visit, load, pages, report

    figures: list[Any] = []
    every_page = None
    if "pages" in chosen:
        log("every page, as every role ...")
        step = time.perf_counter()
        with override_settings(ROOT_URLCONF="benchmarks.urls"):
            every_page = pages.run(
                target=PAGE_TARGET, requests=sizes["requests"], warmup=2, log=log
            )
        phases["every page"] = time.perf_counter() - step
    if "load" in chosen:
        log(f"{sizes['users']} concurrent users ...")
        step = time.perf_counter()
        figure = load.run(
            database=demo_sqlite.fresh_copy(template, "demo-load.sqlite3"),
            users=sizes["users"],
            seconds=sizes["load_seconds"],
            surnames=common_surnames(template),
        )
        figures.append(figure)
        phases["concurrent users"] = time.perf_counter() - step
        log(f"  {figure.name}: {figure.measured or figure.error} [{figure.result}]")
    if "visit" in chosen:
        log("a visit recorded on a phone ...")
        step = time.perf_counter()
        figure = bench_visit.run(
            database=demo_sqlite.fresh_copy(template, "demo-visit.sqlite3"),
            repeats=sizes["visits"],
        )
        figures.append(figure)
        phases["visit on a phone"] = time.perf_counter() - step
        log(f"  {figure.name}: {figure.measured or figure.error} [{figure.result}]")
    report.leg_write(
        args.out,
        database="sqlite",
        title="SQLite, the demo borough",
        figures=figures,
        pages=every_page,
        loading=loading,
        facts={
            "sqlite": sqlite3.sqlite_version,
            "load average at the start": load_at_start,
        },
        sizes={
            k: sizes[k] for k in ("demo_children", "requests", "users", "load_seconds", "visits")
        },
        phases=phases,
    )


if __name__ == "__main__":
    main()
