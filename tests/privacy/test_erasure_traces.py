"""After an erasure nothing the portal keeps still names the person: the Django admin's
change log keeps its rows (who changed what, and when) but not their name or email
addresses, and invitations they accepted at an address they later changed lose it too."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from network.models import Invitation, Membership, User
from network.roles import Role
from privacy import services
from privacy.models import ErasureRequest
from tests.audit.test_admin import _form_data
from tests.network.conftest import make_event, register

pytestmark = pytest.mark.django_db

NEW_NAME = "Sidney Okafor"
EMAILS = ("sid@example.org", "sid.old@example.org")


def _log_text() -> str:
    return "\n".join(
        f"{entry.object_repr}\n{entry.change_message}\n{entry.get_change_message()}"
        for entry in LogEntry.objects.all()
    )


def _names_them(text: str) -> bool:
    if any(email in text.lower() for email in EMAILS):
        return True
    return bool(re.search(r"\b(Sid|Sidney|Okafor)\b", text))


def _invitation(email: str, organisation, token: str, **fields) -> Invitation:
    return Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=Role.CARE_HOME_STAFF,
        token_hash=token * 64,
        **fields,
    )


def test_the_admin_change_log_keeps_its_rows_but_not_their_name_or_email(client, cast):
    sid = cast.sid
    EmailAddress.objects.create(user=sid, email="sid.old@example.org", verified=True)
    invitation = _invitation(
        "SID.OLD@example.org", cast.home_a, "a", accepted_by=sid, accepted_at=sid.date_joined
    )
    erasure_request = ErasureRequest.objects.create(user=sid)
    registration = register(make_event(), sid)
    # Changes made in the Django admin before the name changed, each logged by Django.
    for queryset in (
        User.objects.filter(pk=sid.pk),
        Invitation.objects.filter(pk=invitation.pk),
        ErasureRequest.objects.filter(pk=erasure_request.pk),
        type(registration).objects.filter(pk=registration.pk),
        EmailAddress.objects.filter(user=sid),
        Membership.objects.filter(user=sid),
    ):
        LogEntry.objects.log_actions(cast.ada.pk, queryset, CHANGE, "Changed nothing.")
    # Ada renames Sid and adds a membership on Sid's page in the admin.
    client.force_login(cast.ada)
    url = reverse("admin:network_user_change", args=[sid.pk])
    data = _form_data(client.get(url))
    data["full_name"] = NEW_NAME
    prefix = "memberships"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = total + 1
    data[f"{prefix}-{total}-organisation"] = cast.home_b.pk
    data[f"{prefix}-{total}-role"] = Role.CARE_HOME_STAFF
    data[f"{prefix}-{total}-user"] = sid.pk
    data[f"{prefix}-{total}-created_at_0"] = "2026-11-01"
    data[f"{prefix}-{total}-created_at_1"] = "09:00:00"
    response = client.post(url, data)
    assert response.status_code == 302, [
        f.errors for i in response.context["inline_admin_formsets"] for f in i.formset.forms
    ]
    # Someone else's change stays as it was.
    LogEntry.objects.log_actions(
        cast.ada.pk, User.objects.filter(pk=cast.mona.pk), CHANGE, "Changed nothing."
    )
    before = list(
        LogEntry.objects.order_by("pk").values_list("pk", "user_id", "action_time", "object_id")
    )
    assert _names_them(_log_text())  # the log does name Sid before the erasure

    services.erase_person(admin=cast.ada, person=sid)

    after = list(
        LogEntry.objects.order_by("pk").values_list("pk", "user_id", "action_time", "object_id")
    )
    assert after == before  # every row stays: who changed what, and when
    assert not _names_them(_log_text()), _log_text()
    reprs = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert "Mona" in reprs
    assert "Former member – Care home staff at Oak House" in reprs
    assert f"Invitation for erased-{sid.pk}@erased.invalid to Oak House" in reprs
    assert "Former member – Care home staff at Birch House" in _log_text()


def test_an_invitation_accepted_at_an_earlier_address_loses_it(cast):
    """Sid accepted an invitation at old@, then changed their address to new@."""
    sid = cast.sid
    accepted = _invitation(
        "sid.old@example.org", cast.home_a, "c", accepted_by=sid, accepted_at=sid.date_joined
    )
    EmailAddress.objects.filter(user=sid).update(email="sid.new@example.org")
    sid.email = "sid.new@example.org"
    sid.save()

    services.erase_person(admin=cast.ada, person=sid)

    accepted.refresh_from_db()
    assert accepted.email == f"erased-{sid.pk}@erased.invalid"
    assert accepted.status == "accepted"


def test_a_pending_invitation_to_another_of_their_addresses_is_cancelled(cast):
    sid = cast.sid
    EmailAddress.objects.create(user=sid, email="sid.home@example.org")
    pending = _invitation("Sid.Home@example.org", cast.home_b, "d")
    someone_else = _invitation("kai@example.org", cast.home_b, "e")

    services.erase_person(admin=cast.ada, person=sid)

    pending.refresh_from_db()
    someone_else.refresh_from_db()
    assert (pending.email, pending.status) == (f"erased-{sid.pk}@erased.invalid", "cancelled")
    assert (someone_else.email, someone_else.status) == ("kai@example.org", "pending")


def test_a_name_with_accents_is_found_in_the_change_log(cast):
    """The admin stores its change messages as JSON, where "ë" is written "\\u00eb"."""
    cast.sid.full_name = "Zoë Brontë"
    cast.sid.save()
    added = [{"added": {"name": "membership", "object": "Zoë Brontë – Care home staff"}}]
    LogEntry.objects.log_actions(cast.ada.pk, Membership.objects.filter(user=cast.sid), 1, added)
    assert "\\u00eb" in LogEntry.objects.get().change_message

    services.erase_person(admin=cast.ada, person=cast.sid)

    entry = LogEntry.objects.get()
    assert "Zo" not in entry.object_repr + entry.change_message + entry.get_change_message()
    assert "Former member – Care home staff" in entry.get_change_message()


def test_someone_else_whose_name_contains_theirs_keeps_their_name_in_the_change_log(cast):
    """Erasing "Ann Lee" must not turn "Ann Lee-Smith" into "Former member-Smith"."""
    cast.sid.full_name = "Ann Lee"
    cast.sid.save()
    cast.mona.full_name = "Ann Lee-Smith"
    cast.mona.save()
    others = (
        "Ann Lee-Smith (manager at Oak House)",
        "Mary-Ann Lee",
        "D’Ann Lee",
        "Ann Lee’Smith",
        "Ann Lee.Smith",
    )
    LogEntry.objects.log_actions(
        cast.ada.pk, User.objects.filter(pk=cast.mona.pk), CHANGE, "; ".join(others)
    )
    LogEntry.objects.log_actions(
        cast.ada.pk,
        Membership.objects.filter(user=cast.sid),
        CHANGE,
        "Ann Lee's role changed. Asked by Ann Lee.",
    )

    services.erase_person(admin=cast.ada, person=cast.sid)

    mona_entry = LogEntry.objects.get(object_id=str(cast.mona.pk))
    assert mona_entry.object_repr == "Ann Lee-Smith"
    assert mona_entry.change_message == "; ".join(others)
    sid_entry = LogEntry.objects.exclude(pk=mona_entry.pk).get()
    assert sid_entry.change_message == ("Former member's role changed. Asked by Former member.")
    assert "Ann" not in sid_entry.object_repr
