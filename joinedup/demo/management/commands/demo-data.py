"""`joinedup demo-data`: the fictional borough of Riverside and two years of its events.

Loads the narrative families first (fixed record ids: search for them by name), then a random
borough of N children, through the same write path as the API and `joinedup ingest`. With
`--out FILE.jsonl` it writes the same events as JSON lines instead and touches no database.
Exits non-zero if any event is refused: the generator must only ever emit valid events.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from joinedup.chronology.models import EventVersion
from joinedup.core.errors import ApplicationError
from joinedup.core.statistics import rows_estimate, statistics_refresh, statistics_refresh_after
from joinedup.demo.casework import demo_casework_make
from joinedup.demo.generator import Borough
from joinedup.demo.narratives import narrative_bodies
from joinedup.demo.output import families_list, users_table
from joinedup.demo.services import (
    DEMO_MANAGER,
    DEMO_WORKER,
    LoadReport,
    demo_borough_ensure,
    demo_database_check,
    demo_events_record,
    demo_loaded_as_of,
    demo_narratives_record,
    demo_users_ensure,
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today must be a date such as 2026-05-04, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Generate the fictional borough of Riverside: its organisations, demo users, the "
        "narrative families and N children's two years of events from every agency."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=5000, help="children (default 5000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--months", type=int, default=24, help="months of history (24)")
        parser.add_argument(
            "--today",
            help="the last day of the history, YYYY-MM-DD (default: today, or the day the "
            "demo data already in the database was generated for)",
        )
        parser.add_argument(
            "--out", type=Path, help="write the events to this JSON-lines file instead"
        )
        parser.add_argument("--no-users", action="store_true", help="do not create demo users")
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help="do nothing if the demo data is already in the database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        children: int = options["children"]
        if children < 0 or options["months"] < 1:
            raise CommandError("--children must be 0 or more and --months 1 or more")
        today = _day(options["today"]) if options["today"] else None
        if today and today > timezone.localdate():
            raise CommandError("--today cannot be in the future: events must have happened")
        if options["out"]:
            self.write_file(Path(options["out"]), today or timezone.localdate(), options)
            return

        try:
            demo_database_check()
        except ApplicationError as error:
            raise CommandError(error.message) from None
        loaded = demo_loaded_as_of()
        if loaded and options["skip_if_loaded"]:
            self.stdout.write(f"Demo data is already loaded (as of {loaded}); nothing to do.")
            statistics_refresh()  # a database an older version loaded may never have had any
            self.finish(options, loaded_now=False)
            return
        if loaded and today and today != loaded:
            raise CommandError(
                f"The demo data in this database was generated for {loaded}; loading it for "
                f"{today} would record every event again as a correction. Start from an empty "
                "database (scripts/demo --reload), or leave out --today."
            )
        if loaded:
            self.stdout.write(f"Demo data already loaded as of {loaded}: generating for that day.")
        self.load(today or loaded or timezone.localdate(), options)
        self.finish(options, loaded_now=True)

    def load(self, today: date, options: dict[str, Any]) -> None:
        """Organisations, users, the narrative families, then the borough, through the one
        write path; refuse to finish if the generator made anything the contract refuses.
        Then the demo team's work in progress, through the casework services."""
        organisations = demo_borough_ensure()
        worker = manager = None
        if not options["no_users"]:
            demo_users_ensure(organisations=organisations)
            worker = User.objects.get(username=DEMO_WORKER)
            manager = User.objects.get(username=DEMO_MANAGER)
        children: int = options["children"]
        borough = Borough(
            children=children, seed=options["seed"], today=today, months=options["months"]
        )
        self.stdout.write(
            f"Generating Riverside as of {today}: {children:,} children, "
            f"{options['months']} months, seed {options['seed']}."
        )

        def progress(done: int, seconds: float) -> None:
            self.stdout.write(f"  {done:,} events ({done / seconds:,.0f} a second)")

        label = f"demo-data seed {options['seed']}"
        held_before = rows_estimate(EventVersion)
        report = demo_narratives_record(today=today, label=label, worker=worker, manager=manager)
        report.add(demo_events_record(bodies=borough.bodies(), label=label, progress=progress))
        counts = report.counts
        statistics_refresh_after(  # a bulk load: the first pages are planned with what it holds
            stored=counts["created"] + counts["corrected"], held_before=held_before
        )
        self.summarise(report, borough)
        if counts["refused"]:
            for result in report.refused:
                for problem in result.errors:
                    self.stderr.write(f"event {result.position}: {problem.field}: {problem.reason}")
            raise CommandError(
                f"{counts['refused']} generated events were refused: the generator is wrong."
            )
        made = demo_casework_make(today=today, label=label) if worker else None
        if made is not None:
            self.stdout.write(made.summary())

    def summarise(self, report: LoadReport, borough: Borough) -> None:
        counts = report.counts
        self.stdout.write(
            f"{report.total:,} events in {report.seconds:.1f}s "
            f"({report.total / max(report.seconds, 0.001):,.0f} a second): "
            f"{counts['created']:,} created, {counts['corrected']:,} corrected, "
            f"{counts['unchanged']:,} unchanged, {counts['refused']:,} refused."
        )
        stats = borough.stats
        self.stdout.write(
            f"Borough: {stats.households:,} households, {stats.children:,} children, "
            f"{stats.adults:,} adults, {stats.twins} pairs of twins, {stats.surname_changes} "
            "families whose children took a new partner's surname."
        )
        for event_type, n in stats.events.most_common():
            self.stdout.write(f"  {n:>8,}  {event_type}")

    def finish(self, options: dict[str, Any], *, loaded_now: bool) -> None:
        if not options["no_users"]:
            if not loaded_now:
                demo_users_ensure(organisations=demo_borough_ensure())
            self.stdout.write("")
            self.stdout.write(users_table())
        self.stdout.write("")
        self.stdout.write(families_list())

    def write_file(self, path: Path, today: date, options: dict[str, Any]) -> None:
        borough = Borough(
            children=options["children"],
            seed=options["seed"],
            today=today,
            months=options["months"],
        )
        started = time.monotonic()
        lines = 0

        def bodies() -> Iterator[dict[str, Any]]:
            yield from narrative_bodies(today)
            yield from borough.bodies()

        with path.open("w", encoding="utf-8") as handle:
            for body in bodies():
                handle.write(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n")
                lines += 1
        self.stdout.write(
            f"Wrote {lines:,} events as of {today} to {path} in "
            f"{time.monotonic() - started:.1f}s ({borough.stats.children:,} children). "
            "Load with `joinedup demo-users` (the organisations) then `joinedup ingest`."
        )
