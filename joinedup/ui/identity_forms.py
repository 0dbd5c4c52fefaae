"""Forms for identity decisions, with messages in the GOV.UK Design System's words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from joinedup.core.models import LocalAuthority
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


class ShareForm(GovukForm):
    authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        empty_label="Choose an authority",
        error_messages={"required": "Choose the local authority to share with"},
    )
    reason = forms.CharField(
        max_length=2000,
        error_messages={
            "required": "Enter why the other authority should see this record",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, others: QuerySet[LocalAuthority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = others
