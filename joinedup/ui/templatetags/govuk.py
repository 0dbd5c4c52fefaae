"""Template filters for dates and ages in GOV.UK style (see ui.presenters)."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from joinedup.access.search import postcode_display
from joinedup.core.calendar import months_old
from joinedup.people.models import PersonAddress
from joinedup.ui import presenters

register = template.Library()

register.filter("govuk_date", presenters.govuk_date)
register.filter("govuk_datetime", presenters.govuk_datetime)


@register.filter
def age(value: date | None) -> str:
    """ "3 years old", "7 months old", "" when unknown."""
    if value is None:
        return ""
    today = timezone.localdate()
    months = months_old(value, today)
    if months < 0:
        return ""
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''} old"
    years = months // 12
    return f"{years} years old"


@register.filter
def address(value: PersonAddress | None) -> str:
    """One line, postcode with its space: "27 Kiln Street, Riverside, RV2 4KS"."""
    if value is None:
        return ""
    postcode = postcode_display(value.postcode) if value.postcode else ""
    return ", ".join(p for p in (value.line1, value.line2, value.town, postcode) if p)
