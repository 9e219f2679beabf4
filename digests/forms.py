from django import forms

from digests.models import Frequency

CHOOSE = "Choose how often you want digest emails"


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often do you want a digest email?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text="We only send one when there is something new for you.",
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )
