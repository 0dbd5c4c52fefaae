from typing import Any

from django.core.management.base import BaseCommand

from joinedup.chronology.unfamiliar import unfamiliar_values


class Command(BaseCommand):
    help = (
        "List the detail values each organisation has sent that the event registry does not "
        "list (kept as sent, the sender warned), most sent first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = unfamiliar_values()
        if not rows:
            self.stdout.write("No organisation has sent a value the registry does not list.")
            return
        organisation = None
        for row in rows:
            if row.organisation.name != organisation:
                organisation = row.organisation.name
                self.stdout.write(organisation)
            self.stdout.write(
                f"  {row.count:>6}  {row.type}  {row.field} = {row.value!r}  "
                f"(first {row.first_seen_at:%Y-%m-%d}, last {row.last_seen_at:%Y-%m-%d})"
            )
