"""`joinedup signals work`: evaluate newly recorded events continuously, in its own process.

With SIGNALS_EVALUATION=worker the processes that record events do not evaluate rules; this
worker does, every few seconds, from where the last evaluation stopped (the same catch-up the
nightly sweep starts with, so nothing recorded is ever skipped and nothing is raised twice).
Run the nightly `joinedup signals evaluate` as well, for the rules about what did not happen.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from joinedup.signals.evaluation import signals_catch_up


class Command(BaseCommand):
    help = "Evaluate risk rules for newly recorded events, every --interval seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between runs")
        parser.add_argument("--once", action="store_true", help="catch up once, then stop")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        while True:
            close_old_connections()
            raised = signals_catch_up()
            if raised:
                self.stdout.write(f"raised {raised} signal(s)")
            if once:
                return
            time.sleep(interval)
