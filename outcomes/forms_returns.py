"""The monthly figures form (one box per measure) and the correction form. Both check the
figures with outcomes.figures, as the services do again before saving."""

from django import forms

from outcomes import figures
from outcomes.models import NetworkMeasure
from portal.validators import no_resident_identifiers


def _figure_field(measure: NetworkMeasure) -> forms.CharField:
    return forms.CharField(
        label=measure.title,
        required=False,
        max_length=12,
        help_text=measure.definition,
        widget=forms.TextInput(
            attrs={
                "class": "nhsuk-input--width-5",
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )


class FiguresForm(forms.Form):
    """One box per measure the home sends. `measures` and `rules` come from
    outcomes.selectors_measures (measures_for_home, rate_rules)."""

    def __init__(self, *args, measures, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures, self.rules = list(measures), list(rules)
        for measure in self.measures:
            self.fields[figures.field_name(measure)] = _figure_field(measure)

    def raw(self) -> dict[int, object]:
        """What was typed, by measure id (for the service)."""
        return {m.pk: self.data.get(self.add_prefix(figures.field_name(m))) for m in self.measures}

    def clean(self):
        cleaned = super().clean()
        _, errors = figures.check(self.measures, self.raw(), self.rules)
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned


class CorrectionForm(FiguresForm):
    reason = forms.CharField(
        label="Why are the figures changing?",
        help_text="For example, 'a fall was recorded in the log after we sent the figures'. "
        "Do not name residents. Everyone who can see these figures can read this.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_resident_identifiers],
        error_messages={
            "required": "Say why the figures are changing",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([*(figures.field_name(m) for m in self.measures), "reason"])
