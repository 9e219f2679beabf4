"""The Django admin writes to the audit log: deletions (one object or several), a member's
role changed, added or removed on a person's page, an account closed or opened again."""

import pytest
from django.forms import MultiWidget
from django.urls import reverse

from audit.models import Action, AuditEvent
from network.models import Membership, Theme


def _form_data(response) -> dict:
    """What the admin change page would post back unchanged: the main form and each
    inline formset, as the browser would send them."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            widget = bound.field.widget
            if isinstance(widget, MultiWidget):  # a date and time in two boxes
                for n, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{n}"] = part.strftime(
                        "%Y-%m-%d" if n == 0 else "%H:%M:%S"
                    )
            else:
                data[bound.html_name] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, bound in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for form in formset.forms:
            if form.instance.pk:
                add(form)
    return data


@pytest.fixture
def admin_client(client, cast):
    client.force_login(cast.ada)
    return client


def test_deleting_in_the_admin_is_recorded(admin_client, cast):
    theme = Theme.objects.create(name="Oral health", slug="oral-health")
    url = reverse("admin:network_theme_delete", args=[theme.pk])

    assert admin_client.post(url, {"post": "yes"}).status_code == 302

    event = AuditEvent.objects.get()
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert (event.action, event.actor, event.actor_role) == (
        Action.DELETED,
        cast.ada,
        "network_admin",
    )
    assert (event.target_type, event.target_id) == ("network.theme", str(theme.pk))
    assert event.detail == "admin:network_theme_delete"


def test_deleting_several_in_the_admin_records_each(admin_client):
    themes = [Theme.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(2)]
    data = {"action": "delete_selected", "post": "yes", "_selected_action": [t.pk for t in themes]}

    assert admin_client.post(reverse("admin:network_theme_changelist"), data).status_code == 302

    events = AuditEvent.objects.filter(action=Action.DELETED)
    assert sorted(e.target_id for e in events) == sorted(str(t.pk) for t in themes)


def test_closing_an_account_and_changing_a_role_in_the_admin(admin_client, cast):
    url = reverse("admin:network_user_change", args=[cast.mona.pk])
    data = _form_data(admin_client.get(url))
    membership = cast.mona.memberships.get()
    data.pop("is_active")  # unticked: the account is closed
    prefix = next(k for k, v in data.items() if v == membership.pk).rsplit("-", 1)[0]
    data[f"{prefix}-role"] = "staff"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    events = {e.action: e for e in AuditEvent.objects.all()}
    assert set(events) == {Action.ACCOUNT_DEACTIVATED, Action.ROLE_CHANGED}
    assert events[Action.ACCOUNT_DEACTIVATED].target_id == str(cast.mona.pk)
    assert events[Action.ROLE_CHANGED].target_id == str(membership.pk)
    assert events[Action.ROLE_CHANGED].detail == "admin manager→staff"
    assert all(e.actor == cast.ada for e in events.values())


def test_removing_a_membership_in_the_admin(admin_client, cast):
    url = reverse("admin:network_user_change", args=[cast.sid.pk])
    data = _form_data(admin_client.get(url))
    membership = cast.sid.memberships.get()
    prefix = next(k for k, v in data.items() if v == membership.pk).rsplit("-", 1)[0]
    data[f"{prefix}-DELETE"] = "on"

    assert admin_client.post(url, data).status_code == 302

    event = AuditEvent.objects.get()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert (event.action, event.target_id) == (Action.MEMBER_REMOVED, str(membership.pk))


def test_saving_a_person_unchanged_records_nothing(admin_client, cast):
    url = reverse("admin:network_user_change", args=[cast.sid.pk])

    assert admin_client.post(url, _form_data(admin_client.get(url))).status_code == 302
    assert not AuditEvent.objects.exists()


def test_moving_a_membership_to_another_organisation_in_the_admin(admin_client, cast):
    url = reverse("admin:network_user_change", args=[cast.sid.pk])
    data = _form_data(admin_client.get(url))
    membership = cast.sid.memberships.get()
    prefix = next(k for k, v in data.items() if v == membership.pk).rsplit("-", 1)[0]
    data[f"{prefix}-organisation"] = cast.home_b.pk

    response = admin_client.post(url, data)

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.organisation == cast.home_b
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.actor_role) == (
        Action.MEMBERSHIP_MOVED,
        cast.ada,
        "network_admin",
    )
    assert (event.target_type, event.target_id) == ("network.membership", str(membership.pk))
    assert event.detail == f"admin {cast.home_a.pk}→{cast.home_b.pk}"
    page = admin_client.get(reverse("audit:log")).content.decode()
    assert "Moved a member to another organisation" in page
    assert f"Membership {membership.pk}" in page
    assert "In the Django admin: from Oak House to Birch House" in page


def test_moving_a_membership_and_changing_its_role_records_both(admin_client, cast):
    url = reverse("admin:network_user_change", args=[cast.sid.pk])
    data = _form_data(admin_client.get(url))
    membership = cast.sid.memberships.get()
    prefix = next(k for k, v in data.items() if v == membership.pk).rsplit("-", 1)[0]
    data[f"{prefix}-organisation"] = cast.home_b.pk
    data[f"{prefix}-role"] = "manager"

    assert admin_client.post(url, data).status_code == 302

    details = dict(AuditEvent.objects.values_list("action", "detail"))
    assert details == {
        Action.ROLE_CHANGED: "admin staff→manager",
        Action.MEMBERSHIP_MOVED: f"admin {cast.home_a.pk}→{cast.home_b.pk}",
    }
