from __future__ import annotations

from django import forms

from joinedup.signals.models import SignalResponse


class RespondForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (SignalResponse.Kind.ACTION_TAKEN, "Action taken"),
            (SignalResponse.Kind.NO_ACTION, "No action needed"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether action was taken or none is needed"},
    )
    text = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what action was taken, or why none is needed"},
    )

    def error_summary(self) -> list[tuple[str, str]]:
        anchors = {"kind": "#kind", "text": "#text"}
        return [(anchors.get(f, "#"), str(e[0])) for f, e in self.errors.items()]


class FlagsForm(forms.Form):
    nhs_number = forms.CharField(
        max_length=20,
        error_messages={"required": "Enter the child's NHS number"},
    )

    def clean_nhs_number(self) -> str:
        from joinedup.people.identifiers import nhs_number_normalise, nhs_number_valid

        value = nhs_number_normalise(self.cleaned_data["nhs_number"])
        if not nhs_number_valid(value):
            raise forms.ValidationError("Enter a valid 10-digit NHS number")
        return value
