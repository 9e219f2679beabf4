"""A transactional outbox: tasks are kept in the database with the work they belong to.

portal.tasks.enqueue_on_commit writes each task to the outbox table in the same
transaction as the work, so a task is kept exactly when the work is saved, even if the
portal stops right after saving. Once the transaction commits it sends the task to the
broker (Redis) and deletes the row. If the broker does not answer, the row stays, and
flush_outbox (a Celery beat task every minute, and `manage.py flush_outbox`) sends the kept
tasks oldest first once the broker is back.

Each row is sent by one sender only: the after-commit step and every flush claim a row
with SELECT ... FOR UPDATE SKIP LOCKED, send it, and delete it in the same transaction,
so two flushes at once (beat and the command, or two beat ticks on a slow broker) never
send the same row. (SQLite has no row locks; there only one connection writes at a time.)
A task can still be sent twice if the broker took it but the delete failed; that is safe
because every task the portal queues is idempotent (digests, reminders and invitation
emails each check what was already sent).

Many tasks queued at once (the daily reminders, one per home) go through
enqueue_many_on_commit: one insert in the transaction, then after the commit one claim,
the sends and one delete per CHUNK rows, so the cost does not grow with the number of
homes. A figures refresh does not use the outbox at all (enqueue_unkept_on_commit): it is
only a cache, and a page view should neither write to the database nor fail if it cannot.

Rows hold only what the task needs to find its data (ids, dates, names). A secret, such as
an invitation's link, is passed to enqueue_on_commit in `not_stored`: it goes to the broker
with the task but is never written here; a task sent again from the outbox runs without it.
"""

import logging

from celery import current_app
from django.db import connection, transaction
from kombu.exceptions import OperationalError

from portal.models import OutboxTask

logger = logging.getLogger(__name__)

# How long sending a task may wait for the broker before giving up (seconds).
BROKER_PATIENCE = 2
# How many rows queued together are claimed, sent and deleted in one transaction.
CHUNK = 1000
BROKER_ERRORS = (OperationalError, ConnectionError, TimeoutError)


def send(task, args, kwargs) -> None:
    """Hand `task` to the broker once, waiting at most BROKER_PATIENCE seconds.

    Raises one of BROKER_ERRORS when the broker does not answer.
    """
    with task.app.connection_for_write(
        connect_timeout=BROKER_PATIENCE,
        transport_options={
            "max_retries": 0,
            "socket_connect_timeout": BROKER_PATIENCE,
            "socket_timeout": BROKER_PATIENCE,
        },
    ) as connection:
        task.apply_async(list(args), dict(kwargs), connection=connection, retry=False)


def keep(task_name: str, args, kwargs) -> OutboxTask:
    return OutboxTask.objects.create(task_name=task_name, args=list(args), kwargs=dict(kwargs))


def keep_many(task_name: str, calls) -> list[OutboxTask]:
    """One row per (args, kwargs) in `calls`, written in one insert (per CHUNK rows)."""
    rows = [
        OutboxTask(task_name=task_name, args=list(args), kwargs=dict(kwargs))
        for args, kwargs in calls
    ]
    return OutboxTask.objects.bulk_create(rows, batch_size=CHUNK)


def _claim(rows) -> OutboxTask | None:
    """The oldest of `rows` that no one else is sending, locked until the transaction ends."""
    return rows.select_for_update(skip_locked=True).order_by("id").first()


def send_kept(task, row_id: int, args, kwargs) -> bool:
    """Send the task kept in row `row_id` (with `args` and `kwargs`) and delete the row.

    Does nothing if a flush has the row (it is locked) or has already sent it. Returns
    False if the broker did not answer (the row stays for the next flush).
    """
    with transaction.atomic():
        row = _claim(OutboxTask.objects.filter(pk=row_id))
        if row is None:
            return True
        try:
            send(task, args, kwargs)
        except BROKER_ERRORS:
            return False
        row.delete()
    return True


def _claim_many(ids: list[int]) -> list[int]:
    """The ids among `ids` that no one else is sending, locked until the transaction ends."""
    rows = OutboxTask.objects.filter(pk__in=ids).select_for_update(skip_locked=True)
    return list(rows.order_by("id").values_list("pk", flat=True))


def _delete(ids: list[int]) -> None:
    """Delete the rows in one statement (QuerySet.delete() reads them first, because the
    figures cache listens to every delete)."""
    if not ids:
        return
    table = connection.ops.quote_name(OutboxTask._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", ids)  # noqa: S608


def send_kept_many(task, ids: list[int], calls) -> bool:
    """Send the tasks kept in rows `ids` (`calls[i]` is row `ids[i]`'s (args, kwargs)) and
    delete the rows sent: per CHUNK rows, one claim, the sends, one delete.

    Rows a flush holds or has sent are skipped. Stops at the first task the broker does not
    take and returns False (the rows not sent stay for the next flush)."""
    by_id = dict(zip(ids, calls, strict=True))
    for start in range(0, len(ids), CHUNK):
        sent: list[int] = []
        answered = True
        with transaction.atomic():
            for row_id in _claim_many(ids[start : start + CHUNK]):
                args, kwargs = by_id[row_id]
                try:
                    send(task, args, kwargs)
                except BROKER_ERRORS:
                    answered = False
                    break
                sent.append(row_id)
            _delete(sent)
        if not answered:
            return False
    return True


def flush_outbox() -> tuple[int, int]:
    """Send kept tasks, oldest first; stop at the first the broker does not take.

    Returns (sent, left).
    """
    sent = 0
    unknown: list[int] = []
    while True:
        with transaction.atomic():
            row = _claim(OutboxTask.objects.exclude(pk__in=unknown))
            if row is None:
                break
            task = current_app.tasks.get(row.task_name)
            if task is None:
                logger.error(
                    "Outbox task %s (row %s) is not a known task; kept", row.task_name, row.pk
                )
                unknown.append(row.pk)
                continue
            try:
                send(task, row.args, row.kwargs)
            except BROKER_ERRORS:
                logger.warning("The task broker is still not answering; outbox kept")
                break
            row.delete()
            sent += 1
    return sent, OutboxTask.objects.count()
