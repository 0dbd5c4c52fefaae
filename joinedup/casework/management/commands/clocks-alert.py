"""`joinedup clocks-alert`: tell each overdue clock's owner, once (run it nightly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from joinedup.casework.alerts import clocks_alert


class Command(BaseCommand):
    help = "Tell the owner of every overdue statutory clock, once per run of the clock."

    def handle(self, *args: Any, **options: Any) -> None:
        made = clocks_alert(today=timezone.localdate())
        self.stdout.write(f"{made} overdue clock alert(s) made.")
