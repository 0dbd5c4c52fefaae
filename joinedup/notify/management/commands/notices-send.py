from typing import Any

from django.core.management.base import BaseCommand

from joinedup.notify.models import Notice
from joinedup.notify.services import notices_deliver


class Command(BaseCommand):
    help = (
        "Send the email notices not sent yet (the mail service was down, say): each at most "
        "once. Run it after an outage, or from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        waiting = list(
            Notice.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
        )
        sent = notices_deliver(waiting) if waiting else 0
        self.stdout.write(f"{sent} of {len(waiting)} notice(s) waiting sent")
