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


def enqueue_on_commit(task, *args, not_stored: dict | None = None, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside one).

    The task is first written to the outbox table inside the current transaction (a
    transactional outbox, portal/outbox.py): it is kept exactly when the work is saved, and
    if the work is rolled back there is nothing to send. If the row cannot be written, the
    error goes up like any other database error and the work is not saved either.

    After the commit the broker is tried once, for at most BROKER_PATIENCE seconds, instead
    of Celery's usual retries, which would hold the person's page for several seconds. When
    the broker takes the task, the row is deleted. If the broker (Redis) cannot be reached,
    the row stays and is queued when the broker is back (beat runs flush_outbox every
    minute); what was saved stays saved and the page still works.

    `not_stored`: keyword arguments sent to the broker with the task but never written to
    the database, for secrets such as an invitation's link. A task sent again from the
    outbox runs without them, so it must cope (send_invitation_email makes a new link).
    """
    from portal.outbox import keep

    row = keep(task.name, args, kwargs)
    sent_kwargs = {**kwargs, **(not_stored or {})}
    transaction.on_commit(lambda: _send(task, row.pk, args, sent_kwargs))


def enqueue_many_on_commit(task, calls) -> None:
    """Queue `task` once for each (args, kwargs) in `calls` when the transaction commits.

    The same promises as enqueue_on_commit, for many tasks at a fixed cost: the rows are
    written in one insert in the transaction; after the commit they are claimed in one
    query, sent, and the sent ones deleted in one query (per outbox.CHUNK rows). The first
    task the broker does not take stops the sending; the rest stay for flush_outbox.
    """
    from portal.outbox import keep_many

    calls = [(tuple(args), dict(kwargs)) for args, kwargs in calls]
    if not calls:
        return
    ids = [row.pk for row in keep_many(task.name, calls)]
    transaction.on_commit(lambda: _send_many(task, ids, calls))


def enqueue_unkept_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits, straight to the broker, without
    the outbox: for tasks that are harmless to lose, such as a figures refresh (the next
    look or the nightly warm-up works the figures out). Costs no query; if the broker does
    not answer within BROKER_PATIENCE seconds it is logged and the task is dropped."""
    transaction.on_commit(lambda: _send_unkept(task, args, kwargs))


def _send_unkept(task, args: tuple, kwargs: dict) -> None:
    from portal.outbox import BROKER_ERRORS, send

    try:
        send(task, args, kwargs)
    except BROKER_ERRORS:
        logger.warning("Could not queue %s: the task broker is not answering", task.name)


def _send_many(task, ids: list[int], calls: list) -> None:
    from portal.outbox import send_kept_many

    _send_kept(task, "they stay", lambda: send_kept_many(task, ids, calls))


def _send(task, row_id: int, args: tuple, kwargs: dict) -> None:
    from portal.outbox import send_kept

    _send_kept(task, "it stays", lambda: send_kept(task, row_id, args, kwargs))


def _send_kept(task, stays: str, send_kept) -> None:
    """Run `send_kept` (which sends kept outbox rows and deletes those the broker took) and
    log, without raising, when the database or the broker fails: the rows stay in the
    outbox for flush_outbox."""
    try:
        sent = send_kept()
    except DatabaseError:
        logger.exception("Could not queue %s now; %s in the outbox", task.name, stays)
        return
    if not sent:
        logger.warning(
            "Could not queue %s: the task broker is not answering; kept in the outbox",
            task.name,
        )
