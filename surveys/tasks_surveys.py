"""Celery tasks for the needs surveys (imported by SurveysConfig.ready, as autodiscovery
only finds surveys/tasks.py)."""

from celery import shared_task

from portal import emails


@shared_task(name="surveys.tasks_surveys.send_survey_reminders")
def send_survey_reminders() -> int:
    """Run daily by beat: remind people who have not answered a survey closing within 3
    days. Each reminder is recorded before it is sent, so a rerun sends nothing new.
    Returns how many emails went."""
    from surveys import services_surveys as services

    sent = 0
    for survey, user in services.reminders_due():
        if services.claim_reminder(survey=survey, user=user):
            emails.send("survey-reminder", user.email, {"survey": survey, "user": user})
            sent += 1
    return sent
