"""Form fields every app reuses: an NHS.UK date input and a 24-hour time box.

Times are entered in the network's own time zone (Europe/London) and stored in UTC;
`london_datetime` joins a date and a time entered here into an aware datetime.

    starts_on = DateInputField(label="Date", error_messages={"required": "Enter the date"})
    starts_at_time = TimeInputField(label="Start time")
    ...
    starts_at = london_datetime(cleaned["starts_on"], cleaned["starts_at_time"])
"""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

LONDON = ZoneInfo("Europe/London")


class DateInput(forms.MultiWidget):
    """Day, month and year boxes, drawn by the nhsuk pack as an NHS.UK date input."""

    nhsuk_date_input = True
    subwidget_labels = ["Day", "Month", "Year"]

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.Field):
    """A date typed as day, month and year, with the NHS.UK error messages.

    Messages can be replaced with `error_messages`: required ("Enter a date"), invalid
    ("Enter a real date") and incomplete ("The date must include a day, month and year").
    """

    widget = DateInput
    default_error_messages = {
        "required": "Enter a date",
        "invalid": "Enter a real date",
        "incomplete": "The date must include a {missing}",
        "year": "Enter the year as 4 numbers, like 2026",
    }

    def to_python(self, value):
        if isinstance(value, date):
            return value
        if not isinstance(value, list | tuple):
            return None
        parts = [str(part if part is not None else "").strip() for part in value]
        if not any(parts):
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"].format(missing=" and ".join(missing)),
                code="incomplete",
            )
        day, month, year = parts
        if not all(part.isdigit() for part in parts):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(year) != 4:
            raise ValidationError(self.error_messages["year"], code="year")
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # OverflowError: a day like 2147483648
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


class TimeInputField(forms.Field):
    """A time of day typed as hours and minutes on the 24-hour clock, like 14:30."""

    default_error_messages = {
        "required": "Enter a time like 14:30",
        "invalid": "Enter a time like 14:30",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Use the 24-hour clock, like 09:30 or 14:00")
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "class": "nhsuk-input--width-5",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, time):
            return value.strftime("%H:%M")
        return value

    def to_python(self, value):
        if isinstance(value, time):
            return value
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        match = _TIME.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return time(hour, minute)

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


def london_datetime(day: date, at: time) -> datetime:
    """The moment `at` o'clock on `day`, as read on a clock in England."""
    return datetime.combine(day, at, tzinfo=LONDON)


def london_parts(moment: datetime) -> tuple[date, time]:
    """The date and time a clock in England showed at `moment`."""
    local = moment.astimezone(LONDON)
    return local.date(), local.time().replace(second=0, microsecond=0)


def posted_data(request):
    """The submitted data, or None on GET. (An empty POST, such as attendance with nobody
    ticked, still counts as submitted.)"""
    return request.POST if request.method == "POST" else None


def add_service_errors(form: forms.Form, error, field_map: dict | None = None) -> None:
    """Show a service's ValidationError on the form: next to its field, or above the form.

    `field_map` renames model fields to the form fields that hold them, such as
    {"starts_at": "day"} where a date and time are typed separately.
    """
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, field_errors in error.message_dict.items():
        name = (field_map or {}).get(name, name)
        for message in field_errors:
            form.add_error(name if name in form.fields else None, message.rstrip("."))


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, but an id too big for the database is "not one of the choices".

    On SQLite, Django's field sent a tampered id such as 9223372036854775808 to the
    database and failed with OverflowError (a server error)."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            too_big = next((v for v in value if str(v).strip().lstrip("-").isdigit()), "")
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": too_big},
            ) from None
