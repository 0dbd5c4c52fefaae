"""A visit recorded on a phone: a social worker, in Chromium at 375 x 812, on the page of a child
on a child protection plan (Riley Thornton, the demo's), records a home visit (the child seen,
seen alone, what the child said, the next visit) and is back on the child's page.

The task is `joinedup.casework.testing.record_visit`, the one the browser test runs: each
click, fill, tick, choice and key press counts one interaction; pages the script opens itself
(the child's page before it starts) do not count. The prefilled form (when, where and the next
visit already filled in from the record) is timed beside the baseline, the same form at
`?plain=1` with nothing filled in, where those are typed too; alternately, `repeats` times each.

The server is gunicorn as `make demo` serves it (benchmarks.load), on a fresh copy of the demo
database. Seconds are a script's, with no pause to read or type: the pages' share of the two
minutes a worker has, a floor under a person's time. The figure's ratio is the prefilled form's
interactions as a multiple of the plain form's.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.load import _free_port, _serve
from benchmarks.measure import RESULTS, Figure

CHROMIUM = "/usr/bin/chromium"  # Debian's, as the browser tests drive it (scripts/setup --browser)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
NAME = "Visit recorded on a phone (375 px)"


def _child_key() -> str:
    """Riley Thornton, on a plan and allocated to the demo social worker, as pages.py finds
    him: through the access policy, as the social worker."""
    from django.contrib.auth.models import User

    from joinedup.access.policy import person_visible, scope_for
    from joinedup.demo.narratives.thornton import RILEY
    from joinedup.demo.services import DEMO_WORKER
    from joinedup.people.models import Person

    scope = scope_for(User.objects.get(username=DEMO_WORKER))
    assert scope is not None
    riley = (
        Person.objects.filter(
            person_visible(scope), given_name=RILEY.given, family_name=RILEY.family
        )
        .order_by("pk")
        .first()
    )
    if riley is None:
        raise LookupError("Riley Thornton is not in the demo database")
    return str(riley.key)


def _missing() -> str:
    if not shutil.which(CHROMIUM):
        return f"needs {CHROMIUM} (scripts/setup --browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs playwright (requirements/dev.txt, installed by scripts/setup)"
    return ""


def run(*, database: Path, repeats: int) -> Figure:
    from joinedup.casework.testing import PHONE, VISIT_SECONDS, VISIT_TARGET

    figure = Figure(NAME, target=f"≤ {VISIT_TARGET} interactions, ≤ {VISIT_SECONDS} s")
    figure.error = _missing()
    if figure.error:
        return figure
    port = _free_port()
    server = _serve(database, port, RESULTS / "visit-server.log")
    try:
        runs = _runs(f"http://127.0.0.1:{port}", _child_key(), PHONE, repeats)
    except Exception as failed:  # the task did not finish (refused, timed out): not measured
        figure.error = f"{type(failed).__name__}: {failed}"[:300]
        return figure
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    prefilled, plain = runs[False], runs[True]
    seconds, plain_seconds = (statistics.median(r.seconds for r in rs) for rs in (prefilled, plain))
    interactions = max(r.interactions for r in prefilled)  # the same each run
    plain_interactions = max(r.interactions for r in plain)
    figure.measured = f"{interactions} interactions, {seconds:.1f} s (median of {repeats})"
    figure.baseline = (
        f"{plain_interactions} interactions, {plain_seconds:.1f} s: the same form, nothing "
        "filled in (?plain=1)"
    )
    figure.ratio = interactions / plain_interactions
    slowest = max(r.seconds for r in prefilled)
    figure.passed = interactions <= VISIT_TARGET and slowest <= VISIT_SECONDS
    figure.notes += [
        f"prefilled, each run: {_each(prefilled)}",
        f"plain, each run: {_each(plain)}",
        "ratio: the prefilled form's interactions ÷ the plain form's, which also needs when, "
        "where and the next visit typed; seconds are a script's with no pause to read or "
        "type, a floor under a person's",
    ]
    figure.raw = {"prefilled": [asdict(r) for r in prefilled], "plain": [asdict(r) for r in plain]}
    return figure


def _each(runs: list[Any]) -> str:
    return ", ".join(f"{r.interactions} in {r.seconds:.2f} s" for r in runs)


def _runs(base_url: str, key: str, viewport: Any, repeats: int) -> dict[bool, Any]:
    """`repeats` runs of each form, alternately, signed in as the demo social worker."""
    from playwright.sync_api import sync_playwright

    from joinedup.casework.testing import record_visit, sign_in
    from joinedup.demo.services import DEMO_PASSWORD, DEMO_WORKER

    runs: dict[bool, list[Any]] = {False: [], True: []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, base_url, DEMO_WORKER, DEMO_PASSWORD)
        record_visit(page, base_url, key, plain=False)  # a first run to warm the server
        for _ in range(repeats):
            for plain in (False, True):
                runs[plain].append(record_visit(page, base_url, key, plain=plain))
        browser.close()
    return runs
