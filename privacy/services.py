"""Writes for data protection: asking to be erased, erasing a person, and deactivating
accounts nobody has used for a long time. Each writes its audit row."""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from audit.hooks import url_name
from audit.log import record
from audit.models import Action
from network.models import Membership, User
from network.roles import Role
from network.selectors import is_network_admin
from portal.tasks import enqueue_on_commit
from privacy.models import ErasureRequest, RetentionSetting

FORMER_MEMBER = "Former member"
ERASED_DOMAIN = "erased.invalid"


def erased_email(user: User) -> str:
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


# --- Asking to be erased ------------------------------------------------------------------


def request_erasure(*, user: User, reason: str, request=None) -> ErasureRequest:
    """Record the person's request and tell the network admins (once it commits)."""
    if reason not in ErasureRequest.Reason.values:
        raise ValidationError({"reason": "Choose a reason from the list."})
    try:
        with transaction.atomic():
            erasure_request = ErasureRequest.objects.create(user=user, reason=reason)
            record(
                Action.ERASURE_REQUESTED,
                request=request,
                actor=user,
                target=erasure_request,
                detail=reason or "no_reason",
            )
            from privacy.tasks import tell_admins_about_request

            enqueue_on_commit(tell_admins_about_request, erasure_request.pk)
    except IntegrityError:
        raise ValidationError("You have already asked us to erase your account.") from None
    return erasure_request


def withdraw_request(*, user: User, erasure_request: ErasureRequest) -> None:
    """The person changed their mind. Only their own open request."""
    if erasure_request.user_id != user.pk or erasure_request.status != ErasureRequest.Status.OPEN:
        raise PermissionDenied
    erasure_request.delete()


def decline_request(*, admin: User, erasure_request: ErasureRequest, request=None) -> None:
    """Say no to an open request, with its audit row. Declining twice (or two admins at
    once) declines and records it once."""
    if not is_network_admin(admin):
        raise PermissionDenied
    if erasure_request.status != ErasureRequest.Status.OPEN:
        raise ValidationError("This request has already been dealt with.")
    erasure_request.status = ErasureRequest.Status.DECLINED
    erasure_request.handled_by = admin
    erasure_request.handled_at = timezone.now()
    with transaction.atomic():
        declined = ErasureRequest.objects.filter(
            pk=erasure_request.pk, status=ErasureRequest.Status.OPEN
        ).update(
            status=erasure_request.status, handled_by=admin, handled_at=erasure_request.handled_at
        )
        if declined:
            record(
                Action.ERASURE_DECLINED,
                request=request,
                actor=admin,
                target=erasure_request,
                detail=url_name(request) if request is not None else "",
            )


# --- Erasing a person ---------------------------------------------------------------------


def check_can_erase(*, admin: User, person: User) -> None:
    """Raise PermissionDenied for non-admins and ValidationError (with the reason to show)
    for someone who must not be erased."""
    if not is_network_admin(admin):
        raise PermissionDenied
    if person.pk == admin.pk:
        raise ValidationError(
            "You cannot erase your own account. Ask another network admin to do it."
        )
    if is_erased(person):
        raise ValidationError("This account has already been erased.")
    admins = User.objects.filter(is_active=True, memberships__role=Role.NETWORK_ADMIN)
    if admins.filter(pk=person.pk).exists() and not admins.exclude(pk=person.pk).exists():
        raise ValidationError(
            "This is the last network admin. Make someone else a network admin first."
        )


@dataclass(frozen=True)
class FormerSelf:
    """How the person was known before the erasure: read before anything is blanked, so
    later steps can find every trace of it."""

    names: frozenset[str]
    emails: frozenset[str]


