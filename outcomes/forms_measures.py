"""Forms for defining a network measure and for the reporting window (project workers).
outcomes.services_measures checks everything again before saving."""

from django import forms

from network.models import Organisation
from network.roles import OrganisationKind
from network.selectors_directory import AreaTree
from outcomes.models import NetworkMeasure
from portal.forms import ModelMultipleChoiceField


class MeasureForm(forms.Form):
    """Add a measure (`kind` chosen) or change one (`kind` fixed: figures depend on it)."""

    kind = forms.ChoiceField(
        label="What kind of measure is it?",
        choices=NetworkMeasure.Kind.choices,
        widget=forms.RadioSelect,
        help_text="Homes type each count. A rate is never typed: the portal works it out from "
        "two counts, like appropriate referrals ÷ all referrals.",
        error_messages={"required": "Choose what kind of measure it is"},
    )
    title = forms.CharField(
        label="Name of the measure",
        max_length=120,
        help_text="Short and plain, like 'Falls' or 'Referrals to community nursing'",
        error_messages={
            "required": "Enter the name of the measure",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    definition = forms.CharField(
        label="What exactly to count",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The operational definition, in plain English, so every home counts the same "
        "way. For example: 'Every fall in the home's incident log during the month, including "
        "falls with no injury.'",
        error_messages={"required": "Say exactly what to count"},
    )
    unit = forms.CharField(
        label="Unit",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
        help_text="For example: falls, referrals, residents. Rates are shown as %.",
    )
    direction = forms.ChoiceField(
        label="Which way is better?",
        choices=NetworkMeasure.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which way is better"},
    )
    target = forms.DecimalField(
        label="Target (optional)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=False,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "inputmode": "decimal"}),
        help_text="For a count, the target is for one home in one month, and is shown on each "
        "home's chart. For a rate, it is a percentage and is shown on every chart.",
        error_messages={
            "invalid": "Enter the target as a number, like 3 or 80",
            "min_value": "The target cannot be less than 0",
            "max_decimal_places": "Enter the target with up to 2 decimal places",
            "max_digits": "Enter a smaller target",
            "max_whole_digits": "Enter a smaller target",
        },
    )
    counts_people = forms.BooleanField(
        label="It counts people (residents or staff)",
        required=False,
        help_text="Then totals of 1 to 4 read 'fewer than 5', so nobody can be picked out. A "
        "rate counts people when either of its counts does.",
    )
    numerator = forms.ModelChoiceField(
        label="Count to divide (for a rate)",
        required=False,
        queryset=NetworkMeasure.objects.none(),
        empty_label="Choose a count",
        help_text="For example, appropriate referrals",
    )
    denominator = forms.ModelChoiceField(
        label="Count to divide by (for a rate)",
        required=False,
        queryset=NetworkMeasure.objects.none(),
        empty_label="Choose a count",
        help_text="For example, all referrals to community nursing",
    )
    reporting = forms.ChoiceField(
        label="Which care homes send it? (for a count)",
        choices=NetworkMeasure.Reporting.choices,
        widget=forms.RadioSelect,
        initial=NetworkMeasure.Reporting.ALL,
        required=False,
    )
    areas = forms.TypedMultipleChoiceField(
        label="Areas (if you chose 'care homes in chosen areas')",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Homes in each area and in the areas inside it send the count.",
        error_messages={"invalid_choice": "Choose areas from the list"},
    )
    homes = ModelMultipleChoiceField(
        label="Care homes (if you chose 'chosen care homes')",
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose care homes from the list"},
    )

    # The copy of the measure this form was loaded at (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, tree: AreaTree, editing: NetworkMeasure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree
        counts = NetworkMeasure.objects.filter(
            kind=NetworkMeasure.Kind.COUNT, retired_at__isnull=True
        ).order_by("position", "pk")
        for name in ("numerator", "denominator"):
            self.fields[name].queryset = counts
        self.fields["areas"].choices = [
            (a.pk, tree.path(a.pk)) for a in sorted(tree.by_id.values(), key=tree.path)
        ]
        self.fields["homes"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.CARE_HOME
        ).order_by("name")
        if editing is not None:
            del self.fields["kind"]
            if editing.is_rate:
                for name in ("reporting", "areas", "homes", "counts_people"):
                    del self.fields[name]
            else:
                del self.fields["numerator"]
                del self.fields["denominator"]

    def clean_areas(self):
        ids = self.cleaned_data.get("areas") or []
        return [self.tree.by_id[pk] for pk in ids if pk in self.tree.by_id]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == NetworkMeasure.Kind.COUNT and not (cleaned.get("unit") or "").strip():
            self.add_error("unit", "Enter the unit, like falls or referrals")
        if (
            kind == NetworkMeasure.Kind.COUNT
            and "reporting" in cleaned
            and not cleaned["reporting"]
        ):
            cleaned["reporting"] = NetworkMeasure.Reporting.ALL
        return cleaned

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("areas", [])
        data.setdefault("homes", [])
        data["areas"] = list(data["areas"])
        data["homes"] = list(data["homes"])
        if not data.get("reporting") and "reporting" in self.fields:
            data["reporting"] = NetworkMeasure.Reporting.ALL
        if "reporting" not in self.fields:
            data.pop("reporting", None)
        data["unit"] = data.get("unit") or ("%" if data.get("kind") == "rate" else "")
        data.pop("version", None)
        return data


def measure_initial(measure: NetworkMeasure) -> dict:
    return {
        "title": measure.title,
        "definition": measure.definition,
        "unit": measure.unit,
        "direction": measure.direction,
        "target": measure.target,
        "counts_people": measure.counts_people,
        "numerator": measure.numerator_id,
        "denominator": measure.denominator_id,
        "reporting": measure.reporting,
        "areas": [a.pk for a in measure.areas.all()],
        "homes": [h.pk for h in measure.homes.all()],
        "version": measure.version,
    }


class WindowForm(forms.Form):
    opens_day = forms.IntegerField(
        label="Day the return opens",
        min_value=1,
        max_value=31,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
        help_text="A day of the month after the month the figures are for, from 1 to 31. For "
        "example, 8: October's figures can be sent from 8 November.",
        error_messages={
            "required": "Enter the day the return opens",
            "invalid": "Enter the opening day as a number from 1 to 31",
            "min_value": "Enter the opening day as a number from 1 to 31",
            "max_value": "Enter the opening day as a number from 1 to 31",
        },
    )
    closes_day = forms.IntegerField(
        label="Last day to send figures on time",
        min_value=1,
        max_value=31,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
        help_text="From 1 to 31. A day past the end of a month means its last day (31 means "
        "28 or 29 February). Figures sent later are still taken, marked late.",
        error_messages={
            "required": "Enter the last day to send figures on time",
            "invalid": "Enter the closing day as a number from 1 to 31",
            "min_value": "Enter the closing day as a number from 1 to 31",
            "max_value": "Enter the closing day as a number from 1 to 31",
        },
    )

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_day"), cleaned.get("closes_day")
        if opens and closes and closes < opens:
            self.add_error(
                "closes_day", "The closing day must be the same as or after the opening day"
            )
        return cleaned
