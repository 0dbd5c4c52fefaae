"""`joinedup signals`: list raised signals, or run the scheduled rules up to a date.

joinedup signals --json [--as-of DATE]      signals raised up to the end of DATE
joinedup signals evaluate --until DATE      scheduled rules (and catch-up) up to DATE
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from joinedup.core.calendar import LONDON, start_of_day
from joinedup.signals.evaluation import signals_catch_up, signals_sweep
from joinedup.signals.selectors import signals_list


def _end_of(value: str) -> datetime:
    """A date means the end of that day (London); a date-time means itself."""
    try:
        if len(value) <= 10:
            return start_of_day(date.fromisoformat(value) + timedelta(days=1)) - timedelta(
                microseconds=1
            )
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD) or date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


class Command(BaseCommand):
    help = "List risk signals (--json, --as-of DATE), or `evaluate --until DATE`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["list", "evaluate"], default="list")
        parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
        parser.add_argument("--as-of", help="list signals raised up to this date (inclusive)")
        parser.add_argument("--until", help="evaluate the scheduled rules up to this date")
        parser.add_argument(
            "--no-escalate", action="store_true", help="evaluate without escalating"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "evaluate":
            until = _end_of(options["until"]) if options["until"] else timezone.now()
            result = signals_sweep(until=until, escalate=not options["no_escalate"])
            if options["json"]:
                self.stdout.write(json.dumps({"until": until.isoformat(), **result}))
            else:
                self.stdout.write(
                    f"evaluated up to {until:%Y-%m-%d %H:%M %Z}: "
                    + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result.items())
                )
            return
        signals_catch_up()
        as_of = _end_of(options["as_of"]) if options["as_of"] else None
        rows = signals_list(until=as_of)
        if options["json"]:
            self.stdout.write(json.dumps({"as_of": options["as_of"], "signals": rows}, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['raised_at'][:16]}  {row['rule']:<30} {row['child']['name']:<24} "
                f"{row['status']:<12} {', '.join(row['routed_to'])}"
            )
        self.stdout.write(f"{len(rows)} signal(s)")
