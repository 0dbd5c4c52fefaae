"""A step's form, built from its declaration (casework.process): one question per field, plus
when it happened and, where a clock it meets is overdue, why it is late."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from joinedup.casework.process import YES_NO, Field, Step
from joinedup.core.calendar import LONDON

MOMENT_FORMAT = "%Y-%m-%dT%H:%M"


def moment_value(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime(MOMENT_FORMAT)


def _field(f: Field, readers: list[tuple[str, str]]) -> forms.Field:
    if f.kind == "readers":
        return forms.MultipleChoiceField(choices=readers, required=False, label=f.label)
    if f.kind in ("choice", "yesno"):
        choices = YES_NO if f.kind == "yesno" else f.choices
        return forms.ChoiceField(choices=choices, required=f.required, label=f.label)
    if f.kind == "date":
        return forms.DateField(required=f.required, label=f.label)
    if f.kind == "words":
        return forms.CharField(required=f.required, label=f.label, widget=forms.Textarea)
    return forms.CharField(required=f.required, label=f.label, max_length=500)


class StepForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label="When", input_formats=[MOMENT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"]
    )
    delay_reason = forms.CharField(
        required=False, label="Why is this late?", widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        step: Step,
        *args: Any,
        readers: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`readers`: the partner users who may be named as participants, as (id, label)."""
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["occurred_at"].label = _when_label(step)
        for f in step.fields:
            if f.kind == "readers" and not readers:
                continue  # nobody to name
            self.fields[f.name] = _field(f, readers or [])

    def clean_occurred_at(self) -> datetime:
        value: datetime = self.cleaned_data["occurred_at"]
        if timezone.is_naive(value):
            value = value.replace(tzinfo=LONDON)
        return value

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as the services take them: yes/no as true/false, factor codes
        as "2B,3A"."""
        answers = dict(self.cleaned_data)
        if answers.get("factors"):
            codes = str(answers["factors"]).replace(";", ",").split(",")
            answers["factors"] = ",".join(c.strip().upper() for c in codes if c.strip())
        for f in self.step.fields:
            if f.kind == "yesno" and answers.get(f.name) in ("yes", "no"):
                answers[f.name] = answers[f.name] == "yes"
        return answers

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the error summary, in the form's order."""
        items = [("#occurred_at", str(m)) for m in self.non_field_errors()]
        for name in self.fields:
            items += [
                (f"#{name}", f"{self.fields[name].label}: {m}") for m in self.errors.get(name, [])
            ]
        return items

    def rows(self) -> list[tuple[forms.BoundField, Field]]:
        """Each question with its declaration, in the form's order: when it happened, why it
        is late, then the step's own."""
        declared = {
            "occurred_at": Field("occurred_at", _when_label(self.step), "moment"),
            "delay_reason": Field("delay_reason", "Why is this late?", "words"),
            **{f.name: f for f in self.step.fields},
        }
        return [(self[name], declared[name]) for name in self.fields]


def _when_label(step: Step) -> str:
    return {"contact": "When was contact made", "visit": "When was the visit"}.get(
        step.code, "When"
    )


def data_from_answers(step: Step, answers: dict[str, Any]) -> dict[str, Any]:
    """A form's initial values from stored details (a submission sent back, a draft)."""
    initial: dict[str, Any] = {}
    for f in step.fields:
        value = answers.get(f.name)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if value not in (None, ""):
            initial[f.name] = value
    return initial
