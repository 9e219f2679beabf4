"""The daily reminder run queues one task per home that has not sent its figures. With
15,000 homes nationally, queuing them must cost the same few queries however many homes
there are (one outbox insert, then one claim and one delete: portal.tasks.
enqueue_many_on_commit), not a handful of queries per home."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Organisation
from outcomes import tasks
from outcomes.models import ReminderSent
from portal.models import OutboxTask
from tests.factories import OrganisationFactory
from tests.outcomes.factories import standard_measures
from tests.outcomes.test_reminders import _window


@pytest.fixture
def sent_to_broker(monkeypatch):
    """The broker takes each task (here: noted, not run, so only the queuing is counted)."""
    sent = []
    monkeypatch.setattr("portal.outbox.send", lambda task, args, kwargs: sent.append(args))
    return sent


def _queries_to_remind(homes: int, capture, sent) -> int:
    OrganisationFactory.create_batch(homes)
    _window(1, 31)
    sent.clear()
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        queued = tasks.send_return_reminders()
    assert queued == homes
    assert len(sent) == homes  # every home's reminder reached the broker...
    assert OutboxTask.objects.count() == 0  # ...and none is left in the outbox
    return len(queries)


def test_queuing_reminders_for_30_homes_costs_no_more_queries_than_for_3(
    db, sent_to_broker, django_capture_on_commit_callbacks
):
    standard_measures()
    few = _queries_to_remind(3, django_capture_on_commit_callbacks, sent_to_broker)
    ReminderSent.objects.all().delete()
    Organisation.objects.all().delete()
    many = _queries_to_remind(30, django_capture_on_commit_callbacks, sent_to_broker)
    assert many == few, f"3 homes: {few} queries, 30 homes: {many}"
