from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from joinedup.signals.docs import signals_markdown


class Command(BaseCommand):
    help = "Write docs/signals.md from the risk-rule registry."

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.REPO_DIR) / "docs" / "signals.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(signals_markdown())
        self.stdout.write(f"wrote {path}")
