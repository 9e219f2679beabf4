"""Forms for the local services directory: the list's filters, an entry, suggesting a
correction, deciding on one, and finding people to name as contacts. Views hand the
cleaned data to localservices.services, which checks the rules again."""

from django import forms

from localservices.models import ServiceKind, Suggestion
from localservices.services import REASON_MAX, ServiceDetails
from localservices.validators import EMAIL_MESSAGE, PHONE_MESSAGE, URL_MESSAGE, uk_phone
from network.models import Area, Organisation, Theme
from network.roles import OrganisationKind
from network.selectors_directory import AreaTree
from portal.forms import ModelMultipleChoiceField
from portal.validators import no_resident_identifiers

TEXT_LIMIT = "This must be {n} characters or fewer"


def area_checkbox_choices(tree: AreaTree, allowed: set[int] | None = None) -> list:
    """Every area (or those in `allowed`) in tree order: each region, then its ICB areas,
    each followed by its localities."""
    children: dict[int | None, list[Area]] = {}
    for area in sorted(tree.by_id.values(), key=lambda a: a.name):
        children.setdefault(area.parent_id, []).append(area)
    choices = []

    def walk(parent_id, depth):
        for area in children.get(parent_id, []):
            if allowed is None or area.pk in allowed:
                if depth == 0:
                    label = f"All of {area.name}"
                elif children.get(area.pk):
                    label = f"All of {area.name}"
                else:
                    parent = tree.by_id.get(area.parent_id)
                    label = f"{area.name} ({parent.name})" if parent else area.name
                choices.append((area.pk, label))
            walk(area.pk, depth + 1)

    walk(None, 0)
    return choices


class ServiceFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="A name, an organisation or what the service does, like ‘falls’",
    )
    kind = forms.ChoiceField(
        label="Kind of service",
        required=False,
        choices=[("", "Any kind"), *ServiceKind.choices],
        error_messages={"invalid_choice": "Choose a kind of service from the list"},
    )
    area = forms.TypedChoiceField(
        label="Area it covers",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    theme = forms.ModelChoiceField(
        label="Helps with",
        required=False,
        queryset=Theme.objects.all(),
        empty_label="Any theme",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )
    inactive = forms.BooleanField(label="Include services no longer running", required=False)

    FILTERS = ("q", "kind", "theme", "inactive")

    def __init__(self, *args, area_choices: list, show_inactive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Any area"), *area_choices]
        if not show_inactive:
            del self.fields["inactive"]


def _text(label: str, missing: str, *, max_length=None, textarea=False, rows=4, **kwargs):
    messages = {"required": missing}
    if max_length:
        messages["max_length"] = TEXT_LIMIT.format(n=max_length)
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if textarea else None,
        validators=[no_resident_identifiers],
        error_messages=messages,
        **kwargs,
    )


def _url(label: str, help_text: str) -> forms.URLField:
    return forms.URLField(
        label=label,
        help_text=help_text,
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": URL_MESSAGE, "max_length": TEXT_LIMIT.format(n=200)},
    )


class ServiceForm(forms.Form):
    name = _text(
        "Name of the service",
        "Enter the name of the service",
        max_length=200,
        help_text="As the service calls itself, like ‘Southampton Falls Prevention Service’",
    )
    kind = forms.ChoiceField(
        label="Kind of service",
        choices=[("", "Choose a kind"), *ServiceKind.choices],
        error_messages={
            "required": "Choose what kind of service it is",
            "invalid_choice": "Choose a kind of service from the list",
        },
    )
    summary = _text(
        "What does the service do?",
        "Say what the service does",
        textarea=True,
        help_text="2 or 3 short sentences in plain words, for carers who have not used it",
    )
    provider = forms.ModelChoiceField(
        label="Organisation that runs it (optional)",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Not in the directory: type its name below",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    provider_name = _text(
        "Or type the organisation's name",
        "",
        max_length=200,
        required=False,
        help_text="For example ‘Age UK Portsmouth’. Leave empty if you chose one above.",
    )
    areas = forms.TypedMultipleChoiceField(
        label="Areas it covers",
        help_text="A service for a whole ICB area or region covers every place in it.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one area the service covers",
            "invalid_choice": "Choose areas from the list",
        },
    )
    themes = ModelMultipleChoiceField(
        label="What it helps with (optional)",
        help_text="Needs on these themes show this service under ‘Services that may help’.",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligibility = _text(
        "Who is it for?",
        "Say who the service is for",
        textarea=True,
        rows=3,
        help_text="For example ‘Residents aged 65 or over who have fallen in the last year’",
    )
    opening_hours = _text(
        "Opening hours (optional)",
        "",
        max_length=300,
        required=False,
        help_text="For example ‘Monday to Friday, 8am to 6pm’",
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=30,
        validators=[uk_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        error_messages={"max_length": PHONE_MESSAGE},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_MESSAGE},
    )
    website = _url("Website (optional)", "For example https://www.example.nhs.uk/falls")
    how_to_refer = _text(
        "How to refer someone",
        "Say how to refer someone to the service",
        textarea=True,
        help_text="Who can refer, how (phone, form, GP) and what to have ready",
    )
    referral_url = _url("Link to the referral form (optional)", "If the service has one online")
    checked = forms.BooleanField(
        label="I have checked that everything on this entry is right today",
        help_text="The entry will say ‘Checked’ with today's date.",
        required=False,
    )

    def __init__(self, *args, area_choices: list, service=None, **kwargs):
        if service is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": service.name,
                "kind": service.kind,
                "summary": service.summary,
                "provider": service.provider_id,
                "provider_name": service.provider_name,
                "areas": [a.pk for a in service.areas.all()],
                "themes": [t.pk for t in service.themes.all()],
                "eligibility": service.eligibility,
                "opening_hours": service.opening_hours,
                "phone": service.phone,
                "email": service.email,
                "website": service.website,
                "how_to_refer": service.how_to_refer,
                "referral_url": service.referral_url,
            }
        super().__init__(*args, **kwargs)
        if service is None:
            del self.fields["checked"]
        self.fields["areas"].choices = area_choices
        self.fields["provider"].queryset = Organisation.objects.exclude(
            kind=OrganisationKind.CARE_HOME
        ).order_by("name")
        current = [t.pk for t in service.themes.all()] if service is not None else []
        self.fields["themes"].queryset = Theme.objects.filter(
            is_active=True
        ) | Theme.objects.filter(pk__in=current)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("provider") and not (cleaned.get("provider_name") or "").strip():
            if "provider_name" not in self.errors:
                self.add_error(
                    "provider_name",
                    "Choose the organisation that runs the service, or type its name",
                )
        return cleaned

    def details(self) -> ServiceDetails:
        c = self.cleaned_data
        areas = list(Area.objects.filter(pk__in=c["areas"]))
        return ServiceDetails(
            name=c["name"],
            kind=c["kind"],
            summary=c["summary"],
            eligibility=c["eligibility"],
            how_to_refer=c["how_to_refer"],
            areas=areas,
            provider=c.get("provider"),
            provider_name=c.get("provider_name") or "",
            themes=list(c.get("themes") or []),
            opening_hours=c.get("opening_hours") or "",
            phone=c.get("phone") or "",
            email=c.get("email") or "",
            website=c.get("website") or "",
            referral_url=c.get("referral_url") or "",
        )


class SuggestionForm(forms.Form):
    part = forms.ChoiceField(
        label="Which part is wrong? (optional)",
        required=False,
        choices=[("", "Not sure, or more than one"), *Suggestion.Part.choices],
        error_messages={"invalid_choice": "Choose which part is wrong from the list"},
    )
    what_is_wrong = _text(
        "What is wrong or out of date?",
        "Tell us what is wrong or out of date",
        textarea=True,
        max_length=2000,
        help_text="Say what it should say, if you know. Do not include anything that "
        "could identify a resident.",
    )


ACCEPT, DECLINE = "accept", "decline"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What do you want to do?",
        choices=[
            (ACCEPT, "Accept it and change the entry now"),
            (DECLINE, "Decline it"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to accept or decline the suggestion",
            "invalid_choice": "Choose whether to accept or decline the suggestion",
        },
    )
    reason = _text(
        "Why are you declining it?",
        "",
        textarea=True,
        rows=3,
        max_length=REASON_MAX,
        required=False,
        help_text="Needed if you decline. The person who suggested it will see this.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == DECLINE and not (cleaned.get("reason") or "").strip():
            if "reason" not in self.errors:
                self.add_error("reason", "Say briefly why you are declining it")
        return cleaned


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label="Find someone in the directory",
        help_text="Type part of their name",
        required=False,
        max_length=100,
    )
