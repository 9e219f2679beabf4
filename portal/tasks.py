import logging

from celery import shared_task
from django.core.management import call_command
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# How long queueing a task may wait for the broker before giving up (seconds).
BROKER_PATIENCE = 2


@shared_task
def clear_expired_sessions() -> None:
    """Delete expired sessions and day-old one-time form tokens (safe to run twice)."""
    from portal.once import forget_old_tokens

    call_command("clearsessions")
    forget_old_tokens()


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside one).

    If the broker (Redis) cannot be reached, the failure is logged and the caller carries
    on: what was saved stays saved and the page still works; only this task is lost. The
    broker is tried once, for at most BROKER_PATIENCE seconds, instead of Celery's usual
    retries, which would hold the person's page for several seconds.
    """
    transaction.on_commit(lambda: _enqueue(task, args, kwargs))


def _enqueue(task, args: tuple, kwargs: dict) -> None:
    try:
        with task.app.connection_for_write(
            connect_timeout=BROKER_PATIENCE,
            transport_options={
                "max_retries": 0,
                "socket_connect_timeout": BROKER_PATIENCE,
                "socket_timeout": BROKER_PATIENCE,
            },
        ) as connection:
            task.apply_async(args, kwargs, connection=connection, retry=False)
    except (OperationalError, ConnectionError, TimeoutError):
        logger.exception("Could not queue %s: the task broker is not answering", task.name)
