from typing import Any

from django.core.management.base import BaseCommand, CommandError

from joinedup.audit.services import access_log_verify


class Command(BaseCommand):
    help = "Walk the access log's hash chain; exit 1 if any entry was altered or removed."

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = access_log_verify()
        if broken is not None:
            where = "the chain head" if broken == -1 else f"entry {broken}"
            raise CommandError(f"access log broken at {where} after {count} entries")
        self.stdout.write(f"access log intact: {count} entries")
