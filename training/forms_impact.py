"""Forms for training impact: recording training passed on, and the analytics filters.
Views hand cleaned data to training.services_impact, which checks the rules again."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from network.models import Organisation, Theme
from portal.forms import DateInputField
from portal.validators import no_resident_identifiers
from training.selectors_impact import a_year_after, cascade_sessions
from training.services_impact import delivered_on_problems


class CascadeForm(forms.Form):
    session = forms.ModelChoiceField(
        label="Which session did you pass on?",
        queryset=None,
        empty_label="Choose a session",
        error_messages={
            "required": "Choose the session you passed on",
            "invalid_choice": "Choose a session from the list",
        },
    )
    home = forms.TypedChoiceField(
        label="Which home was it at?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the home where you passed it on",
            "invalid_choice": "Choose the home where you passed it on",
        },
    )
    delivered_on = DateInputField(
        label="When did you pass it on?",
        help_text="For example, 12 11 2026",
        error_messages={
            "required": "Enter the date you passed it on",
            "invalid": "The date you passed it on must be a real date",
            "incomplete": "The date you passed it on must include a {missing}",
        },
    )
    attendees = forms.IntegerField(
        label="How many colleagues took part?",
        help_text="Count the people you shared it with, not yourself",
        min_value=1,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how many colleagues took part",
            "invalid": "Enter the number of colleagues as a whole number, like 6",
            "min_value": "The number of colleagues must be 1 or more",
            "max_value": "The number of colleagues must be 500 or fewer",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="For example, where you met and what people found useful. Do not write "
        "anything that could identify a resident.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_resident_identifiers],
        error_messages={"max_length": "Notes must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, homes: list[Organisation], initial_home=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.homes = {home.pk: home for home in homes}
        self.fields["session"].queryset = cascade_sessions()
        if len(homes) > 1:
            self.fields["home"].choices = [(home.pk, home.name) for home in homes]
            if initial_home is not None and initial_home.pk in self.homes:
                self.fields["home"].initial = initial_home.pk
        else:
            del self.fields["home"]

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("delivered_on")
        if day is not None:
            for problem in delivered_on_problems(day, cleaned.get("session")):
                self.add_error("delivered_on", problem)
        return cleaned

    def chosen_home(self) -> Organisation:
        if "home" not in self.fields:
            return next(iter(self.homes.values()))
        return self.homes[self.cleaned_data["home"]]


class AnalyticsFilterForm(forms.Form):
    """The period, theme and area the figures cover. A GET form: a value that makes no
    sense is shown as an error and left out (the figures use the default instead).
    Dates run from 1 January 2000 to a year from today: the portal holds nothing outside
    that, and a date like 31 December 9999 cannot have a day added to it."""

    EARLIEST = date(2000, 1, 1)

    start = DateInputField(
        label="From",
        required=False,
        help_text="For example, 1 4 2026",
        error_messages={
            "invalid": "The start date must be a real date",
            "incomplete": "The start date must include a {missing}",
        },
    )
    end = DateInputField(
        label="To",
        required=False,
        help_text="For example, 31 3 2027",
        error_messages={
            "invalid": "The end date must be a real date",
            "incomplete": "The end date must include a {missing}",
        },
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        required=False,
        queryset=Theme.objects.order_by("name"),
        empty_label="All themes",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )
    area = forms.TypedChoiceField(
        label="Area",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )

    def __init__(self, *args, area_choices: list, whole: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", whole), *area_choices]
        self.latest = a_year_after(timezone.localdate())

    def _within_range(self, day: date | None, which: str) -> date | None:
        if day is None:
            return day
        if day < self.EARLIEST:
            raise ValidationError(f"The {which} date must be on or after {self.EARLIEST:%-d %B %Y}")
        if day > self.latest:
            raise ValidationError(
                f"The {which} date must be on or before {self.latest:%-d %B %Y}, a year from today"
            )
        return day

    def clean_start(self):
        return self._within_range(self.cleaned_data.get("start"), "start")

    def clean_end(self):
        return self._within_range(self.cleaned_data.get("end"), "end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return cleaned
