"""Cancelling an invitation or an event, and declining a request to be erased, are
recorded: once, by the person who did it, and only when something changed. The audit log
page shows them in words."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from network.models import Invitation
from network.services import accept_invitation, invite_member
from privacy.models import ErasureRequest
from tests.network.conftest import make_event


def _cancel_invitation(client, cast, invitation):
    url = reverse("network:cancel_invitation", args=[cast.home_a.pk, invitation.pk])
    return client.post(url)


def test_cancelling_an_invitation_is_recorded_once(client, cast):
    invitation, _ = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="kai@example.org", role="staff"
    )
    AuditEvent.objects.all().delete()  # sending it is not part of this test
    client.force_login(cast.mona)

    assert _cancel_invitation(client, cast, invitation).status_code == 302
    assert _cancel_invitation(client, cast, invitation).status_code == 302  # already cancelled

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.actor_role) == (
        Action.INVITATION_CANCELLED,
        cast.mona,
        "manager",
    )
    assert (event.target_type, event.target_id) == ("network.invitation", str(invitation.pk))
    assert event.detail == "network:cancel_invitation"
    assert Invitation.objects.get().status == "cancelled"


def test_an_accepted_invitation_cannot_be_cancelled_so_nothing_is_recorded(client, cast):
    invitation, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="bea@example.org", role="staff"
    )
    accept_invitation(token=token, user=cast.bea)
    AuditEvent.objects.all().delete()
    client.force_login(cast.mona)

    _cancel_invitation(client, cast, invitation)

    assert not AuditEvent.objects.exists()


def test_cancelling_an_event_is_recorded_once(client, cast):
    event = make_event()
    client.force_login(cast.will)
    url = reverse("network:event_cancel", args=[event.pk])

    assert client.get(url).status_code == 200  # the confirmation page records nothing
    assert not AuditEvent.objects.exists()
    assert client.post(url, {"reason": "The room flooded"}).status_code == 302
    assert client.post(url, {"reason": "The room flooded"}).status_code == 302

    row = AuditEvent.objects.get()
    assert (row.action, row.actor, row.actor_role) == (
        Action.EVENT_CANCELLED,
        cast.will,
        "project_worker",
    )
    assert (row.target_type, row.target_id) == ("network.event", str(event.pk))
    assert row.detail == "network:event_cancel"  # not the reason they typed


def test_an_event_that_has_happened_is_not_cancelled_or_recorded(client, cast):
    event = make_event(days=-2)
    event.ends_at = timezone.now() - timedelta(days=1)
    event.save()
    client.force_login(cast.will)

    response = client.post(reverse("network:event_cancel", args=[event.pk]), {"reason": ""})

    assert "already happened" in response.content.decode()
    event.refresh_from_db()
    assert not event.is_cancelled
    assert not AuditEvent.objects.exists()


def test_declining_an_erasure_request_is_recorded(client, cast):
    request = ErasureRequest.objects.create(user=cast.sid, reason="privacy")
    client.force_login(cast.ada)
    url = reverse("privacy:decline_request", args=[request.pk])

    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 404  # no longer open

    row = AuditEvent.objects.get()
    assert (row.action, row.actor, row.actor_role) == (
        Action.ERASURE_DECLINED,
        cast.ada,
        "network_admin",
    )
    assert (row.target_type, row.target_id) == ("privacy.erasurerequest", str(request.pk))
    assert row.detail == "privacy:decline_request"


def test_the_audit_log_page_shows_them_in_words(client, cast):
    invitation, _ = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="kai@example.org", role="staff"
    )
    event = make_event()
    request = ErasureRequest.objects.create(user=cast.sid)
    client.force_login(cast.mona)
    _cancel_invitation(client, cast, invitation)
    client.force_login(cast.will)
    client.post(reverse("network:event_cancel", args=[event.pk]), {"reason": ""})
    client.force_login(cast.ada)
    client.post(reverse("privacy:decline_request", args=[request.pk]))

    page = client.get(reverse("audit:log")).content.decode()

    for text in (
        "Cancelled an invitation",
        f"Invitation {invitation.pk}",
        "On the organisation&#x27;s members page",
        "Cancelled an event",
        f'<a href="{reverse("network:event_detail", args=[event.pk])}">Event {event.pk}</a>',
        "On the event&#x27;s page",
        "Declined a request to be erased",
        f"Erasure request {request.pk}",
        "On the erasure requests page",
    ):
        assert text in page, text
    assert "network:" not in page and "privacy:" not in page
