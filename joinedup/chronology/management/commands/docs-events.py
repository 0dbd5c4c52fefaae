from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from joinedup.chronology.docs import events_markdown


class Command(BaseCommand):
    help = "Write docs/events.md from the event-type registry."

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.REPO_DIR) / "docs" / "events.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(events_markdown())
        self.stdout.write(f"wrote {path}")
