"""Many tasks queued at once (the daily reminders: one per home, 15,000 homes) keep the
outbox's promises (portal.tasks.enqueue_many_on_commit): kept with the work, nothing when
the work is rolled back, kept while the broker is down and sent once when it is back,
each sent once when a flush runs at the same time, and never an extra query per task."""

import threading
import time

import pytest
from celery import shared_task
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from portal import outbox
from portal.models import OutboxTask
from portal.tasks import enqueue_many_on_commit
from tests.digests.test_delivery_redis_down import redis_down

ran = []


@shared_task(name="tests.faults.record_many")
def record(word: str, times: int = 1) -> None:
    ran.append((word, times))


def _calls(count: int):
    return [((f"home {n}",), {"times": n}) for n in range(count)]


def test_with_the_broker_up_each_task_runs_once_and_leaves_nothing_in_the_outbox(
    db, django_capture_on_commit_callbacks
):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue_many_on_commit(record, _calls(3))
    assert ran == [("home 0", 0), ("home 1", 1), ("home 2", 2)]
    assert OutboxTask.objects.count() == 0
    call_command("flush_outbox")
    assert len(ran) == 3


def test_queuing_30_tasks_costs_no_more_queries_than_queuing_3(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(outbox, "send", lambda task, args, kwargs: sent.append(args))

    def queries(count: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            with django_capture_on_commit_callbacks(execute=True):
                with transaction.atomic():
                    enqueue_many_on_commit(record, _calls(count))
        return len(captured)

    few, many = queries(3), queries(30)
    assert few == many, f"3 tasks: {few} queries, 30 tasks: {many}"
    assert len(sent) == 33
    assert OutboxTask.objects.count() == 0


def test_nothing_to_queue_costs_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        enqueue_many_on_commit(record, [])


def test_the_tasks_are_kept_with_the_work_even_if_the_portal_stops_right_after_saving(
    cast, django_capture_on_commit_callbacks
):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=False):
        with transaction.atomic():
            cast.home_a.name = "Oak House (renamed)"
            cast.home_a.save()
            enqueue_many_on_commit(record, _calls(2))
    assert ran == []
    assert OutboxTask.objects.filter(task_name=record.name).count() == 2
    call_command("flush_outbox")
    assert ran == [("home 0", 0), ("home 1", 1)]
    assert OutboxTask.objects.count() == 0


def test_when_the_work_is_rolled_back_nothing_is_kept_or_sent(
    db, django_capture_on_commit_callbacks
):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_many_on_commit(record, _calls(3))
            raise RuntimeError("form error")
    call_command("flush_outbox")
    assert ran == [] and OutboxTask.objects.count() == 0


def test_when_the_outbox_cannot_be_written_the_work_is_not_saved_either(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def no_database(*args, **kwargs):
        raise DatabaseError("database is down")

    monkeypatch.setattr("portal.outbox.OutboxTask.objects.bulk_create", no_database)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(DatabaseError), transaction.atomic():
            cast.home_a.name = "Oak House (renamed)"
            cast.home_a.save()
            enqueue_many_on_commit(record, _calls(2))
    cast.home_a.refresh_from_db()
    assert cast.home_a.name != "Oak House (renamed)"


def test_tasks_kept_while_the_broker_is_down_run_once_each_when_it_is_back(
    db, caplog, django_capture_on_commit_callbacks
):
    ran.clear()
    started = time.monotonic()
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        enqueue_many_on_commit(record, _calls(5))
    # One try, not one wait per task: the broker is down for all of them.
    assert time.monotonic() - started < outbox.BROKER_PATIENCE * 3
    assert ran == []
    rows = list(OutboxTask.objects.values_list("task_name", "args", "kwargs"))
    assert rows == [(record.name, [f"home {n}"], {"times": n}) for n in range(5)]
    assert "kept in the outbox" in caplog.text

    call_command("flush_outbox")
    call_command("flush_outbox")
    assert ran == [(f"home {n}", n) for n in range(5)]
    assert OutboxTask.objects.count() == 0


def test_when_the_broker_stops_part_way_the_sent_tasks_go_and_the_rest_are_kept(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []

    def broker_stops_after_two(task, args, kwargs):
        if len(sent) == 2:
            raise ConnectionError("broker gone")
        sent.append(args[0])

    monkeypatch.setattr(outbox, "send", broker_stops_after_two)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_many_on_commit(record, _calls(5))
    assert sent == ["home 0", "home 1"]
    assert [row[0] for row in OutboxTask.objects.values_list("args", flat=True)] == [
        "home 2",
        "home 3",
        "home 4",
    ]


def test_when_the_database_fails_just_after_the_commit_it_is_logged_and_the_tasks_kept(
    db, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    ran.clear()

    def no_database(*args, **kwargs):
        raise DatabaseError("database is down")

    with monkeypatch.context() as patched:
        patched.setattr("portal.outbox._claim_many", no_database)
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_many_on_commit(record, _calls(2))
    assert "Could not queue tests.faults.record_many now" in caplog.text
    assert ran == [] and OutboxTask.objects.count() == 2
    call_command("flush_outbox")
    assert ran == [("home 0", 0), ("home 1", 1)] and OutboxTask.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_rows_a_flush_is_sending_are_not_sent_again_after_the_commit(monkeypatch):
    """The after-commit step and a flush can meet on just-saved rows: each goes once."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite has no row locks (select_for_update does nothing)")
    calls = _calls(4)
    with redis_down():
        rows = outbox.keep_many(record.name, calls)  # saved, not yet sent
    ids = [row.pk for row in rows]

    sending, sent = threading.Event(), []
    lock = threading.Lock()

    def slow_send(task, args, kwargs):
        with lock:
            sent.append(args[0])
        sending.set()
        time.sleep(0.3)  # the flush holds its row while the broker takes it

    monkeypatch.setattr(outbox, "send", slow_send)

    def flush():
        try:
            outbox.flush_outbox()
        finally:
            connections.close_all()

    flusher = threading.Thread(target=flush)
    flusher.start()
    assert sending.wait(10)
    outbox.send_kept_many(record, ids, calls)  # skips the row the flush holds
    flusher.join(30)
    assert sorted(sent) == [f"home {n}" for n in range(4)]  # each once
    assert OutboxTask.objects.count() == 0
