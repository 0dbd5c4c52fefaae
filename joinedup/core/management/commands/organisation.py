"""`joinedup organisation`: register the organisations that send events, and their authorities.

An event names its organisation (`source.organisation`); one not registered here is refused,
so a misspelt name never becomes a new organisation that no authority's staff can see.

    joinedup organisation authority-add RIV Riverside
    joinedup organisation add "Riverside Hospital" --agency health --authority RIV \\
        --phone "01632 960200"
    joinedup organisation list
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction

from joinedup.core.models import LocalAuthority, Organisation

AGENCIES = [code for code, _ in Organisation._meta.get_field("agency").choices or []]


class Command(BaseCommand):
    help = "Register organisations that send events (and their local authorities); list them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="register an organisation")
        add.add_argument("name", help="its name, exactly as its events will send it")
        add.add_argument("--agency", required=True, choices=AGENCIES)
        add.add_argument("--authority", help="the code of its local authority (authority-add)")
        add.add_argument("--phone", default="", help="whom partners call about a child")
        authority = sub.add_parser("authority-add", help="register a local authority")
        authority.add_argument("code")
        authority.add_argument("name")
        sub.add_parser("list", help="every registered organisation")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "authority-add":
            _, created = LocalAuthority.objects.get_or_create(
                code=options["code"], defaults={"name": options["name"]}
            )
            self.stdout.write(
                ("registered " if created else "already registered ") + options["code"]
            )
        elif action == "add":
            self.add(options)
        else:
            for org in Organisation.objects.select_related("authority").order_by("name"):
                where = org.authority.code if org.authority else "no authority"
                self.stdout.write(f"{org.name}\t{org.agency}\t{where}\t{org.contact_phone}")

    def add(self, options: dict[str, Any]) -> None:
        authority = None
        if options["authority"]:
            authority = LocalAuthority.objects.filter(code=options["authority"]).first()
            if authority is None:
                raise CommandError(
                    f"no local authority {options['authority']!r} (joinedup organisation "
                    "authority-add CODE NAME)"
                )
        name = options["name"].strip()
        if not name:
            raise CommandError("the organisation needs a name")
        try:
            with transaction.atomic():
                Organisation.objects.create(
                    name=name,
                    agency=options["agency"],
                    authority=authority,
                    contact_phone=options["phone"],
                )
        except IntegrityError:
            raise CommandError(f"{name!r} is already registered") from None
        self.stdout.write(f"registered {name!r} ({options['agency']})")
