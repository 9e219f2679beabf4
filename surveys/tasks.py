"""Scheduled jobs for the needs board. Safe to run twice."""

from celery import shared_task

from surveys import services_needs


@shared_task
def flag_unanswered_needs() -> int:
    """Daily: tell project workers about open needs nobody has answered for 7 days."""
    return len(services_needs.flag_unanswered_needs())
