"""Forms for the needs board. Views hand the cleaned data to surveys.services_needs, which
checks the rules again before saving."""

from datetime import date

from django import forms

from network.models import Theme
from portal.forms import ModelMultipleChoiceField
from portal.validators import no_resident_identifiers
from surveys.models import Need, Urgency
from surveys.selectors_needs import RESPONDER_KINDS

# Dates the "posted from" and "posted to" filters accept.
POSTED_EARLIEST, POSTED_LATEST = date(2000, 1, 1), date(2100, 12, 31)

STATUS_FILTERS = [
    ("", "Open or being addressed"),
    (Need.Status.OPEN, "Open"),
    (Need.Status.BEING_ADDRESSED, "Being addressed"),
    (Need.Status.MET, "Met"),
    (Need.Status.CLOSED, "Closed"),
    ("all", "Any status"),
]


class NeedFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    theme = forms.ModelChoiceField(
        label="Theme",
        required=False,
        queryset=Theme.objects.all(),
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
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUS_FILTERS,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    urgency = forms.ChoiceField(
        label="Urgency",
        required=False,
        choices=[("", "Any urgency"), *Urgency.choices],
        error_messages={"invalid_choice": "Choose an urgency from the list"},
    )
    mine = forms.BooleanField(label="My home's needs only", required=False)
    # Needs posted in a period: set by links from the area dashboard, kept while filtering.
    posted_from = forms.DateField(required=False, widget=forms.HiddenInput)
    posted_to = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, area_choices: list, show_mine: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Any area"), *area_choices]
        if not show_mine:
            del self.fields["mine"]

    def _posted_day(self, name: str):
        day = self.cleaned_data.get(name)
        if day is not None and not POSTED_EARLIEST <= day <= POSTED_LATEST:
            raise forms.ValidationError("Choose a date from 2000 to 2100")
        return day

    def clean_posted_from(self):
        return self._posted_day("posted_from")

    def clean_posted_to(self):
        return self._posted_day("posted_to")

    def statuses(self) -> list[str] | None:
        value = self.cleaned_data.get("status") if self.is_valid() else ""
        if value == "all":
            return None
        return [value] if value else list(Need.OPEN_STATUSES)


def _themes_field() -> ModelMultipleChoiceField:
    return ModelMultipleChoiceField(
        label="Themes (optional)",
        help_text="Choose the themes this is about. Partners use them to find needs they "
        "can help with.",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NeedForm(forms.Form):
    title = forms.CharField(
        label="What does your home need help with?",
        help_text="A short title, for example 'Training on recognising when a resident is "
        "becoming unwell'",
        max_length=200,
        validators=[no_resident_identifiers],
        error_messages={
            "required": "Enter what your home needs help with",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Tell us more",
        help_text="What is happening, what you have tried, and what help would make a "
        "difference. Do not include anything that could identify a resident.",
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[no_resident_identifiers],
        error_messages={"required": "Tell us more about what your home needs"},
    )
    themes = _themes_field()
    urgency = forms.ChoiceField(
        label="How soon do you need help?",
        choices=[
            (Urgency.ROUTINE, "Routine – in the next few months"),
            (Urgency.SOON, "Soon – in the next few weeks"),
            (Urgency.URGENT, "Urgent – as soon as possible"),
        ],
        widget=forms.RadioSelect,
        initial=Urgency.ROUTINE,
        error_messages={"required": "Choose how soon you need help"},
    )
    hide_home_name = forms.BooleanField(
        label="Hide my home's name from other care homes",
        help_text="Other care homes will see 'A care home in' and your area. Partners and "
        "project workers will still see your home's name, so they can help.",
        required=False,
    )

    def __init__(self, *args, need: Need | None = None, **kwargs):
        if need is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": need.title,
                "description": need.description,
                "themes": list(need.themes.all()),
                "urgency": need.urgency,
                "hide_home_name": need.hide_home_name,
            }
        super().__init__(*args, **kwargs)
        current = [t.pk for t in need.themes.all()] if need is not None else []
        self.fields["themes"].queryset = Theme.objects.filter(
            is_active=True
        ) | Theme.objects.filter(pk__in=current)


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you offering?",
        choices=RESPONDER_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are offering"},
    )
    body = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[no_resident_identifiers],
        error_messages={"required": "Enter your response"},
    )
    link = forms.URLField(
        label="Link (optional)",
        help_text="To an event, a resource or a service, for example https://www.nhs.uk/",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the link in full, like https://www.nhs.uk/"},
    )

    service = forms.ModelChoiceField(
        label="Point to a local service (optional)",
        help_text="Services in the local services directory that cover this home's area. "
        "The home will see the service with how to refer.",
        queryset=None,
        required=False,
        empty_label="No service",
        error_messages={"invalid_choice": "Choose a service that covers this home's area"},
    )

    def __init__(self, *args, as_home: bool = False, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        if as_home or services is None:
            del self.fields["service"]
        else:
            self.fields["service"].queryset = services
        if as_home:
            del self.fields["kind"]
            del self.fields["link"]
            self.fields["body"].label = "Your reply"
            self.fields["body"].error_messages["required"] = "Enter your reply"


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="What is the status of this need now?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the status of this need",
            "invalid_choice": "Choose a status from the list",
        },
    )
    what_helped = forms.CharField(
        label="What helped?",
        help_text="Needed if the need has been met. It helps other homes with the same need.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_resident_identifiers],
    )

    def __init__(self, *args, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Need.Status.MET and not cleaned.get("what_helped", "").strip():
            if "what_helped" not in self.errors:
                self.add_error("what_helped", "Tell us what helped to meet this need")
        return cleaned
