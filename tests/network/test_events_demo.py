"""The demo network's events: past and upcoming series, and an overdue action."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from network import demo_events
from network.models import Event, EventFeedback, EventSeries, MeetingAction, Registration, User
from network.selectors_events import can_give_feedback, home_items


def _snapshot():
    return (
        sorted(Event.objects.values_list("title", "starts_at", "series__title")),
        sorted(Registration.objects.values_list("event__title", "user__email", "status")),
        sorted(EventFeedback.objects.values_list("event__title", "rating")),
        sorted(MeetingAction.objects.values_list("description", "due_date")),
    )


@pytest.mark.django_db
def test_demo_events_cover_past_and_upcoming_and_rerunning_adds_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    now = timezone.now()
    peer = EventSeries.objects.get(title=demo_events.PEER_SUPPORT)
    assert peer.events.filter(starts_at__lt=now).count() == 2
    assert peer.events.filter(starts_at__gt=now).count() == 3
    meetings = EventSeries.objects.get(title=demo_events.NETWORK_MEETING).events
    assert meetings.filter(starts_at__lt=now).count() == 1
    assert meetings.filter(starts_at__gt=now).count() == 1
    assert Event.objects.filter(series=None, kind="webinar", starts_at__gt=now).exists()
    assert all(event.full_clean() is None for event in Event.objects.all())

    first = _snapshot()
    assert demo_events.seed() == 0
    assert _snapshot() == first


@pytest.mark.django_db
def test_the_demo_manager_can_give_feedback_and_has_an_overdue_action(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    grace = User.objects.get(email=demo_events.MANAGER)
    past_sessions = Event.objects.filter(
        series__title=demo_events.PEER_SUPPORT, ends_at__lt=timezone.now()
    )
    assert any(can_give_feedback(grace, event) for event in past_sessions)
    items = home_items(grace)
    assert any(action.is_overdue for action in items["open_actions"])
    worker = User.objects.get(email=demo_events.WORKER)
    assert home_items(worker)["open_actions"]
