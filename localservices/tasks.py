"""Celery tasks for the local services directory. They take ids and are safe to run twice."""

from celery import shared_task

from localservices import services


@shared_task
def tell_suggester(suggestion_id: int) -> bool:
    """Email the person who suggested a correction what was decided (once)."""
    return services.tell_suggester(suggestion_id)
