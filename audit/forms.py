"""The audit log's filters (a GET form). A filter with an error is shown in the error
summary and left out; the others still apply."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from audit.models import Action
from portal.forms import DateInputField

EARLIEST = date(2000, 1, 1)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="What was done",
        required=False,
        choices=[("", "Everything"), *Action.choices],
        error_messages={"invalid_choice": "Choose what was done from the list"},
    )
    who = forms.CharField(
        label="Who did it",
        required=False,
        max_length=100,
        help_text="Part of their name or email address",
        error_messages={"max_length": "Who did it must be 100 characters or fewer"},
    )
    start = DateInputField(
        label="From",
        required=False,
        help_text="For example, 1 11 2026",
        error_messages={
            "invalid": "The from date must be a real date",
            "incomplete": "The from date must include a {missing}",
            "year": "Enter the from date's year as 4 numbers, like 2026",
        },
    )
    end = DateInputField(
        label="To",
        required=False,
        help_text="For example, 30 11 2026",
        error_messages={
            "invalid": "The to date must be a real date",
            "incomplete": "The to date must include a {missing}",
            "year": "Enter the to date's year as 4 numbers, like 2026",
        },
    )

    def _after_earliest(self, name: str, which: str):
        day = self.cleaned_data.get(name)
        if day is not None and day < EARLIEST:
            raise ValidationError(f"The {which} date must be on or after 1 January 2000")
        return day

    def clean_start(self):
        return self._after_earliest("start", "from")

    def clean_end(self):
        return self._after_earliest("end", "to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The to date must be the same as or after the from date")
            cleaned.pop("end", None)
        return cleaned

    def filters(self) -> dict:
        """The filters that are valid (all of them when the form has no errors)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
