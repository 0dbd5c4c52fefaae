"""Target 2: the child page (`ui:person`) for a child with thousands of events.

Signed in as a social worker of the child's borough (force_login), through django.test.Client:
URL resolution, every middleware, the session save, the view, its template. App and baseline
requests alternate so both see the same machine.
"""

from __future__ import annotations

import json

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from benchmarks.measure import Figure, ms, percentile, profile, queries_of, summary, timed
from benchmarks.population import BENCH_USERNAME, TARGET_NHS
from joinedup.people.models import Person, PersonIdentifier

TARGET_P95 = 0.300


def run(*, requests: int, warmup: int, expected_events: int, with_profile: bool) -> Figure:
    figure = Figure(
        f"Child page p95 (ui:person, child with {expected_events:,} events)",
        target=f"p95 ≤ {ms(TARGET_P95)}",
    )
    child = Person.objects.get(
        pk__in=PersonIdentifier.objects.filter(scheme="nhs_number", value=TARGET_NHS).values(
            "person_id"
        )
    )
    client = Client()
    client.force_login(User.objects.get(username=BENCH_USERNAME))
    app_url = reverse("ui:person", kwargs={"key": str(child.key)})
    base_url = reverse("bench-chronology", kwargs={"key": str(child.key)})

    def app() -> bytes:
        response = client.get(app_url)
        if response.status_code != 200:
            raise RuntimeError(f"{app_url} answered {response.status_code}")
        return response.content

    def base() -> bytes:
        return client.get(base_url).content

    try:
        page = app()
    except Exception as exc:  # the view may not exist yet, or may fail: report, don't stop
        figure.error = f"the person view failed: {exc!r}"[:300]
        return figure
    rows = len(json.loads(base())["events"])
    if rows != expected_events:
        figure.notes.append(f"warning: baseline returned {rows} rows, expected {expected_events}")
    if child.given_name.encode() not in page:
        figure.notes.append("warning: the page does not show the child's name")

    for _ in range(warmup):
        app()
        base()
    app_times, base_times = [], []
    for i in range(requests):
        pair = ((app, app_times), (base, base_times))
        for call, into in pair if i % 2 == 0 else reversed(pair):
            into.append(timed(call)[0])

    a, b = summary(app_times), summary(base_times)
    figure.measured = f"p95 {ms(a['p95'])} (p50 {ms(a['p50'])})"
    figure.baseline = f"p95 {ms(b['p95'])} (p50 {ms(b['p50'])}) bare JSON view"
    figure.ratio = a["p95"] / b["p95"]
    figure.passed = a["p95"] <= TARGET_P95
    app_queries, app_sql, slowest = queries_of(app)
    base_queries, base_sql, _ = queries_of(base)
    figure.notes += [
        f"{requests} requests each, interleaved, after {warmup} warm-up; "
        f"app mean {ms(a['mean'])}, max {ms(a['max'])}",
        f"page {len(page) / 1024:,.0f} KiB, {app_queries} SQL statements "
        f"({ms(app_sql)} in the database); baseline {rows:,} rows, {base_queries} statements "
        f"({ms(base_sql)})",
        *(f"slowest statement: {q}" for q in slowest),
    ]
    if with_profile:
        path = profile("child-page", app, repeat=max(3, requests // 10))
        figure.notes.append(f"profile: {path.relative_to(path.parent.parent.parent)}")
    figure.raw = {"app": a, "baseline": b, "app_p99": percentile(app_times, 99)}
    return figure
