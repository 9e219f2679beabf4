"""The invitation email goes once, and its link is never kept in the database, even while
Redis is down (network/tasks.py send_invitation_email, portal/outbox.py)."""

import json
import re
import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

from network.models import Invitation, hash_token
from network.services import invite_member
from network.tasks import send_invitation_email
from portal.models import OutboxTask
from tests.digests.test_delivery_redis_down import redis_down


def _invite(cast, email="kai@example.org"):
    return invite_member(inviter=cast.mona, organisation=cast.home_a, email=email, role="staff")


def _link_in(message) -> str:
    match = re.search(r"http://\S+/invitations/(\S+)/", message.body)
    assert match, message.body
    return reverse("network:accept_invitation", args=[match.group(1)])


def test_the_invitation_task_run_twice_sends_one_email(cast):
    invitation, token = _invite(cast)
    send_invitation_email(invitation.pk, token)
    send_invitation_email(invitation.pk, token)  # a resend: the broker took it, delete failed
    assert [m.to for m in mail.outbox] == [["kai@example.org"]]
    invitation.refresh_from_db()
    assert invitation.emailed_at is not None


def test_the_link_in_the_email_opens_the_invitation(client, cast):
    invitation, token = _invite(cast)
    send_invitation_email(invitation.pk, token)
    link = _link_in(mail.outbox[0])
    assert link == reverse("network:accept_invitation", args=[token])
    page = client.get(link)
    assert page.status_code == 200
    assert b"has invited you" in page.content


def test_a_cancelled_invitation_is_not_emailed(cast):
    invitation, token = _invite(cast)
    _invite(cast)  # a second invitation to the same address cancels the first
    send_invitation_email(invitation.pk, token)
    assert mail.outbox == []


def test_while_redis_is_down_the_outbox_holds_no_invitation_link(
    client, cast, django_capture_on_commit_callbacks
):
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite(cast)
    stored = json.dumps(list(OutboxTask.objects.values_list("task_name", "args", "kwargs")))
    assert OutboxTask.objects.count() == 1
    assert token not in stored
    assert "/invitations/" not in stored
    assert stored == json.dumps([["network.tasks.send_invitation_email", [invitation.pk], {}]])

    # Redis is back: one email, with a new link that works (the first one was never sent).
    call_command("flush_outbox")
    assert [m.to for m in mail.outbox] == [["kai@example.org"]]
    link = _link_in(mail.outbox[0])
    assert link != reverse("network:accept_invitation", args=[token])
    page = client.get(link)
    assert page.status_code == 200
    assert b"has invited you" in page.content

    # Sent again from the outbox (the broker took it but the delete failed): no second
    # email, and the link already sent still works.
    OutboxTask.objects.create(task_name=send_invitation_email.name, args=[invitation.pk])
    call_command("flush_outbox")
    assert len(mail.outbox) == 1
    assert client.get(link).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_email(cast, monkeypatch):
    """Two workers with the same invitation task (a resend, or a redelivery after a lost
    acknowledgement) at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite has no row locks (select_for_update does nothing)")
    from network import emails

    token = "a-token-only-this-test-knows"
    invitation = Invitation.objects.create(
        email="kai@example.org",
        organisation=cast.home_a,
        role="staff",
        invited_by=cast.mona,
        token_hash=hash_token(token),
    )
    real_invitation = emails.invitation

    def slow_invitation(*args, **kwargs):
        time.sleep(0.3)  # a slow mail server: both runs are busy at the same time
        real_invitation(*args, **kwargs)

    monkeypatch.setattr(emails, "invitation", slow_invitation)
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            send_invitation_email(invitation.pk, token)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [m.to for m in mail.outbox] == [["kai@example.org"]]


def test_links_kept_in_the_outbox_before_the_change_are_forgotten(cast):
    """portal/migrations/0003: rows written by the old code held the token."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("portal.migrations.0003_outbox_forget_invitation_links")
    invitation, token = _invite(cast)
    OutboxTask.objects.all().delete()
    old = OutboxTask.objects.create(
        task_name=send_invitation_email.name, args=[invitation.pk, token]
    )
    other = OutboxTask.objects.create(task_name="tests.faults.record", args=["hello", 2])

    migration.forget_invitation_links(apps, None)

    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.args, old.kwargs) == ([invitation.pk], {})
    assert other.args == ["hello", 2]
    call_command("flush_outbox")
    assert [m.to for m in mail.outbox] == [["kai@example.org"]]
    assert _link_in(mail.outbox[0]) != reverse("network:accept_invitation", args=[token])
