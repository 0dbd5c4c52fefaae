"""Forms for identity decisions, with messages in the GOV.UK Design System's words."""

from __future__ import annotations

from django import forms

from joinedup.people.models import IdentityDecision
from joinedup.ui.forms import GovukForm


class IdentityDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        choices=IdentityDecision.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    reason = forms.CharField(
        max_length=2000,
        error_messages={
            "required": "Enter why you made this decision",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )


class UnmergeForm(GovukForm):
    reason = forms.CharField(
        max_length=2000,
        error_messages={
            "required": "Enter why these records are not the same person",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )
