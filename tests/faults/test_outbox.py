"""Redis down, work resumes: a task that cannot be queued is kept in the outbox and
queued again, once, when the broker is back (portal/outbox.py)."""

import uuid

import pytest
from celery import shared_task
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from portal.models import OutboxTask
from portal.tasks import enqueue_on_commit
from tests.digests.test_delivery_redis_down import redis_down

ran = []


@shared_task(name="tests.faults.record")
def record(word: str, times: int = 1) -> None:
    ran.append((word, times))


def test_an_invitation_made_while_redis_is_down_keeps_its_email_in_the_outbox(
    client, cast, django_capture_on_commit_callbacks
):
    from network.models import Invitation

    client.force_login(cast.mona)
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:invite", args=[cast.home_a.pk]),
            {"email": "new@example.org", "role": "staff"},
            follow=True,
        )
    assert response.status_code == 200
    assert "new@example.org" in response.content.decode()
    invitation = Invitation.objects.get()
    row = OutboxTask.objects.get()
    assert row.task_name == "network.tasks.send_invitation_email"
    assert invitation.pk in row.args or invitation.pk in row.kwargs.values()

    # Redis back: the email goes once, and the outbox is empty.
    call_command("flush_outbox")
    call_command("flush_outbox")
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert OutboxTask.objects.count() == 0


def test_a_task_kept_while_the_broker_is_down_runs_once_when_it_is_back(
    db, caplog, django_capture_on_commit_callbacks
):
    ran.clear()
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(record, "hello", times=2)
    assert ran == []
    row = OutboxTask.objects.get()
    assert (row.task_name, row.args, row.kwargs) == ("tests.faults.record", ["hello"], {"times": 2})
    assert "kept in the outbox" in caplog.text

    # Still down: the flush keeps the row and runs nothing.
    with redis_down():
        call_command("flush_outbox")
    assert ran == [] and OutboxTask.objects.count() == 1

    # Back (tasks run in-process here): sent once, outbox empty; a second flush sends nothing.
    call_command("flush_outbox")
    call_command("flush_outbox")
    assert ran == [("hello", 2)]
    assert OutboxTask.objects.count() == 0


def test_kept_tasks_are_sent_oldest_first(db, django_capture_on_commit_callbacks):
    ran.clear()
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        for word in ("first", "second", "third"):
            enqueue_on_commit(record, word)
    assert OutboxTask.objects.count() == 3
    call_command("flush_outbox")
    assert [word for word, _ in ran] == ["first", "second", "third"]
    assert OutboxTask.objects.count() == 0


def test_when_the_database_fails_just_after_the_commit_it_is_logged_and_the_task_kept(
    db, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    """The row was saved with the work; the flush sends it once the database is back."""
    ran.clear()

    def no_database(*args, **kwargs):
        raise DatabaseError("database is down")

    with monkeypatch.context() as patched:
        patched.setattr("portal.outbox._claim", no_database)
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit(record, "later")
    assert "Could not queue tests.faults.record now; it stays in the outbox" in caplog.text
    assert ran == [] and OutboxTask.objects.count() == 1

    call_command("flush_outbox")
    assert ran == [("later", 1)] and OutboxTask.objects.count() == 0


def test_with_real_redis_back_the_flush_puts_the_task_on_the_queue_once(
    db, django_capture_on_commit_callbacks
):
    if not settings.REDIS_URL:
        pytest.skip("Needs Redis (REDIS_URL)")
    import redis

    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(record, "queued")
    assert OutboxTask.objects.count() == 1

    url = settings.CACHES["default"]["LOCATION"]  # this pytest worker's own database
    queue = f"outbox-test-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(url)
    try:
        with override_settings(
            CELERY_BROKER_URL=url, CELERY_TASK_ALWAYS_EAGER=False, CELERY_TASK_DEFAULT_QUEUE=queue
        ):
            call_command("flush_outbox")
            call_command("flush_outbox")
        assert client.llen(queue) == 1
        assert OutboxTask.objects.count() == 0
    finally:
        client.delete(queue)
        client.close()
