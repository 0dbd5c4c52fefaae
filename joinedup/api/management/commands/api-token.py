from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.api.models import ApiToken
from joinedup.api.services import api_token_create, api_token_revoke
from joinedup.audit.services import Actor
from joinedup.core.models import Organisation


class Command(BaseCommand):
    help = "Create, list or revoke a partner organisation's API token."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="print a new token (shown once)")
        create.add_argument("--organisation", required=True, help="the organisation's name")
        create.add_argument("--name", default="partner system", help="what the token is for")
        sub.add_parser("list", help="list tokens")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        actor = Actor(label="command line: joinedup api-token")
        if action == "create":
            try:
                organisation = Organisation.objects.get(name=options["organisation"])
            except Organisation.DoesNotExist:
                raise CommandError(f"no organisation named {options['organisation']!r}") from None
            self.stdout.write(
                api_token_create(actor=actor, organisation=organisation, name=options["name"])
            )
        elif action == "list":
            for token in ApiToken.objects.select_related("organisation").order_by("pk"):
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.organisation}\t{state}")
        else:
            found = ApiToken.objects.filter(pk=options["token_id"]).first()
            if found is None:
                raise CommandError(f"no token {options['token_id']}")
            api_token_revoke(actor=actor, token=found)
            self.stdout.write(f"revoked token {found.pk}")