def who_they_were(person: User) -> FormerSelf:
    """Their name and every email address they used: their addresses in allauth, the
    addresses of invitations they accepted, and the names and addresses their account had
    at each change in the Django admin (its log keeps how the account was shown then)."""
    from allauth.account.models import EmailAddress
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from network.models import Invitation

    emails = {person.email}
    emails.update(EmailAddress.objects.filter(user=person).values_list("email", flat=True))
    emails.update(Invitation.objects.filter(accepted_by=person).values_list("email", flat=True))
    names = {person.full_name}
    shown_as = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    ).values_list("object_repr", flat=True)
    for label in set(shown_as):
        (emails if "@" in label else names).add(label)
    names = {name.strip() for name in names} - {FORMER_MEMBER, ""}
    emails = {email.strip().lower() for email in emails} - {""}
    return FormerSelf(names=frozenset(names), emails=frozenset(emails))


def _any_email(emails) -> Q:
    match = Q(pk__in=[])
    for email in emails:
        match |= Q(email__iexact=email)
    return match


def _blank_person(person: User, former: FormerSelf) -> None:
    person.full_name = FORMER_MEMBER
    person.email = erased_email(person)
    person.job_title = ""
    person.phone = ""
    person.show_email = False
    person.show_phone = False
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.set_unusable_password()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    # Invitations sent to any of their addresses, or that they accepted, hold an address.
    from network.models import Invitation

    theirs = Invitation.objects.filter(Q(accepted_by=person) | _any_email(former.emails))
    theirs.filter(accepted_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )
    theirs.update(email=person.email)


def _end_sign_in(person: User, former: FormerSelf) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    user_id = str(person.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=ended).delete()


