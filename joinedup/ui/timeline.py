"""The chronology's MOJ timeline markup, written in Python on purpose.

A child can have thousands of entries, and the template engine's cost per entry's
thirty-odd nodes alone would put a long chronology over its page budget (measured in ADR
0021's appendix); string formatting with `html.escape` costs little. So the one loop that
can be long renders here, straight from the selector's plain rows, and everything else on
the page stays in templates. The markup is the MOJ timeline component's (moj-timeline__item,
__header, __title, __byline, __date, __description) with a GOV.UK details element for
earlier versions; `templates/ui/person.html` wraps it in `.moj-timeline`.

Everything an agency wrote (summaries, details, names, record ids) is escaped here; only the
strings presenters wrote from numbers (dates, ids) go in as they are.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from joinedup.access.chronology import ChronologyEntry, EarlierVersion
from joinedup.chronology.registry import event_type_label
from joinedup.core.vocabulary import AGENCIES, SUBJECT_ROLES
from joinedup.ui.presenters import govuk_datetime, key_details

# One GOV.UK tag colour per agency, so a long chronology can be scanned by source.
AGENCY_TAGS = {
    "health": "govuk-tag--green",
    "police": "",
    "education": "govuk-tag--purple",
    "social_care": "govuk-tag--pink",
    "housing": "govuk-tag--orange",
    "probation": "govuk-tag--teal",
    "early_help": "govuk-tag--turquoise",
    "voluntary": "govuk-tag--yellow",
    "public": "govuk-tag--grey",
}

# Labels and organisation names repeat down a long chronology: escape each once.
label = lru_cache(maxsize=4096)(escape)


def _details(pairs: list[tuple[str, str]]) -> str:
    if not pairs:
        return ""
    rows = "".join(f"<div><dt>{label(n)}</dt><dd>{escape(v)}</dd></div>" for n, v in pairs)
    return f'<dl class="app-key-details">{rows}</dl>'


def _version(v: EarlierVersion) -> str:
    summary = (
        f'<p class="govuk-body-s govuk-!-margin-bottom-1">{escape(v.summary)}</p>'
        if v.summary
        else ""
    )
    return f"""
        <div class="app-earlier">
          <h4 class="govuk-heading-s govuk-!-margin-bottom-1">
            Version {v.version}, replaced {govuk_datetime(v.superseded_at)}</h4>{summary}{
        _details(key_details(v.type, v.details))
    }
          <p class="govuk-body-s app-secondary">Happened {govuk_datetime(v.occurred_at)}
            · received {govuk_datetime(v.received_at)}</p>
        </div>"""


def _earlier(versions: list[EarlierVersion]) -> str:
    if not versions:
        return ""
    return f"""
    <details class="govuk-details govuk-!-margin-bottom-0">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">Corrected — earlier versions</span>
      </summary>
      <div class="govuk-details__text">{"".join(_version(v) for v in versions)}</div>
    </details>"""


def _item(e: ChronologyEntry) -> str:
    organisation = label(e.organisation)
    summary = (
        f'<p class="govuk-body govuk-!-margin-bottom-2">{escape(e.summary)}</p>'
        if e.summary
        else ""
    )
    return f"""<div class="moj-timeline__item" id="event-{e.event_id}">
  <div class="moj-timeline__header">
    <h3 class="moj-timeline__title">{label(event_type_label(e.type))}</h3>
    <p class="moj-timeline__byline">by {organisation}</p>
    <strong class="govuk-tag {AGENCY_TAGS.get(e.agency, "govuk-tag--grey")} app-agency-tag">{
        label(AGENCIES.get(e.agency, e.agency))
    }</strong>
  </div>
  <p class="moj-timeline__date"><time datetime="{e.occurred_at.isoformat()}">{
        govuk_datetime(e.occurred_at)
    }</time></p>
  <div class="moj-timeline__description">{summary}{_details(key_details(e.type, e.details))}
    <p class="govuk-body-s app-secondary app-timeline__meta">{
        label(SUBJECT_ROLES.get(e.role, e.role))
    } in this event · reported {govuk_datetime(e.reported_at)}
      · received {govuk_datetime(e.received_at)}
      · {organisation} reference {escape(e.record_id)}</p>{_earlier(e.earlier)}
  </div>
</div>
"""


def timeline_html(entries: list[ChronologyEntry]) -> SafeString:
    """The moj-timeline__item elements for a chronology's entries, in the order given."""
    # Escaped: everything an agency wrote. Not escaped: numbers, the tag class and the dates,
    # which presenters write from numbers and month names.
    return mark_safe("".join(_item(e) for e in entries))  # noqa: S308
