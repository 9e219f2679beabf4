"""Forms for the directory filters, organisation profiles, themes and the agreement."""

from django import forms

from network.models import Area, ServiceType, Theme
from network.roles import OrganisationKind, Role
from portal.forms import ModelMultipleChoiceField
from portal.validators import no_resident_identifiers


def _clean_phone(value: str) -> str:
    phone = value.strip()
    digits = phone.replace(" ", "").replace("+", "").replace("(", "").replace(")", "")
    if phone and (not digits.isdigit() or not 10 <= len(digits) <= 13):
        raise forms.ValidationError("Enter a phone number, like 023 8079 6000 or +44 23 8079 6000")
    return phone


# ---------------------------------------------------------------------------------------
# Directory filters (GET forms: a bad value is ignored with a message, never a crash)


class _FilterForm(forms.Form):
    def __init__(self, *args, area_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Any area"), *area_choices]


class PeopleFilterForm(_FilterForm):
    q = forms.CharField(label="Name", required=False, max_length=100)
    organisation = forms.CharField(label="Organisation", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Any role"), *Role.choices],
        error_messages={"invalid_choice": "Choose a role from the list"},
    )
    area = forms.TypedChoiceField(
        label="Area",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    kind = forms.ChoiceField(
        label="Type of organisation",
        required=False,
        choices=[("", "Any type"), *OrganisationKind.choices],
        error_messages={"invalid_choice": "Choose a type of organisation from the list"},
    )
    champions = forms.BooleanField(label="Champions only", required=False)


class OrganisationFilterForm(_FilterForm):
    q = forms.CharField(label="Name", required=False, max_length=100)
    area = PeopleFilterForm.base_fields["area"]
    kind = PeopleFilterForm.base_fields["kind"]


# ---------------------------------------------------------------------------------------
# Organisation profile


class OrganisationProfileForm(forms.Form):
    """The fields depend on who is editing: managers never see name, type, area or IDs."""

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"}
    )
    kind = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationKind.choices,
        error_messages={"required": "Choose the type of organisation"},
    )
    cqc_location_id = forms.CharField(
        label="CQC location ID (optional)",
        max_length=20,
        required=False,
        help_text="As it appears on the CQC website, like 1-123456789. Care homes only.",
    )
    ods_code = forms.CharField(
        label="ODS code (optional)",
        max_length=6,
        required=False,
        help_text="For NHS organisations, like RHM or QRL",
    )
    about = forms.CharField(
        label="About (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few sentences for other members: what you do and what you are working "
        "on. Do not write anything that could identify a resident.",
        validators=[no_resident_identifiers],
    )
    address = forms.CharField(
        label="Address (optional)",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "nhsuk-input--width-10"}
        ),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "class": "nhsuk-input--width-20"}
        ),
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.example.org"
        },
    )
    registered_beds = forms.IntegerField(
        label="Registered beds (optional)",
        required=False,
        min_value=0,
        max_value=1000,
        help_text="The number on your CQC registration",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Enter registered beds as a whole number, like 40",
            "min_value": "Registered beds must be 0 or more",
            "max_value": "Registered beds must be 1,000 or fewer",
        },
    )
    service_types = ModelMultipleChoiceField(
        label="Service types (optional)",
        required=False,
        queryset=ServiceType.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )

    IDENTITY = ("name", "kind", "area", "cqc_location_id", "ods_code")
    CARE_HOME_ONLY = ("registered_beds", "service_types")

    def __init__(
        self,
        *args,
        identity: bool,
        care_home: bool,
        area_choices: list[tuple[int, str]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if identity:
            area_field = forms.ModelChoiceField(
                label="Area",
                queryset=Area.objects.all(),
                error_messages={
                    "required": "Choose the area the organisation is in",
                    "invalid_choice": "Choose an area from the list",
                },
            )
            # Areas in tree order (region, ICB area, locality), not alphabetical.
            area_field.choices = [("", "Choose an area"), *(area_choices or [])]
            fields, self.fields = dict(self.fields), {}
            for name, field in fields.items():
                self.fields[name] = field
                if name == "kind":
                    self.fields["area"] = area_field
        else:
            for name in self.IDENTITY:
                self.fields.pop(name, None)
        if not care_home:
            for name in self.CARE_HOME_ONLY:
                self.fields.pop(name)

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])

    def clean_postcode(self) -> str:
        from network.services_directory import normalise_postcode

        return normalise_postcode(self.cleaned_data["postcode"])


# ---------------------------------------------------------------------------------------
# Themes


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={"required": "Enter a name for the theme"},
    )
    kind = forms.ChoiceField(
        label="Kind of theme",
        choices=Theme.Kind.choices,
        initial=Theme.Kind.TOPIC,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of theme"},
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences that help people choose the right theme",
    )


class ThemeActiveForm(forms.Form):
    is_active = forms.TypedChoiceField(
        coerce=lambda value: value == "yes",
        choices=[("yes", "Restore"), ("no", "Retire")],
        error_messages={"required": "Choose whether to retire or restore the theme"},
    )


# ---------------------------------------------------------------------------------------
# Agreement


class AgreementPublishForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    body = forms.CharField(
        label="Text of the agreement",
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Plain text. Leave a blank line between paragraphs.",
        error_messages={"required": "Enter the text of the agreement"},
    )
    summary_of_changes = forms.CharField(
        label="What has changed",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Members see this when they are asked to sign the new version",
    )


class AgreementSignForm(forms.Form):
    version = forms.IntegerField(min_value=1)