def _give_up_places(person: User, former: FormerSelf) -> None:
    """Free their places at events still to come (the first person waiting moves up)."""
    from network.models import Event, Registration
    from network.services_events import cancel_registration

    booked = (
        Registration.objects.filter(user=person, event__starts_at__gt=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("event_id", flat=True)
    )
    for event in Event.objects.filter(pk__in=list(booked)).order_by("pk"):
        cancel_registration(user=person, event=event)


def _end_memberships_and_roles(person: User, former: FormerSelf) -> None:
    from digests.models import DigestPreference, Frequency
    from localservices.models import LocalService
    from qi_cycles.models import Project

    Membership.objects.filter(user=person).delete()
    DigestPreference.objects.update_or_create(user=person, defaults={"frequency": Frequency.NONE})
    Project.objects.filter(coach=person).update(coach=None)
    LocalService.contacts.through.objects.filter(user=person).delete()


# A name is the person's only when it stands alone: not part of a longer name joined by a
# hyphen, an apostrophe or a dot ("Ann Lee-Smith", "Mary-Ann Lee", "D'Ann Lee" are other
# people). A possessive ("Ann Lee's") and a full stop ("… by Ann Lee.") are still theirs.
NOT_JOINED_BEFORE = r"(?<!\w)(?<!\w[-'’.])"
NOT_JOINED_AFTER = r"(?!\w)(?![-.]\w)(?!['’](?!s\b)\w)"


class _Scrubber:
    """Replaces the person's names (whole words, as written) with "Former member" and
    their email addresses (any case) with the erased address."""

    def __init__(self, former: FormerSelf, erased: str):
        longest_first = sorted(former.names, key=len, reverse=True)
        self.rules = [
            (re.compile(rf"{NOT_JOINED_BEFORE}{re.escape(name)}{NOT_JOINED_AFTER}"), FORMER_MEMBER)
            for name in longest_first
        ] + [
            (re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.\w)", re.I), erased)
            for email in sorted(former.emails, key=len, reverse=True)
        ]
        self.terms = [*former.names, *former.emails]

    def text(self, value: str) -> str:
        for pattern, replacement in self.rules:
            value = pattern.sub(replacement, value)
        return value

    def json(self, value):
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {key: self.json(item) for key, item in value.items()}
        return value

    def change_message(self, message: str) -> str:
        """The admin stores changes as JSON, with letters such as é escaped; older rows as text."""
        try:
            parsed = json.loads(message)
        except ValueError:
            return self.text(message)
        scrubbed = self.json(parsed)
        return message if scrubbed == parsed else json.dumps(scrubbed)

    def mentions(self) -> Q:
        found = Q(pk__in=[])
        for term in self.terms:
            escaped = json.dumps(term)[1:-1]
            found |= Q(object_repr__icontains=term) | Q(change_message__icontains=term)
            if escaped != term:
                found |= Q(change_message__icontains=escaped)
        return found


def _scrub_admin_log(person: User, former: FormerSelf) -> None:
    """The Django admin's change log keeps each row (who changed what, and when), but not
    the person's name or email addresses, wherever they appear: their account, their
    memberships, invitations, places at events, added or removed on someone's page..."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    ).update(object_repr=FORMER_MEMBER)
    scrub = _Scrubber(former, person.email)
    if not scrub.terms:
        return
    for entry in LogEntry.objects.filter(scrub.mentions()).order_by("pk"):
        object_repr = scrub.text(entry.object_repr)[:200]
        change_message = scrub.change_message(entry.change_message)
        if (object_repr, change_message) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=object_repr, change_message=change_message
            )


def _anonymise_records(person: User, former: FormerSelf) -> None:
    from audit.models import AuditEvent
    from training.models import LearningRecord

    # Training records stay for the network's figures; the comment is the person's words.
    LearningRecord.objects.filter(user=person).update(comment="")
    # Audit rows stay, with nobody as the actor (audit/models.py).
    AuditEvent.objects.filter(actor=person).update(actor=None)
    _scrub_admin_log(person, former)


# The steps of an erasure, in order; all run in one transaction.
ERASURE_STEPS = [
    _blank_person,
    _end_sign_in,
    _give_up_places,
    _end_memberships_and_roles,
    _anonymise_records,
]


def erase_person(*, admin: User, person: User, request=None) -> None:
    """Erase a person: they cannot sign in again, and what they wrote stays, attributed to
    "Former member". All or nothing."""
    check_can_erase(admin=admin, person=person)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        former = who_they_were(person)
        for step in ERASURE_STEPS:
            step(person, former)
        ErasureRequest.objects.filter(user=person, status=ErasureRequest.Status.OPEN).update(
            status=ErasureRequest.Status.DONE, handled_by=admin, handled_at=timezone.now()
        )
        record(Action.PERSON_ERASED, request=request, actor=admin, target=person)


# --- Retention ----------------------------------------------------------------------------


def set_retention(*, admin: User, months: int) -> RetentionSetting:
    if not is_network_admin(admin):
        raise PermissionDenied
    if months and months < RetentionSetting.MINIMUM_MONTHS:
        raise ValidationError(
            {"months": f"Enter 0 or at least {RetentionSetting.MINIMUM_MONTHS} months"}
        )
    setting = RetentionSetting.current()
    setting.months = months
    setting.full_clean()
    setting.save()
    return setting


def months_before(moment: datetime, months: int) -> datetime:
    """The same time `months` calendar months earlier (the 31st becomes the month's end)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def unused_accounts(*, now: datetime | None = None):
    """Active accounts not used for the retention period (none when it is 0). Network
    admins are never deactivated this way."""
    months = RetentionSetting.current().months
    if not months:
        return User.objects.none()
    cutoff = months_before(now or timezone.now(), months)
    return (
        User.objects.filter(is_active=True, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(memberships__role=Role.NETWORK_ADMIN)
        .order_by("pk")
    )


def deactivate_unused_accounts(*, now: datetime | None = None) -> int:
    """Deactivate each unused account, with one audit row each. Safe to run twice: an
    account already deactivated is not counted again."""
    done = 0
    for user_id in list(unused_accounts(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            if User.objects.filter(pk=user_id, is_active=True).update(is_active=False):
                record(
                    Action.RETENTION_DEACTIVATED,
                    actor=None,
                    target_type=User._meta.label_lower,
                    target_id=user_id,
                    detail="unused_account",
                )
                done += 1
    return done
