"""Forms for the web pages, with error messages in the GOV.UK Design System's words.

Field ids are the field names (`auto_id="%s"`) so the error summary can link to `#name`.
Dates are GOV.UK date inputs: three boxes, `<prefix>_day`, `<prefix>_month`, `<prefix>_year`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone

from joinedup.access.purposes import Purpose
from joinedup.access.signin import (
    client_address,
    sign_in_attempt_record,
    sign_in_locked_until,
)
from joinedup.people.identifiers import name_normalise, postcode_valid

DATE_PARTS = ("day", "month", "year")


class GovukForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the error summary, in the order the fields appear."""
        items: list[tuple[str, str]] = []
        for message in self.non_field_errors():
            items.append((f"#{self.first_field}", str(message)))
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append((f"#{name}", str(message)))
        return items

    @property
    def first_field(self) -> str:
        return next(iter(self.fields))

    def date_from_parts(self, prefix: str, label: str, *, past: bool = False) -> date | None:
        """Assemble a GOV.UK date input; on a problem, add one error to the first box at fault."""
        raw = {
            part: (self.cleaned_data.get(f"{prefix}_{part}") or "").strip() for part in DATE_PARTS
        }
        if not any(raw.values()):
            return None
        missing = [part for part in DATE_PARTS if not raw[part]]
        if missing:
            self.add_error(
                f"{prefix}_{missing[0]}", f"{label} must include a {' and '.join(missing)}"
            )
            return None
        if not all(raw[part].isdigit() for part in DATE_PARTS):
            self.add_error(f"{prefix}_day", f"{label} must be a real date")
            return None
        if len(raw["year"]) != 4:
            self.add_error(f"{prefix}_year", "Year must include 4 numbers")
            return None
        try:
            value = date(int(raw["year"]), int(raw["month"]), int(raw["day"]))
        except ValueError:
            self.add_error(f"{prefix}_day", f"{label} must be a real date")
            return None
        if past and value > timezone.localdate():
            self.add_error(f"{prefix}_day", f"{label} must be today or in the past")
            return None
        return value


def _part() -> forms.CharField:
    """One box of a GOV.UK date input; checked together with its siblings."""
    return forms.CharField(required=False, max_length=4, strip=True)


class SignInForm(GovukForm):
    username = forms.CharField(
        max_length=150, error_messages={"required": "Enter your username"}, strip=True
    )
    password = forms.CharField(
        max_length=200, strip=False, error_messages={"required": "Enter your password"}
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        now = timezone.now()
        address = client_address(self.request.META)
        username = data["username"]
        until = sign_in_locked_until(username=username, address=address, now=now)
        if until is not None:  # the password is not even checked
            minutes = max(1, -(-int((until - now).total_seconds()) // 60))
            raise forms.ValidationError(
                "There have been too many failed attempts to sign in. Wait "
                f"{minutes} minute{'s' if minutes != 1 else ''} and try again"
            )
        user = authenticate(self.request, username=username, password=data["password"])
        sign_in_attempt_record(
            username=username, address=address, succeeded=user is not None, now=now
        )
        if user is None:
            raise forms.ValidationError(
                "The username or password is not right. Check them and try again"
            )
        self.user = cast(User, user)
        return data


class SearchForm(GovukForm):
    # The fields that make a search; the reason alone does not.
    CRITERIA = ("name", "dob_day", "dob_month", "dob_year", "identifier", "postcode")

    name = forms.CharField(required=False, max_length=200)
    dob_day, dob_month, dob_year = _part(), _part(), _part()
    identifier = forms.CharField(required=False, max_length=64)
    postcode = forms.CharField(required=False, max_length=10)
    # Optional: the log says "no reason given" rather than make anyone stop and choose.
    purpose = forms.ChoiceField(
        required=False,
        choices=[("", "No reason given"), *Purpose.choices],
        error_messages={"invalid_choice": "Choose a reason from the list"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["dob"] = self.date_from_parts("dob", "Date of birth", past=True)
        name = data.get("name", "")
        if name and not name_normalise(name):
            self.add_error("name", "Enter a name using letters")
        postcode = data.get("postcode", "")
        if postcode and not postcode_valid(postcode):
            self.add_error("postcode", "Enter a full postcode, like RV2 4KS")
        has_dob = any(data.get(f"dob_{p}") for p in DATE_PARTS)
        if not (name or has_dob or data.get("identifier") or postcode) and not self.errors:
            raise forms.ValidationError(
                "Enter a name, date of birth, identifier or postcode to search for"
            )
        return data

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "dob": data["dob"],
            "identifier": data["identifier"],
            "postcode": data["postcode"],
        }


class ChronologyFilterForm(GovukForm):
    agency = forms.ChoiceField(required=False)
    type = forms.ChoiceField(required=False)
    from_day, from_month, from_year = _part(), _part(), _part()
    to_day, to_month, to_year = _part(), _part(), _part()

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        types: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        type_field = self.fields["type"]
        assert isinstance(agency_field, forms.ChoiceField)
        assert isinstance(type_field, forms.ChoiceField)
        agency_field.choices = [("", "All agencies"), *agencies]
        type_field.choices = [("", "All event types"), *types]
        for name in ("agency", "type"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the list"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["date_from"] = self.date_from_parts("from", "The start date")
        data["date_to"] = self.date_from_parts("to", "The end date")
        if data["date_from"] and data["date_to"] and data["date_from"] > data["date_to"]:
            self.add_error("to_day", "The end date must be the same as or after the start date")
        return data

    def filters(self) -> dict[str, Any]:
        """The chronology filters to apply: none while the form has errors."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "agency": data.get("agency") or None,
            "type": data.get("type") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    @property
    def active(self) -> bool:
        return any(self.filters().values())
