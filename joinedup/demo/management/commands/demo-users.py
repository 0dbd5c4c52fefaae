"""`joinedup demo-users`: Riverside's organisations and one demo account per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from joinedup.core.errors import ApplicationError
from joinedup.demo.output import users_table
from joinedup.demo.services import demo_borough_ensure, demo_database_check, demo_users_ensure


class Command(BaseCommand):
    help = (
        "Create the fictional borough's organisations and one demo user per role (idempotent), "
        "then print how to sign in."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo_database_check()
            organisations = demo_borough_ensure()
            made = demo_users_ensure(organisations=organisations)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        created = sum(1 for _, was_created in made if was_created)
        self.stdout.write(
            f"{len(organisations)} organisations; {created} demo users created, "
            f"{len(made) - created} already there.\n"
        )
        self.stdout.write(users_table())
