"""Forms for measures, their values and annotations. Views hand the cleaned data to
qi_cycles.services_measures, which checks it again before saving."""

from django import forms

from portal.forms import DateInputField
from portal.uploads import OutOfSpaceFormMixin
from qi_cycles import imports
from qi_cycles.models import Measure
from qi_cycles.services_measures import MEASURE_FIELDS

KIND_HELP = (
    "Outcome: the result you want for residents, like the number of falls. Process: whether "
    "the change is being done, like the share of night checks carried out. Balancing: "
    "something that could get worse because of the change, like residents woken at night."
)


class MeasureForm(forms.ModelForm):
    """Create a measure; with `settings=True` (changing a measure) also the SPC settings."""

    class Meta:
        model = Measure
        fields = list(MEASURE_FIELDS)  # what services_measures saves
        labels = {
            "name": "Name of the measure",
            "kind": "What kind of measure is it?",
            "definition": "Operational definition",
            "unit": "Unit",
            "direction": "Which way is better?",
            "target": "Target (optional)",
            "frequency": "How often will you count it?",
            "chart_kind": "Which chart should we show first?",
            "is_key": "Show this measure's chart on the project summary",
            "screen_outliers": "Leave out very large jumps when working out the limits",
            "fix_after_n_points": "Fix the limits after this many values (optional)",
        }
        help_texts = {
            "name": "For example, 'Falls at night' or 'Residents offered a drink every hour'",
            "kind": KIND_HELP,
            "definition": "Say exactly what counts, how you count it and when. For example: "
            "'Falls between 10pm and 6am recorded in the incident log, counted every Monday "
            "for the week before.' Everyone who counts should get the same number.",
            "unit": "For example: falls, residents, %, minutes",
            "target": "Leave this empty if you have no target. With a target, the SPC chart "
            "shows whether you can expect to meet it.",
            "chart_kind": "A run chart compares values with the middle value (median). An SPC "
            "chart works out the range values normally vary in (the limits) and marks "
            "anything unusual. You can switch between them on the measure's page.",
            "is_key": "Its chart is also shown in the case study and the PDF.",
            "screen_outliers": "Leave this on unless you need to match the Making Data Count "
            "Excel tool, which keeps every jump.",
            "fix_after_n_points": "Leave this empty to work out the average and limits from "
            "all the values. Enter a number, like 12, to work them out from the first 12 "
            "values of each period and then keep them fixed, so later values are compared "
            "with the starting point.",
        }
        error_messages = {
            "name": {"required": "Enter the name of the measure"},
            "kind": {"required": "Choose what kind of measure it is"},
            "definition": {"required": "Enter the operational definition"},
            "unit": {"required": "Enter the unit, like falls or %"},
            "direction": {"required": "Choose which way is better"},
            "target": {
                "invalid": "Enter the target as a number, like 12 or 3.5",
                "max_decimal_places": "Enter the target with up to 4 decimal places",
                "max_digits": "Enter a target smaller than 10,000,000,000",
                "max_whole_digits": "Enter a target smaller than 10,000,000,000",
            },
            "frequency": {"required": "Choose how often you will count it"},
            "chart_kind": {"required": "Choose which chart to show first"},
            "fix_after_n_points": {"invalid": "Enter a whole number, like 12"},
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "unit": forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
            "target": forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
            "fix_after_n_points": forms.TextInput(
                attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}
            ),
        }

    def __init__(self, *args, settings: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "direction", "frequency", "chart_kind"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0]]
            field.widget = forms.RadioSelect(choices=field.choices)
        self.fields["target"].localize = False
        if not settings:
            del self.fields["screen_outliers"]
            del self.fields["fix_after_n_points"]

    def clean_fix_after_n_points(self):
        value = self.cleaned_data.get("fix_after_n_points")
        if value is not None and value < 2:
            raise forms.ValidationError("Enter a number of 2 or more, like 12")
        return value


class ValueForm(forms.Form):
    date = DateInputField(
        label="Date",
        help_text="For example, 3 2 2026",
        error_messages={"required": "Enter the date the value is for"},
    )
    value = forms.CharField(
        label="Value",
        max_length=30,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "inputmode": "decimal"}),
        error_messages={"required": "Enter the value, like 12 or 3.5"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "value")
        super().__init__(*args, **kwargs)

    def clean_value(self):
        try:
            return imports.parse_number(self.cleaned_data["value"])
        except ValueError as error:
            message = str(error)
            raise forms.ValidationError(message[:1].upper() + message[1:]) from None


class AnnotationForm(forms.Form):
    date = DateInputField(
        label="Date",
        help_text="For example, 3 2 2026",
        error_messages={"required": "Enter the date of the note"},
    )
    text = forms.CharField(
        label="Note",
        max_length=200,
        help_text="What happened, like 'New sensor mats on the first floor' or 'Two staff "
        "off sick'. Do not name residents.",
        error_messages={
            "required": "Enter the note",
            "max_length": "The note must be 200 characters or fewer",
        },
    )
    starts_new_period = forms.BooleanField(
        label="Start a new period here",
        required=False,
        help_text="Tick this when something changed for good on this date, like a new way of "
        "working everyone now follows. The SPC chart then works out a new average and new "
        "limits from this date, so you can see whether the change is holding.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)


class ImportForm(OutOfSpaceFormMixin, forms.Form):
    """Step 1: paste two columns or choose a CSV file."""

    pasted = forms.CharField(
        label="Paste your values",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text="Two columns: the date, then the value. Copy them from a spreadsheet, or "
        "type one date and value a line, like '3/2/2026 12'. Dates are read day first, as "
        "in the UK: 03/02/2026 is 3 February 2026. A first row of headings is fine.",
    )
    upload = forms.FileField(
        label="Or choose a CSV file",
        required=False,
        help_text="A CSV file of up to 1 MB with the date in the first column and the value "
        "in the second. In Excel, choose File, Save as, and CSV.",
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return ""
        if upload.size > imports.MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file")
        try:
            return imports.decode_upload(upload.read())
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        pasted = (cleaned.get("pasted") or "").strip()
        upload = cleaned.get("upload") or ""
        if self.errors:
            return cleaned
        if pasted and upload:
            raise forms.ValidationError("Paste your values or choose a file, not both")
        text = pasted or upload
        if not text.strip():
            self.add_error("pasted", "Paste your values or choose a CSV file")
            return cleaned
        rows = sum(1 for line in text.splitlines() if line.strip())
        if rows > imports.MAX_ROWS + 1:
            raise forms.ValidationError(
                f"You can add up to {imports.MAX_ROWS:,} values at a time. Split them into "
                "smaller batches"
            )
        cleaned["text"] = text
        return cleaned


class ConfirmImportForm(forms.Form):
    """Step 2: the same text again, checked again before saving."""

    data = forms.CharField(widget=forms.HiddenInput, max_length=2 * imports.MAX_FILE_BYTES)
