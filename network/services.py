"""Writes for people, memberships and invitations. Each validates before it saves."""

import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.log import record
from audit.models import Action
from network import selectors
from network.models import Invitation, Membership, Organisation, User, hash_token
from network.roles import Role
from portal.tasks import enqueue_on_commit


class InvitationError(Exception):
    """An invitation that cannot be used. The message is shown to the person."""


def invite_member(
    *, inviter: User, organisation: Organisation, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite `email` to join `organisation` as `role`.

    Steps: check the inviter manages the organisation and may grant the role; refuse an
    email that already belongs to a member; cancel any earlier pending invitation for the
    same email and organisation; create the invitation; email it once the transaction
    commits. Returns the invitation and the raw token (only its hash is stored).
    """
    if not selectors.can_manage_members(inviter, organisation):
        raise PermissionDenied
    email = email.strip().lower()
    if role not in selectors.roles_user_can_grant(inviter, organisation):
        raise ValidationError({"role": "You cannot give someone a role above your own."})
    if Membership.objects.filter(
        organisation=organisation, user__email__iexact=email, user__is_active=True
    ).exists():
        raise ValidationError({"email": f"{email} is already a member of {organisation}."})

    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(
            organisation=organisation,
            email__iexact=email,
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
        ).update(cancelled_at=timezone.now())
        invitation = Invitation.objects.create(
            email=email,
            organisation=organisation,
            role=role,
            invited_by=inviter,
            token_hash=hash_token(token),
        )
        from network.tasks import send_invitation_email

        # The token goes to the broker but is never stored (portal/outbox.py).
        enqueue_on_commit(send_invitation_email, invitation.pk, not_stored={"token": token})
    return invitation, token


def find_invitation(token: str) -> Invitation:
    """The invitation for a token, or InvitationError saying plainly why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            "This invitation link is not valid. Check you copied the whole link from the email."
        )
    if invitation.accepted_at:
        raise InvitationError(
            "This invitation has already been used. If it was you, sign in with your email "
            "address and password."
        )
    if invitation.cancelled_at:
        raise InvitationError(
            "This invitation was cancelled. Ask the person who invited you to send a new one."
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            "This invitation has expired. Invitations last 14 days. Ask the person who "
            "invited you to send a new one."
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """Use the invitation for `user`: add the membership and mark the invitation used.

    The invitation row is locked so two tabs cannot use the same invitation twice.
    """
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationError("This invitation has already been used.")
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            f"This invitation is for {invitation.email}. Sign out and sign in as that person."
        )
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role},
    )
    if created:  # the role was chosen by whoever sent the invitation
        record(
            Action.ROLE_CHANGED,
            actor=invitation.invited_by,
            target=membership,
            detail=f"invitation→{invitation.role}",
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def create_invited_user(*, token: str, full_name: str, job_title: str, password: str) -> User:
    """Create the account for a new person arriving through an invitation."""
    invitation = find_invitation(token)
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and user.is_active:
        raise InvitationError(
            "An account with this email address already exists. Sign in to accept the invitation."
        )
    if user is None:
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name, job_title=job_title
        )
    else:
        # Someone who left (and whose account was closed) is coming back.
        user.full_name, user.job_title, user.is_active = full_name, job_title, True
        user.set_password(password)
        user.save(update_fields=["full_name", "job_title", "is_active", "password"])
        record(
            Action.ACCOUNT_REACTIVATED,
            actor=invitation.invited_by,
            target=user,
            detail="invitation",
        )
    # Unverified until they open the confirmation email.
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )
    accept_invitation(token=token, user=user)
    return user


def cancel_invitation(*, actor: User, invitation: Invitation) -> None:
    if not selectors.can_manage_members(actor, invitation.organisation):
        raise PermissionDenied
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])


def set_champion(*, actor: User, membership: Membership, is_champion: bool) -> Membership:
    if not selectors.can_manage_members(actor, membership.organisation):
        raise PermissionDenied
    if membership.role not in (Role.CARE_HOME_STAFF, Role.CARE_HOME_MANAGER):
        raise ValidationError("Only care home staff can be champions.")
    membership.is_champion = is_champion
    membership.save(update_fields=["is_champion"])
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> bool:
    """Remove someone from an organisation.

    A person with no organisation left can no longer sign in, so their account is
    deactivated. Returns True when that happened. A manager cannot remove themselves
    (so a home is never left without anyone able to manage it by accident).
    """
    if not selectors.can_manage_members(actor, membership.organisation):
        raise PermissionDenied
    if membership.user_id == actor.pk:
        raise ValidationError("You cannot remove yourself. Ask a project worker to do it.")
    user = membership.user
    membership.delete()
    if not Membership.objects.filter(user=user).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
        return True
    return False


def update_profile(*, user: User, full_name: str, job_title: str, phone: str) -> User:
    user.full_name = full_name.strip()
    user.job_title = job_title.strip()
    user.phone = phone.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "job_title", "phone"])
    return user
