from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import password_validation

from network.roles import Role


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send the invitation to this address. It can only be used once "
        "and lasts 14 days.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="What will they do?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what they will do",
            "invalid_choice": "You cannot give someone a role above your own. "
            "Choose one of the roles listed.",
        },
    )

    def __init__(self, *args, roles: list[Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0].value
        self.fields["email"].error_messages = {
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        max_length=150,
        required=False,
        help_text="For example, senior carer or deputy manager",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="Use at least 12 characters. A few random words together work well.",
        strip=False,
        error_messages={"required": "Create a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Type your password again",
        strip=False,
        error_messages={"required": "Type your password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_password1(self) -> str:
        from network.models import User

        password = self.cleaned_data["password1"]
        candidate = User(email=self.email, full_name=self.data.get("full_name", ""))
        password_validation.validate_password(password, candidate)
        return password

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("password1")
            and cleaned.get("password2") is not None
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", "The passwords do not match. Type the same password twice.")
        return cleaned


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    show_email = forms.BooleanField(label="Show my email address to other members", required=False)
    show_phone = forms.BooleanField(label="Show my phone number to other members", required=False)

    CONTACT_FIELDS = ("show_email", "show_phone")

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = phone.replace(" ", "").replace("+", "").replace("(", "").replace(")", "")
        if phone and (not digits.isdigit() or not 10 <= len(digits) <= 13):
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001 or +44 7700 900 982"
            )
        return phone


class ChampionForm(forms.Form):
    is_champion = forms.TypedChoiceField(
        coerce=lambda value: value == "yes",
        choices=[("yes", "Make champion"), ("no", "Stop being a champion")],
        error_messages={"required": "Choose whether they are a champion"},
    )


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or area", required=False, max_length=100)


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form with the field names and messages NHS.UK pages use."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["login"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
        self.fields["password"].error_messages["required"] = "Enter your password"


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
