"""The outbox sends each task once: a task is written with the work it belongs to (a
transactional outbox), and two flushes at once never send the same row twice
(portal/outbox.py, portal/tasks.py)."""

import threading
import time

import pytest
from celery import shared_task
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from portal import outbox
from portal.models import OutboxTask
from portal.tasks import enqueue_on_commit
from tests.digests.test_delivery_redis_down import redis_down

ran = []


@shared_task(name="tests.faults.record_once")
def record(word: str) -> None:
    ran.append(word)


def test_the_task_is_kept_with_the_work_even_if_the_portal_stops_right_after_saving(
    cast, django_capture_on_commit_callbacks
):
    """A crash between the commit and queuing the task (here: the after-commit step never
    runs) no longer loses the task: the outbox row was saved with the work."""
    ran.clear()
    with django_capture_on_commit_callbacks(execute=False):
        with transaction.atomic():
            cast.home_a.name = "Oak House (renamed)"
            cast.home_a.save()
            enqueue_on_commit(record, "after the crash")
    assert ran == []
    assert OutboxTask.objects.filter(task_name="tests.faults.record_once").count() == 1

    call_command("flush_outbox")
    assert ran == ["after the crash"]
    assert OutboxTask.objects.count() == 0


def test_with_the_broker_up_the_task_runs_and_leaves_nothing_in_the_outbox(
    db, django_capture_on_commit_callbacks
):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue_on_commit(record, "now")
    assert ran == ["now"]
    assert OutboxTask.objects.count() == 0
    call_command("flush_outbox")
    assert ran == ["now"]


def test_when_the_work_is_rolled_back_nothing_is_kept_or_sent(
    db, django_capture_on_commit_callbacks
):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(record, "never")
            raise RuntimeError("form error")
    call_command("flush_outbox")
    assert ran == [] and OutboxTask.objects.count() == 0


def test_when_the_outbox_cannot_be_written_the_work_is_not_saved_either(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    """The task and the work are one transaction: never work saved with its task lost."""

    def no_database(*args, **kwargs):
        raise DatabaseError("database is down")

    monkeypatch.setattr("portal.outbox.OutboxTask.objects.create", no_database)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(DatabaseError), transaction.atomic():
            cast.home_a.name = "Oak House (renamed)"
            cast.home_a.save()
            enqueue_on_commit(record, "lost")
    cast.home_a.refresh_from_db()
    assert cast.home_a.name != "Oak House (renamed)"


@pytest.mark.django_db(transaction=True)
def test_two_flushes_at_once_send_each_kept_task_once(monkeypatch):
    """Beat's flush every minute and `manage.py flush_outbox` (or two beat ticks on a slow
    broker) running at the same time: each row is claimed by one of them only."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite has no row locks (select_for_update does nothing "
            "there) and lets only one connection write at a time"
        )
    words = [f"task {n}" for n in range(6)]
    for word in words:
        OutboxTask.objects.create(task_name=record.name, args=[word], kwargs={})

    sent = []
    sent_lock = threading.Lock()

    def slow_send(task, args, kwargs):
        time.sleep(0.2)  # a slow broker: both flushes are busy at the same time
        with sent_lock:
            sent.append(args[0])

    monkeypatch.setattr(outbox, "send", slow_send)
    start = threading.Barrier(2)
    errors = []

    def flush():
        try:
            start.wait()
            outbox.flush_outbox()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=flush) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(sent) == words  # every task once, none twice
    assert OutboxTask.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_row_a_flush_is_sending_is_not_sent_again_after_the_commit(monkeypatch):
    """The after-commit step and a flush can meet on a just-saved row: one sends it."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite has no row locks (select_for_update does nothing)")
    ran.clear()
    with redis_down():
        enqueue_on_commit(record, "once")  # outside a transaction: saved, then kept
    row = OutboxTask.objects.get()

    sending, sent = threading.Event(), []

    def slow_send(task, args, kwargs):
        sent.append(args[0])
        sending.set()
        time.sleep(0.5)  # the flush holds the row while the broker takes it

    monkeypatch.setattr(outbox, "send", slow_send)

    def flush():
        try:
            outbox.flush_outbox()
        finally:
            connections.close_all()

    flusher = threading.Thread(target=flush)
    flusher.start()
    assert sending.wait(10)
    assert outbox.send_kept(record, row.pk, ["once"], {})  # finds it taken, sends nothing
    flusher.join(30)
    assert sent == ["once"]
    assert OutboxTask.objects.count() == 0
