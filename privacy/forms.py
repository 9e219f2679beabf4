from django import forms

from privacy.models import ErasureRequest, RetentionSetting


class ErasureRequestForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why do you want your account erased? (optional)",
        choices=ErasureRequest.Reason.choices,
        required=False,
        initial="",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the reasons listed"},
    )
    understand = forms.BooleanField(
        label="I understand my account will be closed and I will not be able to sign in",
        error_messages={"required": "Tick the box to say you understand what will happen"},
    )


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label="Deactivate accounts not used for this many months",
        help_text=(
            f"Enter 0 to never deactivate accounts, or at least "
            f"{RetentionSetting.MINIMUM_MONTHS}. Network admins are never deactivated."
        ),
        min_value=0,
        max_value=240,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter a number of months",
            "invalid": "Enter the number of months as a whole number, like 24",
            "min_value": "Enter 0 or a number of months above 0",
            "max_value": "Enter 240 months (20 years) or fewer",
        },
    )

    def clean_months(self) -> int:
        months = self.cleaned_data["months"]
        if 0 < months < RetentionSetting.MINIMUM_MONTHS:
            raise forms.ValidationError(
                f"Enter 0 or at least {RetentionSetting.MINIMUM_MONTHS} months, so nobody "
                "is deactivated after a short holiday"
            )
        return months
