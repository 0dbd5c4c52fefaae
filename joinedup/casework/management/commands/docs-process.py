from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from joinedup.casework.docs import process_markdown


class Command(BaseCommand):
    help = "Write docs/process.md from the declared steps and clocks."

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.REPO_DIR) / "docs" / "process.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(process_markdown())
        self.stdout.write(f"wrote {path}")
