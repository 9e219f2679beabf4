"""Reminder emails: to managers of homes that have not sent, only in the window, once."""

from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from outcomes import services_reminders as reminders
from outcomes import tasks
from outcomes.models import ReminderSent, ReportingWindow
from tests.factories import MembershipFactory
from tests.outcomes.factories import figures, last_month, make_return, standard_measures


@pytest.fixture
def measures(db):
    return standard_measures()


def _window(opens, closes):
    ReportingWindow.objects.update_or_create(
        pk=1, defaults={"opens_day": opens, "closes_day": closes}
    )


def _run(capture):
    with capture(execute=True):
        return tasks.send_return_reminders()


@pytest.fixture
def in_window(db):
    """A window open all month: last month's return is open today."""
    _window(1, 31)


def test_managers_of_homes_that_have_not_sent_get_one_reminder(
    cast, measures, in_window, django_capture_on_commit_callbacks
):
    make_return(cast.home_b, last_month(), figures(measures))  # Bea's home has sent
    assert _run(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[cast.mona.email]]  # not Sid: staff
    assert "Oak House" in mail.outbox[0].subject
    assert "/network-measures/homes/" in mail.outbox[0].body
    # Running again (the same day, or later in the window) sends nothing new.
    assert _run(django_capture_on_commit_callbacks) == 0
    kind = ReminderSent.objects.get().kind  # "opened", or "closing" in a month's last days
    tasks.send_home_reminder(cast.home_a.pk, last_month().isoformat(), kind)
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_no_reminder_once_sent_or_to_inactive_managers(
    cast, measures, in_window, django_capture_on_commit_callbacks
):
    make_return(cast.home_a, last_month(), figures(measures))
    cast.bea.is_active = False
    cast.bea.save()
    _run(django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_no_reminder_outside_the_window(cast, measures, django_capture_on_commit_callbacks):
    day = timezone.localdate().day
    if day == 1:
        _window(2, 3)
    else:
        _window(1, day - 1)  # closed yesterday
    assert _run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_closing_reminder_is_a_second_kind():
    month = reminders.windows.reporting_month(date(2026, 10, 1), 8, 14)
    assert reminders.kind_for(month, date(2026, 11, 7)) is None
    assert reminders.kind_for(month, date(2026, 11, 8)) == "opened"
    assert reminders.kind_for(month, date(2026, 11, 11)) == "opened"
    assert reminders.kind_for(month, date(2026, 11, 12)) == "closing"
    assert reminders.kind_for(month, date(2026, 11, 14)) == "closing"
    assert reminders.kind_for(month, date(2026, 11, 15)) is None


def test_a_home_is_reminded_once_per_kind(cast, measures, in_window):
    MembershipFactory(organisation=cast.home_a, role="manager")
    month = last_month()
    assert reminders.remind_home(home_id=cast.home_a.pk, month=month, kind="opened") == 2
    assert reminders.remind_home(home_id=cast.home_a.pk, month=month, kind="opened") == 0
    assert reminders.remind_home(home_id=cast.home_a.pk, month=month, kind="closing") == 2
    assert len(mail.outbox) == 4
