import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network.models import Invitation, Membership, User
from network.services import invite_member
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "a long and memorable passphrase"


def _link_from(message, pattern: str) -> str:
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0).replace("http://127.0.0.1:8000", "")


def _invite(client, inviter, org, email, role):
    """Invite through the page; the email is queued when the transaction commits."""
    from django.test import TestCase

    client.force_login(inviter)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("network:invite", args=[org.pk]), {"email": email, "role": role}
        )
    client.logout()
    return response


def _current_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_partner_journey_invitation_signup_verification_signin_and_mfa(client, cast):
    # Given a project worker invites a partner to the ICB
    response = _invite(client, cast.will, cast.icb, "Nia@Example.org", "partner")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    invitation_email = mail.outbox[0]
    assert invitation_email.to == ["nia@example.org"]
    assert "Solent ICB" in invitation_email.subject
    link = _link_from(invitation_email, r"http://\S+/invitations/\S+/")

    # When she opens the link, she sees who invited her and as what
    page = client.get(link)
    assert page.status_code == 200
    assert b"Will has invited you" in page.content
    assert b"nia@example.org" in page.content

    # And creates her account
    response = client.post(
        link,
        {
            "full_name": "Nia Jones",
            "job_title": "Quality lead",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nia@example.org")
    assert Membership.objects.get(user=user).role == "partner"
    assert Invitation.objects.get().accepted_by == user

    # She must confirm her email address before she can use the portal
    assert client.get(reverse("home")).status_code == 302
    confirm_message = mail.outbox[-1]
    assert confirm_message.subject.endswith("Confirm your email address")
    assert "Please confirm this is your email address for the Care Home" in confirm_message.body
    confirm_link = _link_from(confirm_message, r"http://\S+/accounts/confirm-email/\S+/")
    assert client.get(confirm_link).status_code == 200
    response = client.post(confirm_link)
    assert response.status_code == 302
    client.logout()

    # Then she signs in with her password
    response = client.post(
        reverse("account_login"), {"login": "nia@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302

    # And, as a partner, is sent to set up 2-step verification before anything else
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    setup_page = client.get(response.url)
    assert setup_page.status_code == 200
    secret = setup_page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert response.status_code == 302

    # Now she lands on her home page
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert b"Hello Nia" in home.content


def test_partner_sets_up_mfa_straight_after_confirming_their_email(client, cast):
    # Given a partner who confirms her email in the same browser she signed up in
    _invite(client, cast.will, cast.icb, "nia@example.org", "partner")
    link = _link_from(mail.outbox[0], r"http://\S+/invitations/\S+/")
    client.post(
        link, {"full_name": "Nia Jones", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    confirm_link = _link_from(mail.outbox[-1], r"http://\S+/accounts/confirm-email/\S+/")
    client.post(confirm_link)
    # When she is sent to set up 2-step verification, the page opens (no loop, no password)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp") + "?required=1"
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    # Then she reaches her home page
    assert client.get(reverse("home")).status_code == 200


def test_mfa_set_up_page_never_loops(client, cast):
    # Someone with no sign-in record in their session is asked for their password once.
    cast.pat.authenticator_set.all().delete()
    client.force_login(cast.pat)
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 3
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_staff_journey_needs_no_mfa(client, cast):
    _invite(client, cast.mona, cast.home_a, "kai@example.org", "staff")
    link = _link_from(mail.outbox[0], r"http://\S+/invitations/\S+/")
    client.post(
        link, {"full_name": "Kai Lee", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    confirm_link = _link_from(mail.outbox[-1], r"http://\S+/accounts/confirm-email/\S+/")
    client.post(confirm_link)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert b"Care home staff, Oak House" in home.content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, b"This invitation has expired"),
        ({"accepted_at": timezone.now()}, b"already been used"),
        ({"cancelled_at": timezone.now()}, b"was cancelled"),
    ],
)
def test_unusable_invitation_is_refused_with_a_clear_message(client, cast, change, message):
    invitation, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="kai@example.org", role="staff"
    )
    Invitation.objects.filter(pk=invitation.pk).update(**change)
    link = reverse("network:accept_invitation", args=[token])
    for response in (
        client.get(link),
        client.post(
            link, {"full_name": "Kai", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        ),
    ):
        assert response.status_code == 410
        assert message in response.content
    assert not User.objects.filter(email="kai@example.org").exists()


def test_invitation_can_be_used_only_once(client, cast):
    _, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="kai@example.org", role="staff"
    )
    link = reverse("network:accept_invitation", args=[token])
    data = {"full_name": "Kai", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(link, data).status_code == 302
    client.logout()
    second = client.post(link, data)
    assert second.status_code == 410
    assert User.objects.filter(email="kai@example.org").count() == 1


def test_unknown_token_is_refused(client, db):
    response = client.get(reverse("network:accept_invitation", args=["not-a-token"]))
    assert response.status_code == 410
    assert b"not valid" in response.content


def test_short_password_is_a_form_error_and_nothing_is_saved(client, cast):
    _, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="kai@example.org", role="staff"
    )
    response = client.post(
        reverse("network:accept_invitation", args=[token]),
        {"full_name": "Kai", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert "<title>Error:" in response.content.decode()
    assert not User.objects.filter(email="kai@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_common_password_is_refused(client, cast):
    _, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="kai@example.org", role="staff"
    )
    response = client.post(
        reverse("network:accept_invitation", args=[token]),
        {"full_name": "Kai", "password1": "password1234", "password2": "password1234"},
    )
    assert "too common" in response.content.decode()
    assert not User.objects.filter(email="kai@example.org").exists()


def test_manager_cannot_invite_into_another_home(client, cast):
    client.force_login(cast.mona)
    url = reverse("network:invite", args=[cast.home_b.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@example.org", "role": "staff"}).status_code == 404
    assert not Invitation.objects.exists()


def test_manager_cannot_grant_a_role_above_their_own(client, cast):
    client.force_login(cast.mona)
    response = client.post(
        reverse("network:invite", args=[cast.home_a.pk]),
        {"email": "x@example.org", "role": "project_worker"},
    )
    assert response.status_code == 200
    assert "You cannot give someone a role above your own" in response.content.decode()
    assert not Invitation.objects.exists()
    assert len(mail.outbox) == 0


def test_manager_is_offered_only_care_home_roles(client, cast):
    client.force_login(cast.mona)
    page = client.get(reverse("network:invite", args=[cast.home_a.pk])).content.decode()
    assert 'value="staff"' in page and 'value="manager"' in page
    assert 'value="partner"' not in page and 'value="project_worker"' not in page


def test_staff_cannot_invite(client, cast):
    client.force_login(cast.sid)
    response = client.post(
        reverse("network:invite", args=[cast.home_a.pk]),
        {"email": "x@example.org", "role": "staff"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_project_worker_cannot_make_a_network_admin(client, cast):
    client.force_login(cast.will)
    response = client.post(
        reverse("network:invite", args=[cast.team.pk]),
        {"email": "x@example.org", "role": "network_admin"},
    )
    assert "You cannot give someone a role above your own" in response.content.decode()
    assert not Invitation.objects.exists()


def test_bad_email_is_a_form_error(client, cast):
    client.force_login(cast.mona)
    response = client.post(
        reverse("network:invite", args=[cast.home_a.pk]), {"email": "not an email", "role": "staff"}
    )
    assert "Enter an email address in the correct format" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_a_form_error(client, cast):
    client.force_login(cast.mona)
    response = client.post(
        reverse("network:invite", args=[cast.home_a.pk]),
        {"email": "SID@example.org", "role": "staff"},
    )
    assert "already a member of Oak House" in response.content.decode()
    assert not Invitation.objects.exists()


def test_existing_person_joins_a_second_home_and_switches_between_them(client, cast):
    # Mona, manager of Oak House, is invited to manage Birch House too
    _, token = invite_member(
        inviter=cast.bea, organisation=cast.home_b, email="mona@example.org", role="manager"
    )
    link = reverse("network:accept_invitation", args=[token])
    signed_out = client.get(link)
    assert b"Sign in to accept" in signed_out.content

    client.post(reverse("account_login"), {"login": "mona@example.org", "password": TEST_PASSWORD})
    assert client.post(link).status_code == 302
    assert set(cast.mona.memberships.values_list("organisation__name", flat=True)) == {
        "Oak House",
        "Birch House",
    }
    home = client.get(reverse("home")).content.decode()
    assert "Care home manager, Birch House" in home

    oak = cast.mona.memberships.get(organisation=cast.home_a)
    client.post(reverse("switch_membership"), {"membership": oak.pk})
    assert "Care home manager, Oak House" in client.get(reverse("home")).content.decode()


def test_cannot_switch_to_someone_elses_membership(client, cast):
    client.force_login(cast.mona)
    bea_membership = cast.bea.memberships.get()
    response = client.post(reverse("switch_membership"), {"membership": bea_membership.pk})
    assert response.status_code == 404


def test_public_sign_up_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert b"You need an invitation" in response.content


def test_someone_who_left_can_be_invited_back(client, cast):
    # Given Sid was removed from his only home, so his account was closed
    client.force_login(cast.mona)
    client.post(
        reverse("network:remove_member", args=[cast.home_a.pk, cast.sid.memberships.get().pk])
    )
    client.logout()
    cast.sid.refresh_from_db()
    assert not cast.sid.is_active
    # When he is invited again and follows the link
    _, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="sid@example.org", role="staff"
    )
    link = reverse("network:accept_invitation", args=[token])
    assert b"Create a password" in client.get(link).content
    client.post(
        link, {"full_name": "Sid Again", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    # Then his account is open again, with the new password and his old address
    cast.sid.refresh_from_db()
    assert cast.sid.is_active and cast.sid.full_name == "Sid Again"
    assert cast.sid.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_person_with_no_organisation_sees_a_clear_home_page(client, db):
    from network.models import User

    admin = User.objects.create_superuser("root@example.org", "x" * 14, full_name="Root")
    from tests.factories import with_mfa

    with_mfa(admin)
    client.force_login(admin)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert "not a member of any organisation" in page.content.decode()
