import secrets

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from network import emails
from network.models import Invitation, hash_token


@shared_task
def send_invitation_email(invitation_id: int, token: str | None = None) -> None:
    """Email an invitation, once. Does nothing if it was cancelled, used or already emailed.

    `token` travels only with the task through the broker (the invitation keeps only its
    hash, and the outbox never stores it). A task sent again from the outbox comes without
    it: the invitation was never emailed, so nobody has its link, and a new token replaces
    the lost one. The invitation row is locked, marked as emailed and the email sent in one
    transaction: two runs at once send one email, and if sending fails nothing is marked,
    so a later run can send it.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation is None or not invitation.is_pending or invitation.emailed_at:
            return
        if not token or hash_token(token) != invitation.token_hash:
            token = secrets.token_urlsafe(32)
            invitation.token_hash = hash_token(token)
        invitation.emailed_at = timezone.now()
        invitation.save(update_fields=["token_hash", "emailed_at"])
        emails.invitation(invitation, token)


# --- Events -------------------------------------------------------------------------------
# Each takes ids, fetches afresh and is safe to run twice: `_first_time` remembers (in the
# shared cache, for a week) that an email went, so a retried task does not send it again.


def _first_time(key: str) -> bool:
    from django.core.cache import cache

    return cache.add(f"event-email:{key}", 1, timeout=7 * 24 * 3600)


@shared_task
def send_place_offered(registration_id: int) -> None:
    """Tell someone they have moved up from the waiting list into a place."""
    from network.models import Registration

    registration = (
        Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    )
    if registration is None or registration.status != Registration.Status.REGISTERED:
        return
    if registration.event.is_cancelled or registration.event.has_started:
        return
    if _first_time(f"offered:{registration.pk}:{registration.status_changed_at.isoformat()}"):
        emails.event_place_offered(registration)


def _people_to_tell(event):
    from network.models import Registration

    return [
        r.user
        for r in event.registrations.filter(
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING],
            user__is_active=True,
        ).select_related("user")
    ]


@shared_task
def send_event_changed(event_id: int, changes: list[str], version: str) -> None:
    """Tell everyone registered or waiting that the time or place changed."""
    from network.models import Event

    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.is_cancelled:
        return
    for user in _people_to_tell(event):
        if _first_time(f"changed:{event.pk}:{version}:{user.pk}"):
            emails.event_changed(event, user, changes)


@shared_task
def send_event_cancelled(event_id: int, reason: str = "") -> None:
    """Tell everyone registered or waiting that the event is cancelled."""
    from network.models import Event

    event = Event.objects.filter(pk=event_id).first()
    if event is None or not event.is_cancelled:
        return
    for user in _people_to_tell(event):
        if _first_time(f"cancelled:{event.pk}:{user.pk}"):
            emails.event_cancelled(event, user, reason)


@shared_task
def send_event_reminders() -> int:
    """Run daily by beat: remind registered people about events starting tomorrow.

    Each event is claimed (its `reminder_sent_at` set) before anyone is emailed, so a
    rerun sends nothing. Returns how many emails went."""
    from network.models import Event, Registration
    from network.services_events import claim_reminders_due

    sent = 0
    for event in Event.objects.filter(pk__in=claim_reminders_due()):
        registrations = event.registrations.filter(
            status=Registration.Status.REGISTERED, user__is_active=True
        ).select_related("user")
        for registration in registrations:
            emails.event_reminder(event, registration.user)
            sent += 1
    return sent
