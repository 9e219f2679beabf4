import logging

from celery import shared_task
from django.core.management import call_command
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)


@shared_task
def clear_expired_sessions() -> None:
    """Delete expired sessions and day-old one-time form tokens (safe to run twice)."""
    from portal.once import forget_old_tokens

    call_command("clearsessions")
    forget_old_tokens()


@shared_task
def flush_outbox() -> None:
    """Queue again the tasks kept while the broker was down (portal/outbox.py)."""
    from portal.outbox import flush_outbox as flush

    flush()


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside one).

    The broker is tried once, for at most BROKER_PATIENCE seconds, instead of Celery's
    usual retries, which would hold the person's page for several seconds. If the broker
    (Redis) cannot be reached, the task is kept in the outbox table and queued again when
    the broker is back (portal/outbox.py; beat runs flush_outbox every minute). What was
    saved stays saved and the page still works. If the database cannot store it either,
    the failure is logged and only this task is lost.
    """
    transaction.on_commit(lambda: _enqueue(task, args, kwargs))


def _enqueue(task, args: tuple, kwargs: dict) -> None:
    from portal.outbox import BROKER_ERRORS, keep, send

    try:
        send(task, args, kwargs)
        return
    except BROKER_ERRORS:
        pass
    try:
        keep(task.name, args, kwargs)
    except DatabaseError:
        logger.exception("Could not queue %s: the task broker is not answering", task.name)
        return
    logger.warning(
        "Could not queue %s: the task broker is not answering; kept in the outbox", task.name
    )
