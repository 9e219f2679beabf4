"""Forms for events, feedback and meeting actions. Views hand the cleaned data to
network.services_events, which checks the rules again before saving."""

from datetime import date

from django import forms
from django.utils import timezone

from network.models import (
    EventKind,
    EventSeries,
    MeetingAction,
    Organisation,
    Registration,
    Theme,
    User,
)
from portal.forms import DateInputField, ModelMultipleChoiceField, TimeInputField, london_datetime
from portal.validators import no_resident_identifiers


def _themes_field() -> ModelMultipleChoiceField:
    return ModelMultipleChoiceField(
        label="Themes (optional)",
        help_text="Choose the themes this is about. Members use them to find events.",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _theme_choices(current: list | None = None):
    """Active themes, plus any retired theme already on the item (so saving keeps it)."""
    current_ids = [theme.pk for theme in current or []]
    return Theme.objects.filter(is_active=True) | Theme.objects.filter(pk__in=current_ids)


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of event",
        required=False,
        choices=[("", "All types")] + list(EventKind.choices),
    )
    theme = forms.ModelChoiceField(
        label="Theme", required=False, queryset=Theme.objects.all(), empty_label="All themes"
    )
    when = forms.ChoiceField(
        required=False,
        choices=[("upcoming", "Upcoming"), ("past", "Past")],
        widget=forms.HiddenInput,
    )
    # Events that started in a period: set by links from the area dashboard.
    held_from = forms.DateField(required=False, widget=forms.HiddenInput)
    held_to = forms.DateField(required=False, widget=forms.HiddenInput)

    def _held_day(self, name: str):
        day = self.cleaned_data.get(name)
        if day is not None and not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            raise forms.ValidationError("Choose a date from 2000 to 2100")
        return day

    def clean_held_from(self):
        return self._held_day("held_from")

    def clean_held_to(self):
        return self._held_day("held_to")


class EventForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        validators=[no_resident_identifiers],
        error_messages={"required": "Enter a title for the event"},
    )
    kind = forms.ChoiceField(
        label="Type of event",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of event"},
    )
    series = forms.ModelChoiceField(
        label="Part of a series (optional)",
        help_text="For example, fortnightly peer support. Actions from one meeting in a series "
        "are shown at the next.",
        queryset=EventSeries.objects.all(),
        required=False,
        empty_label="Not part of a series",
    )
    description = forms.CharField(
        label="What is it about? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_resident_identifiers],
    )
    themes = _themes_field()
    day = DateInputField(
        label="Date",
        help_text="For example, 15 3 2027",
        error_messages={"required": "Enter the date of the event"},
    )
    start_time = TimeInputField(
        label="Start time", error_messages={"required": "Enter the start time, like 14:30"}
    )
    end_time = TimeInputField(
        label="End time", error_messages={"required": "Enter the end time, like 15:30"}
    )
    venue = forms.CharField(
        label="Venue (optional if it is online)",
        help_text="The address, or the room and building",
        max_length=300,
        required=False,
        validators=[no_resident_identifiers],
    )
    online_url = forms.URLField(
        label="Online joining link (optional if it has a venue)",
        help_text="Only people who have registered will see this link",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the joining link in full, like https://meet.example/abc"},
    )
    capacity = forms.IntegerField(
        label="Number of places (optional)",
        help_text="Leave empty if there is no limit",
        required=False,
        min_value=1,
        max_value=10000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the number of places as a whole number, like 20",
            "min_value": "The number of places must be 1 or more",
            "max_value": "The number of places must be 10,000 or fewer",
        },
    )
    recording_url = forms.URLField(
        label="Recording link (optional)",
        help_text="Add this after the event if it was recorded",
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the recording link in full, like https://video.example/1"
        },
    )

    def __init__(self, *args, event=None, **kwargs):
        self.event = event
        if event is not None and "initial" not in kwargs:
            from portal.forms import london_parts

            day, start = london_parts(event.starts_at)
            _, end = london_parts(event.ends_at)
            kwargs["initial"] = {
                "title": event.title,
                "kind": event.kind,
                "series": event.series_id,
                "description": event.description,
                "themes": list(event.themes.all()),
                "day": day,
                "start_time": start,
                "end_time": end,
                "venue": event.venue,
                "online_url": event.online_url,
                "capacity": event.capacity,
                "recording_url": event.recording_url,
            }
        super().__init__(*args, **kwargs)
        current = list(event.themes.all()) if event is not None else []
        self.fields["themes"].queryset = _theme_choices(current)
        if not self.fields["themes"].queryset.exists():
            del self.fields["themes"]  # nothing to choose from
        if event is None:
            # A recording only exists after the event.
            del self.fields["recording_url"]

    def clean(self) -> dict:
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            cleaned["starts_at"] = london_datetime(day, start)
            cleaned["ends_at"] = london_datetime(day, end)
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error("end_time", "The end must be after the start")
            elif self.event is None and cleaned["starts_at"] <= timezone.now():
                self.add_error("day", "The event must start in the future")
        if (
            not cleaned.get("venue")
            and not cleaned.get("online_url")
            and not self.has_error("online_url")
        ):
            self.add_error("venue", "Give a venue, an online joining link, or both")
        return cleaned


