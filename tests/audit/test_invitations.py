"""Joining by invitation gives a role, so it is recorded as a role change by the person who
sent the invitation; someone whose account was closed coming back is recorded as the
account opened again. A refused invitation records nothing."""

from django.urls import reverse

from audit.models import Action, AuditEvent
from network.models import Membership, User
from network.services import accept_invitation, invite_member

PASSWORD = "a long and memorable passphrase"
NEW_PERSON = {"full_name": "Kai", "password1": PASSWORD, "password2": PASSWORD}


def test_a_new_person_joining_is_a_role_given_by_the_inviter(client, cast):
    _, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="kai@example.org", role="staff"
    )

    assert (
        client.post(reverse("network:accept_invitation", args=[token]), NEW_PERSON).status_code
        == 302
    )

    membership = Membership.objects.get(user__email="kai@example.org")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == (Action.ROLE_CHANGED, cast.mona)
    assert (event.target_type, event.target_id) == ("network.membership", str(membership.pk))
    assert event.detail == "invitation→staff"


def test_a_former_member_coming_back_is_their_account_opened_again(client, cast):
    kai = User.objects.create_user(email="kai@example.org", password=PASSWORD, full_name="Kai")
    kai.is_active = False
    kai.save()
    _, token = invite_member(
        inviter=cast.will, organisation=cast.home_b, email="kai@example.org", role="manager"
    )

    assert (
        client.post(reverse("network:accept_invitation", args=[token]), NEW_PERSON).status_code
        == 302
    )

    events = {e.action: e for e in AuditEvent.objects.all()}
    assert set(events) == {Action.ACCOUNT_REACTIVATED, Action.ROLE_CHANGED}
    assert events[Action.ACCOUNT_REACTIVATED].target_id == str(kai.pk)
    assert events[Action.ACCOUNT_REACTIVATED].actor == cast.will
    assert events[Action.ROLE_CHANGED].detail == "invitation→manager"


def test_an_existing_member_accepting_again_changes_nothing_and_records_nothing(cast):
    """Sid already belongs to home A: the invitation is used, no new role is given."""
    _, token = invite_member(
        inviter=cast.will, organisation=cast.home_b, email="sid@example.org", role="staff"
    )
    Membership.objects.create(user=cast.sid, organisation=cast.home_b, role="staff")

    accept_invitation(token=token, user=cast.sid)

    assert not AuditEvent.objects.exists()


def test_a_used_invitation_records_nothing(client, cast):
    _, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="kai@example.org", role="staff"
    )
    link = reverse("network:accept_invitation", args=[token])
    client.post(link, NEW_PERSON)
    client.logout()
    AuditEvent.objects.all().delete()

    assert client.post(link, NEW_PERSON).status_code == 410
    assert not AuditEvent.objects.exists()
