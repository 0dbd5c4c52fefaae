import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run a local mail catcher on 127.0.0.1 for the demo: each email JoinedUp sends is kept "
        "as a file under var/mail/ and sent nowhere."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=1025)
        parser.add_argument("--dir", default=str(Path(settings.REPO_DIR) / "var" / "mail"))

    def handle(self, *args: Any, **options: Any) -> None:
        from joinedup.notify.catcher import catcher_start  # aiosmtpd: the demo's, not production's

        controller, _ = catcher_start(options["port"], Path(options["dir"]))
        self.stdout.write(f"catching mail on 127.0.0.1:{controller.port} into {options['dir']}")
        try:
            while True:
                time.sleep(3600)
        finally:
            controller.stop()
