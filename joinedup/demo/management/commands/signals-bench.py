"""`joinedup signals-bench`: noise and speed of the risk rules, each beside a same-run baseline.

Run it on an empty, throwaway database (it loads a fictional borough and synthetic children):

    DATABASE_URL=sqlite:///var/signals-bench.sqlite3 joinedup migrate
    DATABASE_URL=sqlite:///var/signals-bench.sqlite3 joinedup signals-bench

1. Noise: the demo borough generator's families (`--children`, 24 months) are recorded through
   `events_record` with the after-commit hook live, then the nightly job runs once; signals per
   1,000 children per month, by rule.
2. Ingest latency: `--latency-events` further events recorded one at a time, as the API does,
   alternately with the signals listener registered and not (the baseline), p50 and p95.
3. Sweep: `--sweep-children` synthetic children, every one on a child protection plan with
   fortnightly visits (the worst case: only children on plans are candidates), bulk-inserted;
   `signals_sweep` timed, beside a baseline that reads the same rows once.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from joinedup.audit.services import Actor
from joinedup.chronology import hooks
from joinedup.chronology.models import Event, EventSubject, EventVersion
from joinedup.chronology.services import UNCHANGED, Sender, events_record
from joinedup.core.calendar import LONDON
from joinedup.core.models import Organisation
from joinedup.demo.generator import Borough
from joinedup.demo.services import LoadReport, demo_borough_ensure, demo_events_record
from joinedup.people.models import Person
from joinedup.signals.evaluation import on_versions_recorded, signals_catch_up, signals_sweep
from joinedup.signals.models import EvaluationMark, Signal
from joinedup.signals.rules import RULES


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _analyze() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load, as autovacuum would within a
    minute or so in service. Straight after loading several times the rows the statistics
    describe, the planner hash-joins whole tables for one child's events (ADR 0009)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = "Measure signal noise per 1,000 children per month, ingest latency and the sweep."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=2000)
        parser.add_argument("--latency-events", type=int, default=400)
        parser.add_argument("--sweep-children", type=int, default=100_000)
        parser.add_argument(
            "--skip", action="append", default=[], choices=["noise", "latency", "sweep"]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        demo_borough_ensure()
        today = timezone.localdate()
        if "noise" not in options["skip"]:
            self._noise(options["children"], today)
        if "latency" not in options["skip"]:
            self._latency(options["latency_events"], today)
        if "sweep" not in options["skip"]:
            self._sweep(options["sweep_children"], today)

    def _noise(self, children: int, today: date) -> None:
        months = 24
        borough = Borough(children=children, seed=11, today=today, months=months)
        before = set(Signal.objects.values_list("pk", flat=True))
        report: LoadReport = demo_events_record(
            bodies=borough.bodies(), label="signals-bench noise"
        )
        _analyze()
        signals_sweep(until=timezone.now(), escalate=False)
        raised = list(
            Signal.objects.exclude(pk__in=before)
            .filter(raised_at__date__gte=today - timedelta(days=months * 30))
            .values_list("rule", "review_id")
        )
        counts = Counter(rule for rule, _ in raised)
        # Raised on a probable identity (ADR 0022): "identity not confirmed" when raised.
        probable = Counter(rule for rule, review in raised if review is not None)
        self.stdout.write(
            f"\n## Noise: {children:,} children, {months} months, {report.total:,} events "
            f"({report.seconds:.0f} s to load with signals live)\n"
        )
        self.stdout.write(
            "| rule | signals | per 1,000 children per month | identity not confirmed |\n"
            "|---|---|---|---|"
        )
        rate = 1000 / children / months
        for code in RULES:
            n, p = counts.get(code, 0), probable.get(code, 0)
            self.stdout.write(f"| `{code}` | {n} | {n * rate:.2f} | {p} ({_share(p, n)}) |")
        total, p = sum(counts.values()), sum(probable.values())
        self.stdout.write(f"| all | {total} | {total * rate:.2f} | {p} ({_share(p, total)}) |")

    def _latency(self, n: int, today: date) -> None:
        borough = Borough(children=max(n * 3, 10), seed=23, today=today, months=24)
        bodies = []
        for body in borough.bodies():
            bodies.append(body)
            if len(bodies) >= n:
                break
        sender = Sender(actor=Actor(label="signals-bench latency"))
        timed: dict[bool, list[float]] = {True: [], False: []}
        for i, body in enumerate(sorted(bodies, key=lambda b: b.get("reported_at", ""))):
            live = i % 2 == 0
            if not live:
                hooks._listeners.remove(on_versions_recorded)
            try:
                started = time.perf_counter()
                results = list(
                    events_record(items=[(0, body)], sender=sender, received_via="bench")
                )
                timed[live].append(time.perf_counter() - started)
                if results[0].status == UNCHANGED:
                    raise CommandError(
                        "The latency events are already in this database, so nothing would be "
                        "evaluated: run signals-bench on a fresh database."
                    )
            finally:
                if not live:
                    hooks.on_events_recorded(on_versions_recorded)
        with_, without = timed[True], timed[False]
        self.stdout.write(f"\n## Ingest latency per event ({len(bodies)} events, one per call)\n")
        self.stdout.write("| | p50 ms | p95 ms |\n|---|---|---|")
        self.stdout.write(f"| with signals | {_p(with_, 0.5):.1f} | {_p(with_, 0.95):.1f} |")
        self.stdout.write(
            f"| baseline: without signals | {_p(without, 0.5):.1f} | {_p(without, 0.95):.1f} |"
        )
        self.stdout.write(
            f"| added | {_p(with_, 0.5) - _p(without, 0.5):.1f} "
            f"| {_p(with_, 0.95) - _p(without, 0.95):.1f} |"
        )
        self.stdout.write(
            f"(mean added {1000 * (statistics.mean(with_) - statistics.mean(without)):.1f} ms)"
        )

    def _sweep(self, n: int, today: date) -> None:
        org, _ = Organisation.objects.get_or_create(
            name="Sweep Bench Children's Services", defaults={"agency": "social_care"}
        )
        start = datetime.combine(today - timedelta(days=90), datetime.min.time(), tzinfo=LONDON)
        signals_catch_up()  # evaluate anything earlier, so the mark below skips only these
        created = time.perf_counter()
        for first in range(0, n, 5000):
            self._children(org, start, first, min(n, first + 5000))
        load = time.perf_counter() - created
        _analyze()
        ids = list(
            EventSubject.objects.filter(version__organisation=org).values_list(
                "person_id", flat=True
            )
        )
        started = time.perf_counter()
        rows = 0
        for i in range(0, len(ids), 1000):
            rows += sum(
                1
                for _ in EventSubject.objects.filter(
                    person_id__in=ids[i : i + 1000], is_current=True
                ).values_list("version__type", "version__occurred_at", "version__details")
            )
        baseline = time.perf_counter() - started
        # Plan starts and visits alone fire no event rule, and the hook is not the sweep: mark
        # the synthetic events evaluated so the sweep below times the scheduled rules only.
        EvaluationMark.objects.update_or_create(
            pk=1,
            defaults={
                "version_id": EventVersion.objects.order_by("-pk").values_list("pk", flat=True)[0]
            },
        )
        started = time.perf_counter()
        result = signals_sweep(until=timezone.now(), escalate=False)
        took = time.perf_counter() - started
        started = time.perf_counter()
        # The scheduled job proper: the next night, when the day's deadlines have passed.
        again = signals_sweep(until=timezone.now() + timedelta(days=1), escalate=False)
        nightly = time.perf_counter() - started
        self.stdout.write(f"\n## Scheduled sweep: {n:,} children, every one on a plan\n")
        self.stdout.write("| | seconds |\n|---|---|")
        self.stdout.write(
            f"| first sweep, over 3 months of plans (raised {result['raised_by_schedule']:,}) "
            f"| {took:.1f} |"
        )
        self.stdout.write(
            f"| the next night's sweep, a day later (raised {again['raised_by_schedule']:,}) "
            f"| {nightly:.1f} |"
        )
        self.stdout.write(f"| baseline: read the same {rows:,} event rows once | {baseline:.1f} |")
        self.stdout.write(
            f"(children inserted in {load:.0f} s; 90 days of plans, visits every 14 days, one "
            f"child in ten every 25)"
        )

    @transaction.atomic
    def _children(self, org: Organisation, start: datetime, first: int, last: int) -> None:
        now = timezone.now()
        people = Person.objects.bulk_create(
            [
                Person(
                    given_name=f"Sweep{i}",
                    family_name="Bench",
                    dob=date(2018, 1, 1),
                    seen_as_child=True,
                )
                for i in range(first, last)
            ]
        )
        events, versions, subjects = [], [], []
        for person in people:
            plan_day = start + timedelta(days=person.pk % 30)
            moments: list[tuple[str, datetime, dict[str, Any]]] = [
                ("social_care.child_protection_plan_started", plan_day, {"category": "neglect"})
            ]
            gap = 14 if person.pk % 10 else 25  # one in ten is not visited in time
            day = plan_day
            while day + timedelta(days=gap) < now:
                day += timedelta(days=gap)
                moments.append(("social_care.visit", day, {"child_seen": True, "seen_alone": True}))
            for j, (typ, at, details) in enumerate(moments):
                event = Event(organisation=org, record_id=f"SW-{person.pk}-{j}", created_at=now)
                events.append(event)
                version = EventVersion(
                    event=event,
                    version=1,
                    organisation=org,
                    agency="social_care",
                    type=typ,
                    occurred_at=at,
                    reported_at=at,
                    received_at=now,
                    details=details,
                    body={},
                    body_hash="",
                    received_via="signals-bench",
                )
                versions.append(version)
                subjects.append(
                    EventSubject(
                        version=version,
                        person=person,
                        role="child",
                        match_outcome="new",
                        occurred_at=at,
                    )
                )
        Event.objects.bulk_create(events, batch_size=2000)
        EventVersion.objects.bulk_create(versions, batch_size=2000)
        EventSubject.objects.bulk_create(subjects, batch_size=2000)
