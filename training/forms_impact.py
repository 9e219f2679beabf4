"""Forms for training impact: recording training passed on, and the analytics filters.
Views hand cleaned data to training.services_impact, which checks the rules again.

The analytics filters are the dashboards' filter form (dashboards.filters), so the area
dashboard links to the training figures with the same dates, theme and area."""

from django import forms

from dashboards.filters import FigureFilterForm as AnalyticsFilterForm  # noqa: F401
from network.models import Organisation
from portal.forms import DateInputField
from portal.validators import no_resident_identifiers
from training.selectors_impact import cascade_sessions
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
