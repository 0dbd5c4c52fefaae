"""The demo borough on top of the PostgreSQL population, through the app, as `make demo` loads
it: Riverside's organisations and one user per role, the narrative families, `children`
generated children with two years of events, and the nightly signals sweep.

The background population's first borough is Riverside itself (benchmarks/vocab.py): its
children's services, hospital, police, housing, probation and early help are the demo's own
organisations, so the demo users' scopes hold the 600,000 people the SQL load puts there and
every page is measured at that scale. `joinedup demo-data` refuses a database holding other
authorities (it guards real ones); the benchmark calls its steps directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from joinedup.chronology.models import EventVersion
from joinedup.core.statistics import statistics_refresh
from joinedup.demo.generator import Borough
from joinedup.demo.services import (
    DEMO_MANAGER,
    DEMO_WORKER,
    demo_borough_ensure,
    demo_events_record,
    demo_narratives_record,
    demo_users_ensure,
)
from joinedup.signals.models import EvaluationMark

LABEL = "bench demo borough"


def demo_borough_load(*, children: int, log: Callable[[str], None]) -> dict[str, float]:
    started = time.perf_counter()
    # The events loaded before (the SQL background, the target child) were loaded with the
    # listeners off and raise no signals, as before: mark them evaluated, or the sweep below
    # would evaluate a million of them first.
    latest = EventVersion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    EvaluationMark.objects.update_or_create(pk=1, defaults={"version_id": latest})
    organisations = demo_borough_ensure()
    demo_users_ensure(organisations=organisations)
    worker = User.objects.get(username=DEMO_WORKER)
    manager = User.objects.get(username=DEMO_MANAGER)
    today = timezone.localdate()
    report = demo_narratives_record(today=today, label=LABEL, worker=worker, manager=manager)
    borough = Borough(children=children, seed=1, today=today, months=24)

    def progress(done: int, seconds: float) -> None:
        log(f"    {done:,} demo events ({done / seconds:,.0f} a second)")

    report.add(demo_events_record(bodies=borough.bodies(), label=LABEL, progress=progress))
    if report.counts["refused"]:
        raise RuntimeError(f"demo borough: {report.counts['refused']} events refused")
    loaded = time.perf_counter() - started
    log(f"  demo borough: {report.total:,} events through the app in {loaded:.0f} s")
    call_command("signals", "evaluate")
    log(f"  signals sweep in {time.perf_counter() - started - loaded:.0f} s")
    statistics_refresh()
    return {"events": report.total, "seconds": time.perf_counter() - started}
