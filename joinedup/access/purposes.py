"""Why someone opens a person's record: the reasons a user can give, and what the log keeps.

A user picks a reason once, on the search page or on the record itself; it travels with their
links as `?purpose=<code>` and the access log keeps its words ("Section 47 enquiry"), so an
auditor reads the reason without a table of codes. A partner system, or an older link, may
still send its own words: up to 200 characters are kept as given. No reason is a reason too:
the log says none was given, it does not invent one.
"""

from __future__ import annotations

from django.db import models

# The access log's purpose column holds at most this many characters.
PURPOSE_LENGTH = 200


class Purpose(models.TextChoices):
    """The reasons for looking at a child's record, in the order the statutory process runs."""

    CONTACT = "contact", "Screening a contact or referral"
    ASSESSMENT = "assessment", "Child and family assessment"
    STRATEGY = "strategy", "Strategy discussion"
    S47 = "s47", "Section 47 enquiry"
    CONFERENCE = "conference", "Child protection conference"
    PLAN = "plan", "Child protection or child in need plan"
    VISIT = "visit", "Preparing for a visit"
    CONCERN = "concern", "Deciding whether to raise a safeguarding concern"
    SUPERVISION = "supervision", "Supervision or case audit"


NO_REASON = "Viewing the record (no reason given)"


def purpose_words(given: str) -> str:
    """What the access log keeps for `?purpose=given`: a code's words, or the words as given."""
    given = given.strip()
    if given in Purpose.values:
        return str(Purpose(given).label)
    return given[:PURPOSE_LENGTH]


def purpose_code(given: str) -> str:
    """The code to carry in links and to select in forms: '' for free text or none."""
    given = given.strip()
    if given in Purpose.values:
        return given
    return next((p.value for p in Purpose if p.label == given), "")
