"""Celery tasks for network measures: the daily reminder run (beat) and one task per
home. Both are safe to run twice (outcomes.services_reminders claims each reminder)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from portal.tasks import enqueue_many_on_commit


@shared_task(name="outcomes.tasks.send_return_reminders")
def send_return_reminders() -> int:
    """Run daily by beat: queue a reminder for each home that has not sent this month's
    figures while the window is open. Returns how many homes were queued."""
    from outcomes import services_reminders

    month, kind, homes = services_reminders.due_homes(timezone.localdate())
    # One insert and, once committed, one claim and one delete, however many homes.
    month_iso = month.month.isoformat()
    enqueue_many_on_commit(send_home_reminder, [((pk, month_iso, kind), {}) for pk in homes])
    return len(homes)


@shared_task(name="outcomes.tasks.send_home_reminder")
def send_home_reminder(home_id: int, month: str, kind: str) -> int:
    from outcomes import services_reminders

    return services_reminders.remind_home(
        home_id=home_id, month=date.fromisoformat(month), kind=kind
    )
