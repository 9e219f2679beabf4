"""The `nhsuk` crispy template pack, the error summary and the form layout render NHS.UK markup."""

import re
from html.parser import HTMLParser

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory


class DateWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateField(forms.MultiValueField):
    widget = DateWidget

    def __init__(self, **kwargs):
        fields = [forms.IntegerField(), forms.IntegerField(), forms.IntegerField()]
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list):
        return data_list


class EveryFieldForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your ID badge")
    email = forms.EmailField(label="Email address")
    beds = forms.IntegerField(label="Number of beds", required=False)
    website = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")
    phone = forms.CharField(label="Phone", widget=forms.TextInput(attrs={"type": "tel"}))
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, help_text="No resident names")
    area = forms.ChoiceField(label="Area", choices=[("n", "North"), ("s", "South")])
    role = forms.ChoiceField(
        label="What will they do?",
        choices=[("manager", "Manager"), ("staff", "Staff"), ("partner", "Partner")],
        widget=forms.RadioSelect,
        help_text="Choose one",
    )
    agree = forms.BooleanField(label="I agree to the partnership agreement")
    themes = forms.MultipleChoiceField(
        label="Themes",
        choices=[("falls", "Falls"), ("dementia", "Dementia")],
        widget=forms.CheckboxSelectMultiple,
    )
    started = DateField(label="When did it start?", help_text="For example, 15 3 2024")
    handout = forms.FileField(label="Handout")

    def clean(self):
        cleaned = super().clean()
        if self.data.get("trip_non_field"):
            raise forms.ValidationError("These details do not match our records")
        return cleaned


def render(template_source: str, **context) -> str:
    return Template("{% load crispy_forms_tags nhsuk %}" + template_source).render(Context(context))


