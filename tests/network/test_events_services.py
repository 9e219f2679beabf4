"""Registration, the waiting list, change and cancellation emails, and reminders."""

import threading
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from network import services_events as services
from network.models import Event, Registration
from network.tasks import send_event_reminders, send_place_offered
from portal.forms import LONDON
from tests.factories import UserFactory
from tests.network.conftest import make_event, register

REGISTERED = Registration.Status.REGISTERED
WAITING = Registration.Status.WAITING
CANCELLED = Registration.Status.CANCELLED


def statuses(event):
    return dict(event.registrations.values_list("user__full_name", "status"))


def test_a_place_is_given_until_the_event_is_full_then_the_waiting_list(cast):
    event = make_event(capacity=2)
    assert services.register(user=cast.mona, event=event).status == REGISTERED
    assert services.register(user=cast.sid, event=event).status == REGISTERED
    assert services.register(user=cast.bea, event=event).status == WAITING
    assert services.register(user=cast.pat, event=event).status == WAITING
    assert event.registrations.filter(status=REGISTERED).count() == 2


def test_registering_twice_changes_nothing(cast):
    event = make_event(capacity=5)
    first = services.register(user=cast.mona, event=event)
    again = services.register(user=cast.mona, event=event)
    assert again.pk == first.pk
    assert event.registrations.count() == 1


def test_an_event_without_a_limit_is_never_full(cast):
    event = make_event(capacity=None)
    for person in [cast.mona, cast.sid, cast.bea, cast.pat, cast.will]:
        assert services.register(user=person, event=event).status == REGISTERED


def test_a_freed_place_goes_to_the_first_person_waiting_who_is_emailed(cast, committed):
    event = make_event(capacity=1, title="Falls huddle")
    services.register(user=cast.mona, event=event)
    services.register(user=cast.bea, event=event)  # first to wait
    services.register(user=cast.pat, event=event)
    mail.outbox.clear()

    with committed():
        services.cancel_registration(user=cast.mona, event=event)

    assert statuses(event) == {"Mona": CANCELLED, "Bea": REGISTERED, "Pat": WAITING}
    assert [m.to for m in mail.outbox] == [[cast.bea.email]]
    assert "You have a place at Falls huddle" in mail.outbox[0].subject
    # She now has a place, so the email gives her the joining link.
    assert "https://meet.example.org/secret-room" in mail.outbox[0].body


def test_the_waiting_list_is_served_in_the_order_people_joined(cast):
    event = make_event(capacity=1)
    register(event, cast.mona)
    now = timezone.now()
    register(event, cast.pat, status=WAITING, status_changed_at=now - timedelta(minutes=5))
    register(event, cast.bea, status=WAITING, status_changed_at=now - timedelta(minutes=10))
    services.cancel_registration(user=cast.mona, event=event)
    assert statuses(event)["Bea"] == REGISTERED
    assert statuses(event)["Pat"] == WAITING


def test_leaving_the_waiting_list_moves_nobody_up(cast, committed):
    event = make_event(capacity=1)
    services.register(user=cast.mona, event=event)
    services.register(user=cast.bea, event=event)
    services.register(user=cast.pat, event=event)
    mail.outbox.clear()
    with committed():
        services.cancel_registration(user=cast.bea, event=event)
    assert statuses(event) == {"Mona": REGISTERED, "Bea": CANCELLED, "Pat": WAITING}
    assert mail.outbox == []


def test_someone_who_cancelled_can_register_again(cast):
    event = make_event(capacity=3)
    services.register(user=cast.mona, event=event)
    services.cancel_registration(user=cast.mona, event=event)
    assert services.register(user=cast.mona, event=event).status == REGISTERED


def test_the_place_offered_email_is_sent_once_even_if_the_task_runs_twice(cast, committed):
    event = make_event(capacity=1)
    services.register(user=cast.mona, event=event)
    waiting = services.register(user=cast.bea, event=event)
    with committed():
        services.cancel_registration(user=cast.mona, event=event)
    assert len(mail.outbox) == 1
    send_place_offered(waiting.pk)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled"),
        ({"days": -0.01, "hours": 2}, "This event has already started"),
        ({"days": -3}, "This event has finished"),
    ],
)
def test_cancelled_started_and_past_events_cannot_be_registered_for(cast, fields, reason):
    event = make_event(capacity=5, **fields)
    with pytest.raises(services.RegistrationClosed, match=reason):
        services.register(user=cast.mona, event=event)
    assert not event.registrations.exists()


def test_fewer_places_than_people_registered_is_refused(cast):
    event = make_event(capacity=3)
    for person in [cast.mona, cast.sid, cast.bea]:
        services.register(user=person, event=event)
    with pytest.raises(ValidationError, match="3 people are registered"):
        _update(cast.will, event, capacity=2)
    event.refresh_from_db()
    assert event.capacity == 3


def test_more_places_move_people_up_from_the_waiting_list(cast, committed):
    event = make_event(capacity=1)
    services.register(user=cast.mona, event=event)
    services.register(user=cast.bea, event=event)
    services.register(user=cast.pat, event=event)
    mail.outbox.clear()
    with committed():
        _update(cast.will, event, capacity=2)
    assert statuses(event) == {"Mona": REGISTERED, "Bea": REGISTERED, "Pat": WAITING}
    assert [m.to for m in mail.outbox] == [[cast.bea.email]]


