"""Tasks kept while the broker (Redis) is down, and queued again once it is back.

portal.tasks.enqueue_on_commit stores a task here when the broker does not answer.
flush_outbox (a Celery beat task every minute, and `manage.py flush_outbox`) sends the
stored tasks oldest first and deletes each row only after the broker has taken it. A
task can therefore be sent twice (the broker took it but the delete failed); that is
safe because every task the portal queues is idempotent (digests, reminders and
invitation emails each check what was already sent).
"""

import logging

from celery import current_app
from kombu.exceptions import OperationalError

from portal.models import OutboxTask

logger = logging.getLogger(__name__)

# How long sending a task may wait for the broker before giving up (seconds).
BROKER_PATIENCE = 2
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


def flush_outbox() -> tuple[int, int]:
    """Send stored tasks, oldest first; stop at the first the broker does not take.

    Returns (sent, left).
    """
    sent = 0
    for row in OutboxTask.objects.order_by("id").iterator():
        task = current_app.tasks.get(row.task_name)
        if task is None:
            logger.error("Outbox task %s (row %s) is not a known task; kept", row.task_name, row.pk)
            continue
        try:
            send(task, row.args, row.kwargs)
        except BROKER_ERRORS:
            logger.warning("The task broker is still not answering; outbox kept")
            break
        row.delete()
        sent += 1
    return sent, OutboxTask.objects.count()