class SeriesForm(forms.Form):
    title = forms.CharField(
        label="Name of the series",
        help_text="For example, Fortnightly peer support for care home managers",
        max_length=200,
        validators=[no_resident_identifiers],
        error_messages={"required": "Enter a name for the series"},
    )
    kind = forms.ChoiceField(
        label="Type of event",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of event"},
    )
    description = forms.CharField(
        label="What is it for? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_resident_identifiers],
    )
    themes = _themes_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _theme_choices()
        if not self.fields["themes"].queryset.exists():
            del self.fields["themes"]  # nothing to choose from


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled? (optional)",
        help_text="We will include this in the email to everyone who registered",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_resident_identifiers],
    )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came?",
        help_text="Tick everyone who came. Anyone not ticked is recorded as not attending.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, registrations: list[Registration], **kwargs):
        kwargs.setdefault("initial", {"attended": [str(r.pk) for r in registrations if r.attended]})
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(r.pk), r.user.full_name or r.user.email) for r in registrations
        ]
        self.fields["attended"].error_messages["invalid_choice"] = (
            "Choose from the people registered for this event"
        )


RATING_CHOICES = [
    ("5", "5 – very good"),
    ("4", "4 – good"),
    ("3", "3 – neither good nor poor"),
    ("2", "2 – poor"),
    ("1", "1 – very poor"),
]


def _answer(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_resident_identifiers],
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Overall, how was the event?",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the event was, from 1 to 5"},
    )
    feeling = _answer("How did you feel during the event? (optional)")
    takeaway = _answer("What will you take away from it? (optional)")
    idea_now = _answer(
        "One thing we could do now, at no cost (optional)",
        "An idea for your home or the network that needs no money",
    )
    idea_resources = _answer(
        "One thing we could do with some resources (optional)",
        "Something that would need some time, money or help",
    )
    idea_dream = _answer(
        "One dream (optional)", "If anything were possible, what would you change?"
    )


class ActionForm(forms.Form):
    """What an organiser records: the action, its owner and due date."""

    description = forms.CharField(
        label="What needs to be done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_resident_identifiers],
        error_messages={"required": "Enter what needs to be done"},
    )
    owner_user = forms.ModelChoiceField(
        label="Person who owns it",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose a person",
    )
    owner_organisation = forms.ModelChoiceField(
        label="Or the organisation that owns it",
        help_text="For an organisation's action, its care home managers (or, for other "
        "organisations, any of its members) can update it",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose an organisation",
    )
    due_date = DateInputField(
        label="Due date (optional)",
        help_text="For example, 30 4 2027",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = User.objects.filter(is_active=True).order_by(
            "full_name"
        )
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name")

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("owner_user") and not cleaned.get("owner_organisation"):
            if not self.has_error("owner_user") and not self.has_error("owner_organisation"):
                self.add_error(
                    "owner_user", "Choose who owns this action: a person, an organisation, or both"
                )
        return cleaned


class ActionUpdateForm(forms.Form):
    """What an owner updates: how it is going."""

    status = forms.ChoiceField(
        label="Where has it got to?",
        choices=MeetingAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the action has got to"},
    )
    progress_note = forms.CharField(
        label="Progress so far (optional)",
        help_text="This is shown at the next meeting",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_resident_identifiers],
    )


class ActionEditForm(ActionForm, ActionUpdateForm):
    """Everything about an action, for organisers."""

    field_order = ["description", "owner_user", "owner_organisation", "due_date", "status"]
