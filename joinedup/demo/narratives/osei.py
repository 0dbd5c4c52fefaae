"""Amara Osei: a child with a heart condition who was not brought (family 6)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from joinedup.demo.narratives.book import LONDON, Book, Family, Person, address, utc
from joinedup.demo.world import HEALTH_VISITING, RIVERSIDE_HOSPITAL, Org

AMARA = Person(51, "Amara", "Osei", "female", 3 * 365 + 20)
ABENA = Person(52, "Abena", "Osei", "female", 31 * 365 + 15)
OSEI_HOME = address("19 Pippin Court", "RV7 5PC")


def build(b: Book) -> None:
    amara = b.subject("p1", "child", AMARA, ids={"nhs_number": AMARA.nhs}, address=OSEI_HOME)
    abena = b.subject("p2", "parent", ABENA, ids={"nhs_number": ABENA.nhs}, rel={"p1": "mother"})

    def missed(org: Org, days_ago: int, service: str, text: str) -> None:
        when = datetime.combine(b.today - timedelta(days=days_ago), time(10, 0), tzinfo=LONDON)
        b.event(
            org,
            "health.appointment_not_attended",
            days_ago,
            "10:00",
            [amara, abena],
            {"service": service, "appointment_at": utc(when)},
            text,
            reported_after_hours=26,
        )

    missed(
        RIVERSIDE_HOSPITAL,
        160,
        "paediatric cardiology clinic",
        "Amara (2) was not brought to the paediatric cardiology clinic for review of her heart "
        "murmur. New appointment sent.",
    )
    missed(
        RIVERSIDE_HOSPITAL,
        75,
        "paediatric cardiology clinic",
        "Amara (2) was not brought to the rebooked cardiology appointment; second missed "
        "appointment. Letter to GP and parent.",
    )
    missed(
        HEALTH_VISITING,
        30,
        "health visitor 2-year review",
        "Amara was not brought to her 2-year developmental review; no answer on two calls to "
        "Abena Osei.",
    )


FAMILY = Family(
    "osei",
    "A child with a heart condition who was not brought",
    "Amara Osei, three, has a heart murmur under review. She is not brought to two "
    "paediatric cardiology appointments, then misses her developmental review. Each "
    "service sends a letter. 'Was not brought' means the adults did not bring her, not "
    "that she missed it.",
    ("Amara Osei", "Abena Osei"),
    ("was_not_brought",),
    "All linked by NHS number.",
    build,
)
