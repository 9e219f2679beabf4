"""The events pages as people use them: list, event page, booking, organisers' pages."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network.models import Event, EventFeedback, EventSeries, Registration, Theme
from tests.factories import UserFactory
from tests.network.conftest import make_event, register

SECRET = "https://meet.example.org/secret-room"


def _detail(client, user, event):
    client.force_login(user)
    return client.get(reverse("network:event_detail", args=[event.pk]))


# --- The list ---------------------------------------------------------------------------


def test_the_list_shows_upcoming_events_soonest_first_and_past_ones_separately(client, cast):
    make_event(days=10, title="Later webinar")
    make_event(days=2, title="Sooner huddle")
    make_event(days=-5, title="Meeting last month")
    client.force_login(cast.sid)
    page = client.get(reverse("network:event_list")).content.decode()
    assert page.index("Sooner huddle") < page.index("Later webinar")
    assert "Meeting last month" not in page
    past = client.get(reverse("network:event_list") + "?when=past").content.decode()
    assert "Meeting last month" in past and "Sooner huddle" not in past
    assert "<h1>Past events</h1>" in past


def test_the_list_filters_by_type_and_theme(client, cast):
    falls = Theme.objects.get(slug="falls")
    make_event(title="Falls webinar", kind="webinar").themes.add(falls)
    make_event(title="Falls peer support").themes.add(falls)
    make_event(title="Dementia webinar", kind="webinar")
    client.force_login(cast.mona)
    url = reverse("network:event_list")
    page = client.get(url, {"kind": "webinar", "theme": falls.pk}).content.decode()
    assert "Falls webinar" in page
    assert "Falls peer support" not in page and "Dementia webinar" not in page
    none = client.get(url, {"kind": "training"}).content.decode()
    assert "No upcoming events match" in none


def test_the_list_says_where_i_have_a_place_and_when_an_event_is_full(client, cast):
    mine = make_event(title="Mine", capacity=5)
    full = make_event(title="Full one", capacity=1)
    register(mine, cast.mona)
    register(full, cast.bea)
    client.force_login(cast.mona)
    page = client.get(reverse("network:event_list")).content.decode()
    assert "You have a place" in page
    assert "Full – waiting list open" in page
    assert "4 places left" not in page  # her own place is shown instead


def test_the_list_is_paginated(client, cast):
    for n in range(25):
        make_event(days=1 + n, title=f"Session {n:02d}")
    client.force_login(cast.mona)
    first = client.get(reverse("network:event_list")).content.decode()
    second = client.get(reverse("network:event_list"), {"page": 2}).content.decode()
    assert "Session 19" in first and "Session 20" not in first
    assert "Session 20" in second and "Page 1 of 2" in second


def _many_events(n, people):
    theme = Theme.objects.first()
    series = EventSeries.objects.create(title="Series", kind="peer_support")
    for i in range(n):
        event = make_event(days=1 + i, title=f"Event {i}", series=series, capacity=10)
        event.themes.add(theme)
        for person in people:
            register(event, person)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_takes_the_same_number_of_queries_however_many_events(
    client, cast, rows, django_assert_max_num_queries
):
    _many_events(rows, [cast.sid, cast.bea])
    client.force_login(cast.mona)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("network:event_list"))
    assert response.content.decode().count("nhsuk-card__heading") == min(rows, 20)


# --- The event page ---------------------------------------------------------------------


def test_the_online_link_is_only_shown_to_people_with_a_place_and_organisers(client, cast):
    event = make_event(capacity=1)
    register(event, cast.mona)
    register(event, cast.bea, status=Registration.Status.WAITING)
    assert SECRET in _detail(client, cast.mona, event).content.decode()
    assert SECRET in _detail(client, cast.will, event).content.decode()
    for outsider in [cast.bea, cast.sid, cast.pat]:
        page = _detail(client, outsider, event).content.decode()
        assert SECRET not in page
        assert "The joining link is shown here once you have a place" in page
    client.force_login(cast.sid)
    ics = client.get(reverse("network:event_ics", args=[event.pk])).content.decode()
    assert "secret-room" not in ics


def test_a_member_books_a_place_and_cancels_it(client, cast):
    event = make_event(capacity=3)
    page = _detail(client, cast.mona, event).content.decode()
    assert "Book a place" in page and "3 of 3 places left" in page
    response = client.post(reverse("network:event_register", args=[event.pk]), follow=True)
    page = response.content.decode()
    assert "You have a place. We will email you a reminder the day before." in page
    assert "Cancel my place" in page and "2 of 3 places left" in page
    response = client.post(
        reverse("network:event_cancel_registration", args=[event.pk]), follow=True
    )
    assert "You are no longer registered for this event." in response.content.decode()
    assert not event.registrations.filter(status="registered").exists()


def test_a_full_event_offers_the_waiting_list(client, cast):
    event = make_event(capacity=1)
    register(event, cast.bea)
    page = _detail(client, cast.mona, event).content.decode()
    assert "Join the waiting list" in page and "Book a place" not in page
    response = client.post(reverse("network:event_register", args=[event.pk]), follow=True)
    page = response.content.decode()
    assert "The event is full, so you are on the waiting list." in page
    assert "Leave the waiting list" in page


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled, so you cannot"),
        ({"days": -0.01, "hours": 2}, "This event has already started, so you cannot"),
        ({"days": -2}, "This event has finished, so you cannot register"),
    ],
)
def test_closed_events_say_why_and_refuse_registration(client, cast, fields, reason):
    event = make_event(capacity=5, **fields)
    page = _detail(client, cast.mona, event).content.decode()
    assert reason in page
    assert "Book a place" not in page
    response = client.post(reverse("network:event_register", args=[event.pk]), follow=True)
    assert reason in response.content.decode()
    assert not event.registrations.exists()


def test_organisers_see_who_registered_and_their_links(client, cast):
    event = make_event(capacity=1, days=-0.01, hours=2)
    register(event, cast.mona)
    register(event, cast.bea, status=Registration.Status.WAITING)
    page = _detail(client, cast.will, event).content.decode()
    assert "Who has registered" in page
    assert "Mona" in page and "Waiting since" in page
    assert "Record who came" in page and "Record an action" in page
    assert "See feedback on this event" in page
    manager_page = _detail(client, cast.mona, event).content.decode()
    assert "Who has registered" not in manager_page and "Record who came" not in manager_page


def test_a_recording_link_is_shown_when_attached(client, cast):
    event = make_event(days=-3, recording_url="https://video.example.org/rec-1")
    page = _detail(client, cast.sid, event).content.decode()
    assert "Watch the recording of this event" in page and "rec-1" in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_event_page_takes_the_same_number_of_queries_however_many_rows(
    client, cast, rows, django_assert_max_num_queries, series
):
    from network.models import MeetingAction

    earlier = make_event(days=-14, series=series)
    event = make_event(series=series, capacity=100)
    event.themes.set(Theme.objects.all()[:3])
    people = [UserFactory() for _ in range(rows)]
    for person in people:
        register(event, person)
        MeetingAction.objects.create(event=event, description="Do it", owner_user=person)
        MeetingAction.objects.create(event=earlier, description="Report", owner_user=person)
    # Rows: this meeting's actions, the earlier ones to report back on, and (for
    # organisers) everyone registered.
    for user, tables in ((cast.will, 3), (cast.mona, 2)):
        client.force_login(user)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("network:event_detail", args=[event.pk]))
        page = response.content.decode()
        assert page.count('<tr role="row" class="nhsuk-table__row">') == tables * rows


# --- Creating and changing events -------------------------------------------------------


def _form(day, **changes):
    data = {
        "title": "Falls webinar",
        "kind": "webinar",
        "day_day": day.day,
        "day_month": day.month,
        "day_year": day.year,
        "start_time": "14:00",
        "end_time": "15:00",
        "online_url": "https://meet.example.org/falls",
        "capacity": "20",
    }
    data.update(changes)
    return data


def test_a_project_worker_adds_an_event_in_uk_time(client, cast):
    client.force_login(cast.will)
    falls = Theme.objects.get(slug="falls")
    response = client.post(
        reverse("network:event_create"),
        _form(timezone.localdate().replace(year=timezone.localdate().year + 1, month=7, day=1))
        | {"themes": [falls.pk]},
    )
    event = Event.objects.get()
    assert response.url == reverse("network:event_detail", args=[event.pk])
    # 14:00 on 1 July is British Summer Time: 13:00 UTC.
    assert event.starts_at.astimezone(UTC).hour == 13
    assert list(event.themes.all()) == [falls]
    assert event.created_by == cast.will


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"day_day": "31", "day_month": "2"}, "day", "Enter a real date"),
        ({"day_day": "", "day_month": "", "day_year": ""}, "day", "Enter the date of the event"),
        ({"day_month": ""}, "day", "The date must include a month"),
        ({"start_time": "2pm"}, "start_time", "Enter a time like 14:30"),
        ({"end_time": "25:00"}, "end_time", "Enter a time like 14:30"),
        ({"end_time": "13:00"}, "end_time", "The end must be after the start"),
        ({"online_url": "", "venue": ""}, "venue", "Give a venue, an online joining link, or both"),
        ({"capacity": "0"}, "capacity", "The number of places must be 1 or more"),
        ({"title": "Mrs A, NHS 943 476 5919"}, "title", "Remove the NHS number"),
        ({"kind": ""}, "kind", "Choose the type of event"),
    ],
)
def test_bad_event_details_get_a_clear_error_and_nothing_is_saved(
    client, cast, changes, field, message
):
    client.force_login(cast.will)
    day = timezone.localdate() + timedelta(days=30)
    response = client.post(reverse("network:event_create"), _form(day, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith("<!doctype html>") or "<title>" in page
    assert "<title>Error: " in page
    assert message in page
    assert f'href="#id_{field}' in page  # the error summary links to the field
    assert not Event.objects.exists()


def test_an_event_cannot_be_added_in_the_past(client, cast):
    client.force_login(cast.will)
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("network:event_create"), _form(day))
    assert "The event must start in the future" in response.content.decode()
    assert not Event.objects.exists()


def test_changing_the_time_through_the_page_emails_people_registered(client, cast, committed):
    event = make_event(days=20, capacity=5)
    register(event, cast.mona)
    client.force_login(cast.will)
    form = client.get(reverse("network:event_edit", args=[event.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    day = data.pop("day")
    data |= {
        "day_day": day.day,
        "day_month": day.month,
        "day_year": day.year,
        "start_time": "09:30",
        "end_time": "10:30",
        "series": "",
    }
    with committed():
        response = client.post(reverse("network:event_edit", args=[event.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert [m.to for m in mail.outbox] == [[cast.mona.email]]
    assert "09:30 to 10:30" in mail.outbox[0].body


def test_a_project_worker_cancels_an_event(client, cast, committed):
    event = make_event(capacity=5)
    register(event, cast.mona)
    client.force_login(cast.will)
    confirm = client.get(reverse("network:event_cancel", args=[event.pk])).content.decode()
    assert "We will email the 1 person who registered" in confirm
    with committed():
        response = client.post(
            reverse("network:event_cancel", args=[event.pk]), {"reason": "Snow"}, follow=True
        )
    assert "This event has been cancelled" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert len(mail.outbox) == 1 and "Snow" in mail.outbox[0].body


def test_attendance_is_recorded_with_ticks_and_unticked_people_did_not_come(client, cast):
    event = make_event(days=-1)
    came = register(event, cast.mona)
    missed = register(event, cast.bea)
    client.force_login(cast.will)
    page = client.get(reverse("network:event_attendance", args=[event.pk])).content.decode()
    assert "Mona" in page and "Bea" in page
    response = client.post(
        reverse("network:event_attendance", args=[event.pk]), {"attended": [came.pk]}
    )
    assert response.status_code == 302
    came.refresh_from_db(), missed.refresh_from_db()
    assert came.attended is True and missed.attended is False
    # Nobody ticked is a real answer too.
    client.post(reverse("network:event_attendance", args=[event.pk]), {})
    came.refresh_from_db()
    assert came.attended is False


def test_attendance_refuses_someone_not_registered(client, cast):
    event = make_event(days=-1)
    register(event, cast.mona)
    other = register(make_event(days=-1), cast.bea)
    client.force_login(cast.will)
    response = client.post(
        reverse("network:event_attendance", args=[event.pk]), {"attended": [other.pk]}
    )
    assert response.status_code == 200
    assert "Choose from the people registered for this event" in response.content.decode()
    other.refresh_from_db()
    assert other.attended is None


# --- Feedback ---------------------------------------------------------------------------


def test_someone_who_came_gives_feedback_once_and_can_change_it(client, cast, past):
    client.force_login(cast.mona)
    page = client.get(reverse("network:event_detail", args=[past.pk])).content.decode()
    assert "Tell us what you thought of this event" in page
    url = reverse("network:event_feedback", args=[past.pk])
    client.post(url, {"rating": "4", "idea_now": "Five-minute huddles"})
    again = client.get(url).content.decode()
    assert "You gave feedback on" in again and "Five-minute huddles" in again
    response = client.post(url, {"rating": "5", "idea_dream": "A garden"}, follow=True)
    assert "Your feedback has been updated" in response.content.decode()
    feedback = EventFeedback.objects.get()
    assert (feedback.rating, feedback.idea_now, feedback.idea_dream) == (5, "", "A garden")


def test_feedback_needs_a_rating_and_refuses_resident_details(client, cast, past):
    client.force_login(cast.mona)
    url = reverse("network:event_feedback", args=[past.pk])
    page = client.post(url, {"feeling": "Fine"}).content.decode()
    assert "Choose how the event was, from 1 to 5" in page
    page = client.post(url, {"rating": "3", "takeaway": "Mr B, DOB 01/02/1940"}).content.decode()
    assert "Remove the date of birth" in page
    assert not EventFeedback.objects.exists()


def test_no_feedback_before_the_event_ends_or_without_a_place(client, cast, upcoming, past):
    register(upcoming, cast.mona)
    client.force_login(cast.mona)
    assert client.get(reverse("network:event_feedback", args=[upcoming.pk])).status_code == 403
    client.force_login(cast.bea)
    response = client.post(reverse("network:event_feedback", args=[past.pk]), {"rating": "1"})
    assert response.status_code == 403
    assert not EventFeedback.objects.exists()


def _feedback(event, ratings, **answers):
    for rating in ratings:
        person = UserFactory()
        register(event, person)
        EventFeedback.objects.create(event=event, user=person, rating=rating, **answers)


def test_the_feedback_summary_hides_small_numbers_and_names(client, cast, past):
    _feedback(past, [5, 4, 4], takeaway="Huddles work")
    client.force_login(cast.will)
    page = client.get(reverse("network:event_feedback_summary", args=[past.pk])).content.decode()
    assert "fewer than 5 responses" in page
    assert "4.3" not in page
    assert "Huddles work" in page
    assert "Person" not in page  # no names


def test_the_feedback_summary_shows_the_average_from_5_responses(client, cast, past):
    _feedback(past, [5, 5, 4, 4, 2])
    client.force_login(cast.will)
    page = client.get(reverse("network:event_feedback_summary", args=[past.pk])).content.decode()
    assert "4.0 out of 5" in page
    assert ">5</dd>" in page  # five responses
    # Two people rated it 5: a count under 5 is suppressed.
    assert "fewer than 5" in page


def test_the_series_summary_combines_its_events(client, cast, series, past):
    _feedback(past, [5, 5, 5])
    _feedback(make_event(days=-28, series=series), [3, 3])
    _feedback(make_event(days=-28), [1, 1, 1])  # not in the series
    client.force_login(cast.will)
    url = reverse("network:series_feedback_summary", args=[series.pk])
    page = client.get(url).content.decode()
    assert "4.2 out of 5" in page


# --- Series -----------------------------------------------------------------------------


def test_a_project_worker_adds_a_series_then_an_event_in_it(client, cast):
    client.force_login(cast.will)
    response = client.post(
        reverse("network:series_create"),
        {"title": "Strategy group", "kind": "strategy_group"},
        follow=True,
    )
    series = EventSeries.objects.get()
    assert "Add an event to this series" in response.content.decode()
    form = client.get(reverse("network:event_create"), {"series": series.pk}).context["form"]
    assert form.initial["series"] == series.pk and form.initial["kind"] == "strategy_group"
    bad = client.post(reverse("network:series_create"), {"title": "", "kind": ""})
    assert "Enter a name for the series" in bad.content.decode()
    assert EventSeries.objects.count() == 1


# --- Home page --------------------------------------------------------------------------


def test_home_lists_my_upcoming_events_but_not_past_or_cancelled_ones(client, cast):
    register(make_event(title="Coming up soon"), cast.mona)
    register(make_event(title="Waiting for this", capacity=1), cast.mona, status="waiting")
    register(make_event(days=-2, title="Already over"), cast.mona)
    register(make_event(title="Called off", status=Event.Status.CANCELLED), cast.mona)
    register(make_event(title="Someone else's"), cast.bea)
    client.force_login(cast.mona)
    page = client.get(reverse("home")).content.decode()
    assert "Your upcoming events" in page
    assert "Coming up soon" in page and "Waiting for this" in page
    for absent in ["Already over", "Called off", "Someone else's"]:
        assert absent not in page


def test_home_items_take_at_most_three_queries(cast, django_assert_max_num_queries):
    from network.selectors_events import home_items

    for _ in range(5):
        register(make_event(), cast.mona)
    with django_assert_max_num_queries(3):
        items = home_items(cast.mona)
        [r.event.title for r in items["upcoming_registrations"]]
        [a.event.title for a in items["open_actions"]]
    assert len(items["upcoming_registrations"]) == 5