def _update(actor, event, **changes):
    details = {
        "title": event.title,
        "kind": event.kind,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue": event.venue,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "description": event.description,
        "series": event.series,
        "themes": list(event.themes.all()),
        "recording_url": event.recording_url,
        **changes,
    }
    return services.update_event(actor=actor, event=event, **details)


def test_moving_an_event_emails_everyone_registered_or_waiting_what_changed(cast, committed):
    start = datetime(2030, 3, 5, 14, 0, tzinfo=LONDON)
    event = make_event(capacity=1, starts_at=start, ends_at=start + timedelta(hours=1))
    services.register(user=cast.mona, event=event)
    services.register(user=cast.bea, event=event)  # waiting
    services.register(user=cast.pat, event=event)
    services.cancel_registration(user=cast.pat, event=event)  # cancelled: not told
    mail.outbox.clear()

    new_start = datetime(2030, 3, 12, 10, 30, tzinfo=LONDON)
    with committed():
        _update(cast.will, event, starts_at=new_start, ends_at=new_start + timedelta(hours=2))

    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.mona.email, cast.bea.email])
    body = mail.outbox[0].body
    assert "Tuesday 12 March 2030, 10:30 to 12:30" in body
    assert "It was Tuesday 5 March 2030, 14:00 to 15:00" in body
    assert mail.outbox[0].subject.startswith("Changed: ")


def test_a_new_venue_is_emailed_but_a_new_title_is_not(cast, committed):
    event = make_event(venue="Oak House lounge", online_url="")
    services.register(user=cast.mona, event=event)
    mail.outbox.clear()
    with committed():
        _update(cast.will, event, title="A better title")
    assert mail.outbox == []
    with committed():
        _update(cast.will, event, venue="Birch House garden room")
    assert len(mail.outbox) == 1
    assert "The venue is now: Birch House garden room. It was: Oak House lounge." in (
        mail.outbox[0].body
    )


def test_only_people_with_a_place_are_emailed_the_new_online_link(cast, committed):
    event = make_event(capacity=1)
    services.register(user=cast.mona, event=event)
    services.register(user=cast.bea, event=event)  # waiting
    mail.outbox.clear()
    with committed():
        _update(cast.will, event, online_url="https://meet.example.org/new-room")
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert "https://meet.example.org/new-room" in by_person[cast.mona.email]
    assert "https://meet.example.org/new-room" not in by_person[cast.bea.email]


def test_cancelling_an_event_emails_everyone_and_closes_registration(cast, committed):
    event = make_event(capacity=1, title="Winter planning")
    services.register(user=cast.mona, event=event)
    services.register(user=cast.bea, event=event)
    mail.outbox.clear()
    with committed():
        services.cancel_event(actor=cast.will, event=event, reason="The speaker is unwell.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.mona.email, cast.bea.email])
    assert mail.outbox[0].subject == "Cancelled: Winter planning"
    assert "The speaker is unwell." in mail.outbox[0].body
    with pytest.raises(services.RegistrationClosed, match="cancelled"):
        services.register(user=cast.pat, event=event)


def test_only_organisers_change_events(cast):
    event = make_event()
    with pytest.raises(PermissionDenied):
        _update(cast.mona, event, title="Mine now")
    with pytest.raises(PermissionDenied):
        services.cancel_event(actor=cast.pat, event=event)
    event.refresh_from_db()
    assert event.title == "Peer support" and event.status == Event.Status.SCHEDULED


# --- Reminders --------------------------------------------------------------------------


def _tomorrow_at(hour):
    day = timezone.localdate() + timedelta(days=1)
    return datetime.combine(day, datetime.min.time(), tzinfo=LONDON).replace(hour=hour)


def test_reminders_go_to_people_with_a_place_at_tomorrows_events_once(cast):
    start = _tomorrow_at(23)
    tomorrow = make_event(starts_at=start, ends_at=start + timedelta(minutes=30), capacity=1)
    later = make_event(days=3)
    register(tomorrow, cast.mona)
    register(tomorrow, cast.bea, status=WAITING)
    register(later, cast.sid)

    assert send_event_reminders() == 1
    assert [m.to for m in mail.outbox] == [[cast.mona.email]]
    assert "Reminder:" in mail.outbox[0].subject
    tomorrow.refresh_from_db()
    assert tomorrow.reminder_sent_at is not None

    # A rerun (or a second worker) sends nothing more.
    assert send_event_reminders() == 0
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_cancelled_event(cast):
    start = _tomorrow_at(10)
    event = make_event(
        starts_at=start, ends_at=start + timedelta(hours=1), status=Event.Status.CANCELLED
    )
    register(event, cast.mona)
    assert send_event_reminders() == 0
    assert mail.outbox == []


def test_moving_an_event_to_another_day_means_a_new_reminder(cast):
    start = _tomorrow_at(10)
    event = make_event(starts_at=start, ends_at=start + timedelta(hours=1))
    register(event, cast.mona)
    send_event_reminders()
    event.refresh_from_db()
    later = start + timedelta(days=7)
    event = _update(cast.will, event, starts_at=later, ends_at=later + timedelta(hours=1))
    assert event.reminder_sent_at is None


# --- Two people take the last place at the same moment ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once_never_exceed_capacity():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite has no row locks (run with DATABASE_URL=postgres://...)"
        )
    event = make_event(capacity=1)
    people = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def take_place(person):
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.register(user=person, event=event).status)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=take_place, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(outcomes) == [REGISTERED, WAITING]
    assert event.registrations.filter(status=REGISTERED).count() == 1
