"""Events fixtures, on top of the cast in tests/conftest.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network.models import Event, EventKind, EventSeries, MeetingAction, Registration


def make_event(*, days: float = 7, hours: float = 1, **fields) -> Event:
    """An event starting `days` from now (negative for the past), lasting `hours`."""
    starts_at = timezone.now() + timedelta(days=days)
    defaults = {
        "title": "Peer support",
        "kind": EventKind.PEER_SUPPORT,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "online_url": "https://meet.example.org/secret-room",
    }
    defaults.update(fields)
    return Event.objects.create(**defaults)


def register(event: Event, user, status=Registration.Status.REGISTERED, **fields) -> Registration:
    return Registration.objects.create(event=event, user=user, status=status, **fields)


@pytest.fixture
def series(db) -> EventSeries:
    return EventSeries.objects.create(title="Fortnightly peer support", kind=EventKind.PEER_SUPPORT)


@pytest.fixture
def upcoming(cast, series) -> Event:
    return make_event(title="Peer support – session 3", series=series, capacity=10)


@pytest.fixture
def past(cast, series) -> Event:
    """A past session of the series; Mona had a place and came."""
    event = make_event(days=-14, title="Peer support – session 2", series=series, capacity=10)
    register(event, cast.mona, attended=True)
    return event


@pytest.fixture
def home_a_action(cast, past) -> MeetingAction:
    return MeetingAction.objects.create(
        event=past,
        description="Share the falls audit template",
        owner_organisation=cast.home_a,
        due_date=timezone.localdate() - timedelta(days=3),
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what was queued for after the commit (emails) at the
    end of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