class _Collector(HTMLParser):
    """Elements as (tag, attrs) in document order, to make assertions about attributes."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: (v if v is not None else "") for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Collector()
    parser.feed(html)
    return parser.elements


def by_id(html: str, ident: str) -> tuple[str, dict]:
    found = [(tag, attrs) for tag, attrs in elements(html) if attrs.get("id") == ident]
    assert len(found) == 1, f"expected one element with id={ident!r}, found {len(found)}"
    return found[0]


def classes(attrs: dict) -> set[str]:
    return set(attrs.get("class", "").split())


def invalid_form() -> EveryFieldForm:
    form = EveryFieldForm(data={"name": "", "role": "", "trip_non_field": "1"})
    assert not form.is_valid()
    return form


# --- Valid / unbound fields ---------------------------------------------------------------


def test_text_inputs_render_as_nhsuk_inputs_with_labels_and_no_error_markup():
    html = render("{{ form|crispy }}", form=EveryFieldForm())

    for ident, input_type in [
        ("id_name", "text"),
        ("id_email", "email"),
        ("id_beds", "number"),
        ("id_website", "url"),
        ("id_phone", "tel"),
    ]:
        tag, attrs = by_id(html, ident)
        assert tag == "input"
        assert attrs["type"] == input_type
        assert classes(attrs) == {"nhsuk-input"}
        assert f'<label class="nhsuk-label" for="{ident}">' in html
    assert "nhsuk-form-group--error" not in html
    assert "nhsuk-error-message" not in html
    # Labels are shown as the form gives them ("(optional)" comes from the label).
    assert ">Website (optional)</label>" in html
    assert by_id(html, "id_email")[1]["spellcheck"] == "false"


def test_hint_has_its_id_and_is_referenced_by_the_input():
    html = render("{{ form|crispy }}", form=EveryFieldForm())

    tag, hint = by_id(html, "id_name-hint")
    assert tag == "div" and classes(hint) == {"nhsuk-hint"}
    assert by_id(html, "id_name")[1]["aria-describedby"] == "id_name-hint"
    # A field without help text has no aria-describedby at all.
    assert "aria-describedby" not in by_id(html, "id_email")[1]


def test_textarea_select_password_and_file_use_their_nhsuk_components():
    html = render("{{ form|crispy }}", form=EveryFieldForm())

    tag, notes = by_id(html, "id_notes")
    assert tag == "textarea" and "nhsuk-textarea" in classes(notes)
    assert notes["aria-describedby"] == "id_notes-hint"

    tag, area = by_id(html, "id_area")
    assert tag == "select" and "nhsuk-select" in classes(area)

    tag, password = by_id(html, "id_password")
    assert "nhsuk-password-input__input" in classes(password)
    assert 'data-module="nhsuk-password-input"' in html
    assert 'aria-controls="id_password"' in html

    tag, handout = by_id(html, "id_handout")
    assert handout["type"] == "file"
    assert "nhsuk-file-upload__input" in classes(handout)
    assert 'data-module="nhsuk-file-upload"' in html


def test_radios_first_input_has_the_bare_id_and_later_ones_are_numbered():
    html = render("{{ form|crispy }}", form=EveryFieldForm())

    ids = [attrs["id"] for tag, attrs in elements(html) if attrs.get("name") == "role"]
    assert ids == ["id_role", "id_role-2", "id_role-3"]
    for ident in ids:
        assert "nhsuk-radios__input" in classes(by_id(html, ident)[1])
        assert f'<label class="nhsuk-label nhsuk-radios__label" for="{ident}">' in html
    assert '<div class="nhsuk-radios" data-module="nhsuk-radios">' in html
    # The question is the fieldset legend, and the fieldset points at the hint.
    assert '<legend class="nhsuk-fieldset__legend">What will they do?</legend>' in html
    fieldsets = [a for t, a in elements(html) if t == "fieldset"]
    assert {"aria-describedby": "id_role-hint", "class": "nhsuk-fieldset"} in fieldsets


def test_checkboxes_and_single_checkbox():
    html = render("{{ form|crispy }}", form=EveryFieldForm())

    ids = [attrs["id"] for tag, attrs in elements(html) if attrs.get("name") == "themes"]
    assert ids == ["id_themes", "id_themes-2"]
    assert all("nhsuk-checkboxes__input" in classes(by_id(html, i)[1]) for i in ids)

    tag, agree = by_id(html, "id_agree")
    assert agree["type"] == "checkbox"
    assert "nhsuk-checkboxes__input" in classes(agree)
    assert (
        '<label class="nhsuk-label nhsuk-checkboxes__label" for="id_agree">'
        "I agree to the partnership agreement</label>" in html
    )


def test_multiwidget_renders_as_a_date_input_in_a_fieldset():
    html = render("{{ form|crispy }}", form=EveryFieldForm())

    assert by_id(html, "id_started")[1]["class"] == "nhsuk-date-input"
    for index, (label, width) in enumerate([("Day", 2), ("Month", 2), ("Year", 4)]):
        ident = f"id_started_{index}"
        attrs = by_id(html, ident)[1]
        assert attrs["name"] == f"started_{index}"
        assert {"nhsuk-input", "nhsuk-date-input__input", f"nhsuk-input--width-{width}"} <= (
            classes(attrs)
        )
        assert f'for="{ident}">{label}</label>' in html
    group_fieldsets = [a for t, a in elements(html) if t == "fieldset" and a.get("role") == "group"]
    assert group_fieldsets == [
        {"class": "nhsuk-fieldset", "role": "group", "aria-describedby": "id_started-hint"}
    ]


def test_hidden_fields_render_plainly():
    class HiddenForm(forms.Form):
        next = forms.CharField(widget=forms.HiddenInput)

    html = render("{{ form|crispy }}", form=HiddenForm(initial={"next": "/home/"}))
    assert 'type="hidden"' in html
    assert "nhsuk-form-group" not in html


# --- Errors -------------------------------------------------------------------------------


def test_error_message_comes_before_the_input_with_hidden_error_prefix():
    html = render("{{ form|crispy }}", form=invalid_form())

    group = re.search(r'<div class="([^"]*)" id="id_name-group">(.*?)</div>\s*</div>', html, re.S)
    assert group is not None
    assert "nhsuk-form-group--error" in group.group(1).split()
    body = group.group(2)
    assert (
        body.index('id="id_name-hint"')
        < body.index('id="id_name-error"')
        < body.index('id="id_name"')
    )
    assert (
        '<span class="nhsuk-error-message" id="id_name-error">'
        '<span class="nhsuk-u-visually-hidden">Error: </span>This field is required.</span>'
    ) in body

    attrs = by_id(html, "id_name")[1]
    assert {"nhsuk-input", "nhsuk-input--error"} <= classes(attrs)
    # Hint first, then error: the order NHS.UK components use.
    assert attrs["aria-describedby"] == "id_name-hint id_name-error"
    assert by_id(html, "id_email")[1]["aria-describedby"] == "id_email-error"


def test_error_modifiers_on_textarea_select_and_fieldsets():
    html = render("{{ form|crispy }}", form=invalid_form())

    assert "nhsuk-textarea--error" in classes(by_id(html, "id_notes")[1])
    assert by_id(html, "id_notes")[1]["aria-describedby"] == "id_notes-hint id_notes-error"
    assert "nhsuk-select--error" in classes(by_id(html, "id_area")[1])
    assert "nhsuk-form-group--error" in classes(by_id(html, "id_role-group")[1])
    fieldsets = [a for t, a in elements(html) if t == "fieldset"]
    described = [a.get("aria-describedby") for a in fieldsets]
    assert "id_role-hint id_role-error" in described
    assert "id_themes-error" in described
    assert "id_started-hint id_started-error" in described
    # Each date part is marked as in error.
    assert "nhsuk-input--error" in classes(by_id(html, "id_started_2")[1])


def test_non_field_errors_show_in_the_form_when_there_is_no_summary():
    html = render("{{ form|crispy }}", form=invalid_form())
    assert "These details do not match our records" in html
    assert html.index("These details do not match") < html.index('id="id_name"')


def test_error_summary_links_each_error_to_its_first_control():
    form = invalid_form()
    html = render("{% error_summary form %}{{ form|crispy }}", form=form)

    summary = html[: html.index("</ul>")]
    assert 'class="nhsuk-error-summary"' in summary
    assert '<div role="alert">' in summary
    assert 'tabindex="-1"' in summary
    assert '<h2 class="nhsuk-error-summary__heading">There is a problem</h2>' in summary
    links = re.findall(r'<a href="(#[^"]+)">', summary)
    assert links == [
        "#id_name",
        "#id_email",
        "#id_phone",
        "#id_password",
        "#id_notes",
        "#id_area",
        "#id_role",  # the first radio, which has the bare id
        "#id_agree",
        "#id_themes",
        "#id_started_0",  # the day box
        "#id_handout",
    ]
    for href in links:
        by_id(html, href[1:])  # every link target exists exactly once
    # The non-field error is listed first, without a link...
    assert re.search(r"<li>\s*These details do not match our records\s*</li>", summary)
    # ...and is not repeated inside the form.
    assert html.count("These details do not match our records") == 1


def test_error_summary_renders_nothing_for_a_valid_or_unbound_form():
    assert render("{% error_summary form %}", form=EveryFieldForm()).strip() == ""
    assert render("{% error_summary form %}", form=None).strip() == ""


# --- {% crispy %} with a helper and layout objects -----------------------------------------


def test_crispy_tag_with_fieldset_and_submit():
    class ContactForm(forms.Form):
        name = forms.CharField(label="Name")
        email = forms.EmailField(label="Email")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.layout = Layout(Fieldset("Contact details", "name", "email"))
            self.helper.add_input(Submit("save", "Save details"))

    html = render("{% crispy form %}", form=ContactForm())

    assert re.search(r'<form method="post"[^>]*novalidate>', html)
    assert (
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">'
        '<h2 class="nhsuk-fieldset__heading">Contact details</h2></legend>'
    ) in html
    assert by_id(html, "id_name")[1]["class"] == "nhsuk-input"
    button = [a for t, a in elements(html) if t == "button"]
    assert button and button[0]["class"] == "nhsuk-button"
    assert button[0]["type"] == "submit" and button[0]["data-module"] == "nhsuk-button"
    assert ">Save details</button>" in html


def test_as_crispy_field_renders_one_field():
    form = invalid_form()
    html = render("{{ form.email|as_crispy_field }}", form=form)
    assert by_id(html, "id_email")[1]["aria-describedby"] == "id_email-error"
    assert 'for="id_name"' not in html


# --- layouts/form.html --------------------------------------------------------------------


@pytest.fixture
def anonymous_request(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    return request


def render_form_page(request, form) -> str:
    template = Template(
        '{% extends "layouts/form.html" %}{% load crispy_forms_tags %}'
        "{% block page_title %}Invite someone{% endblock %}"
        '{% block form_content %}<h1>Invite someone</h1><form method="post" novalidate>'
        '{% csrf_token %}{{ form|crispy }}<button class="nhsuk-button" type="submit">Send'
        "</button></form>{% endblock %}"
    )
    from django.template import RequestContext

    return template.render(RequestContext(request, {"form": form}))


@pytest.mark.django_db
def test_form_layout_prefixes_title_and_shows_summary_for_an_invalid_form(anonymous_request):
    html = render_form_page(anonymous_request, invalid_form())

    assert "<title>Error: Invite someone – Care Home Improvement Network</title>" in html
    column = html[html.index('class="nhsuk-grid-column-two-thirds"') :]
    assert column.index("nhsuk-error-summary") < column.index("<h1>")
    assert '<a href="#id_name">This field is required.</a>' in html
    assert '<a href="#id_role">' in html
    assert html.count("These details do not match our records") == 1


@pytest.mark.django_db
def test_form_layout_without_errors_has_a_plain_title_and_no_summary(anonymous_request):
    html = render_form_page(anonymous_request, EveryFieldForm())

    assert "<title>Invite someone – Care Home Improvement Network</title>" in html
    assert "nhsuk-error-summary" not in html


@pytest.mark.django_db
def test_base_page_shell(anonymous_request):
    html = render_to_string(
        "layouts/page.html", {"service_name": "Care Home Improvement Network"}, anonymous_request
    )
    assert '<html lang="en">' in html
    assert "js-enabled" in html[html.index("<body") : html.index("nhsuk-skip-link")]
    assert '<a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">' in html
    assert '<main class="nhsuk-main-wrapper" id="maincontent">' in html
    assert '<script type="module" src="/static/js/app.mjs"></script>' in html
    assert "© Care Home Improvement Network" in html
    assert "NHS England" not in html
    # The NHS logo is off by default: the header shows the service name only.
    assert "nhsuk-header__logo" not in html
    assert 'href="/accounts/login/">Sign in</a>' in html


@pytest.mark.django_db
def test_messages_render_as_notification_banners(rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    html = render_to_string(
        "includes/messages.html",
        {
            "messages": [
                Message(constants.SUCCESS, "Your details have been saved."),
                Message(constants.INFO, "The invitation was sent."),
            ]
        },
    )
    success, info = html.split("</div>\n</div>", 1)
    assert "nhsuk-notification-banner--success" in success and 'role="alert"' in success
    assert "Your details have been saved." in success
    assert "nhsuk-notification-banner--success" not in info and 'role="region"' in info
    assert 'id="nhsuk-notification-banner-title-1"' in html
    assert 'id="nhsuk-notification-banner-title-2"' in html
