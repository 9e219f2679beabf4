"""Access entries for the events pages (see tests/access/base.py).

Events and series are network-wide: every signed-in member may see them; project
workers and network admins organise them (everyone else 403). Unknown ids are 404.
"""

from datetime import timedelta

from django.utils import timezone

from network.models import Event, EventSeries, MeetingAction, Registration
from tests.access.base import LOGIN, ROLES, Entry, everyone


def organisers(ok):
    return {
        "anonymous": LOGIN,
        "sid": 403,
        "mona": 403,
        "bea": 403,
        "pat": 403,
        "will": ok,
        "ada": ok,
    }


def action_owners(ok):
    """Home A's action: its manager and project workers may update it; staff may not."""
    return {
        "anonymous": LOGIN,
        "sid": 403,
        "mona": ok,
        "bea": 403,
        "pat": 403,
        "will": ok,
        "ada": ok,
    }


def only_mona(ok):
    """Feedback: only people registered for the (past) event."""
    return {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 403), "mona": ok}


def objects(cast) -> dict:
    """Rows these URLs point at, keyed by name; merged with the other areas' objects."""
    now = timezone.now()
    series = EventSeries.objects.create(title="Peer support", kind="peer_support")
    upcoming = Event.objects.create(
        title="Upcoming session",
        kind="peer_support",
        series=series,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=1),
        online_url="https://meet.example.org/a",
        capacity=10,
    )
    past = Event.objects.create(
        title="Past session",
        kind="peer_support",
        series=series,
        starts_at=now - timedelta(days=7),
        ends_at=now - timedelta(days=7) + timedelta(hours=1),
        venue="Oak House lounge",
    )
    Registration.objects.create(event=past, user=cast.mona, status="registered")
    action = MeetingAction.objects.create(
        event=past, description="Share the audit", owner_organisation=cast.home_a
    )
    return {"series": series, "upcoming": upcoming, "past": past, "action": action}


def _upcoming(c, o):
    return [o["upcoming"].pk]


def _past(c, o):
    return [o["past"].pk]


def _event_data(c, o, u):
    day = timezone.localdate() + timedelta(days=30)
    return {
        "title": "Falls webinar",
        "kind": "webinar",
        "day_day": day.day,
        "day_month": day.month,
        "day_year": day.year,
        "start_time": "14:00",
        "end_time": "15:00",
        "online_url": "https://meet.example.org/falls",
    }


UNKNOWN = lambda c, o: [987654]  # noqa: E731

ENTRIES: list[Entry] = [
    Entry("network:event_list", "get", everyone(200)),
    Entry("network:event_detail", "get", everyone(200), args=_upcoming),
    Entry("network:event_detail", "get", everyone(404), args=UNKNOWN, label="unknown event"),
    Entry("network:event_ics", "get", everyone(200), args=_upcoming),
    Entry("network:event_register", "post", everyone(302), args=_upcoming, writes=True),
    Entry("network:event_register", "post", everyone(404), args=UNKNOWN, writes=True),
    Entry("network:event_cancel_registration", "post", everyone(302), args=_upcoming, writes=True),
    Entry("network:event_create", "get", organisers(200)),
    Entry("network:event_create", "post", organisers(302), data=_event_data, writes=True),
    Entry("network:event_edit", "get", organisers(200), args=_upcoming),
    Entry("network:event_edit", "get", everyone(404), args=UNKNOWN),
    Entry(
        "network:event_edit", "post", organisers(302), args=_upcoming, data=_event_data, writes=True
    ),
    Entry("network:event_cancel", "get", organisers(200), args=_upcoming),
    Entry("network:event_cancel", "post", organisers(302), args=_upcoming, writes=True),
    Entry("network:event_attendance", "get", organisers(200), args=_past),
    Entry(
        "network:event_attendance",
        "post",
        organisers(302),
        args=_past,
        data=lambda c, o, u: {"attended": [str(o["past"].registrations.get().pk)]},
        writes=True,
    ),
    Entry("network:event_feedback", "get", only_mona(200), args=_past),
    Entry(
        "network:event_feedback",
        "post",
        only_mona(302),
        args=_past,
        data=lambda c, o, u: {"rating": "4", "takeaway": "Huddles"},
        writes=True,
    ),
    Entry("network:event_feedback_summary", "get", organisers(200), args=_past),
    Entry("network:series_detail", "get", everyone(200), args=lambda c, o: [o["series"].pk]),
    Entry("network:series_detail", "get", everyone(404), args=UNKNOWN),
    Entry(
        "network:series_feedback_summary",
        "get",
        organisers(200),
        args=lambda c, o: [o["series"].pk],
    ),
    Entry("network:series_create", "get", organisers(200)),
    Entry(
        "network:series_create",
        "post",
        organisers(302),
        data=lambda c, o, u: {"title": "Strategy group", "kind": "strategy_group"},
        writes=True,
    ),
    Entry("network:action_create", "get", organisers(200), args=_past),
    Entry(
        "network:action_create",
        "post",
        organisers(302),
        args=_past,
        data=lambda c, o, u: {"description": "Send the notes", "owner_organisation": c.home_a.pk},
        writes=True,
    ),
    Entry("network:action_edit", "get", action_owners(200), args=lambda c, o: [o["action"].pk]),
    Entry("network:action_edit", "get", everyone(404), args=UNKNOWN),
    Entry(
        "network:action_edit",
        "post",
        action_owners(302),
        args=lambda c, o: [o["action"].pk],
        data=lambda c, o, u: {
            "description": "Share the audit",
            "owner_organisation": c.home_a.pk,
            "status": "done",
            "progress_note": "Sent to all homes",
        },
        writes=True,
    ),
]
