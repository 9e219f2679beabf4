"""The video player's progress reports (training:progress) and the script that sends them."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_learning_record, make_session
from training import selectors_learning
from training.models import LearningRecord

SCRIPT = Path(settings.BASE_DIR) / "static" / "js" / "training-player.js"


@pytest.fixture
def session(db):
    return make_session(upload=True, duration_minutes=25)


def _url(session):
    return reverse("training:progress", args=[session.pk])


def _record(user, session):
    return LearningRecord.objects.get(user=user, session=session)


def _heard_from(seconds_ago: float) -> None:
    """As if the records last heard from their person `seconds_ago` (the page opened, or
    the player reported)."""
    LearningRecord.objects.update(last_viewed_at=timezone.now() - timedelta(seconds=seconds_ago))


def test_a_report_adds_the_seconds_and_keeps_the_place(client, cast, session):
    make_learning_record(cast.sid, session)
    client.force_login(cast.sid)
    _heard_from(15)
    response = client.post(_url(session), {"seconds": "15", "position": "75.6"})
    assert response.status_code == 204
    assert response.content == b""
    record = _record(cast.sid, session)
    assert (record.seconds_watched, record.last_position_seconds) == (15, 76)
    assert timezone.now() - record.last_viewed_at < timedelta(seconds=5)
    _heard_from(15)
    client.post(_url(session), {"seconds": "14.4", "position": "90"})
    record = _record(cast.sid, session)
    assert (record.seconds_watched, record.last_position_seconds) == (29, 90)


@pytest.mark.parametrize(
    "seconds, position, expected",
    [
        ("500", "10", (60, 10)),  # at most a minute per report
        ("-30", "-5", (0, 0)),  # nothing negative
        ("10", "99999", (10, 25 * 60)),  # no further than the session's length
    ],
)
def test_numbers_out_of_range_are_clamped(client, cast, session, seconds, position, expected):
    make_learning_record(cast.sid, session)
    client.force_login(cast.sid)
    _heard_from(600)
    assert client.post(_url(session), {"seconds": seconds, "position": position}).status_code == 204
    record = _record(cast.sid, session)
    assert (record.seconds_watched, record.last_position_seconds) == expected


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"seconds": "ten", "position": "5"},
        {"seconds": "nan", "position": "5"},
        {"seconds": "5"},
    ],
)
def test_a_bad_report_is_refused_and_changes_nothing(client, cast, session, data):
    make_learning_record(cast.sid, session)
    client.force_login(cast.sid)
    assert client.post(_url(session), data).status_code == 400
    record = _record(cast.sid, session)
    assert (record.seconds_watched, record.last_position_seconds) == (0, 0)


def test_reports_are_added_to_what_is_stored_not_overwritten(cast, session):
    """Each report reads the record again (locked), so reports from an out-of-date copy
    both count."""
    from training import services_learning

    make_learning_record(cast.sid, session)
    stale = _record(cast.sid, session)
    for _ in range(2):
        _heard_from(15)
        services_learning.report_progress(
            user=cast.sid, session=stale.session, organisation=None, seconds=15, position=30
        )
    assert _record(cast.sid, session).seconds_watched == 30


def test_a_flood_of_reports_counts_only_the_time_that_passed(client, cast, monkeypatch):
    """100 reports of a minute each, sent at once, on a 1-minute session: only the time
    since the record last heard from the person counts (doubled for fast playback, plus a
    little slack), not 100 minutes. The clock the reports read stands still, so a slow
    machine taking seconds over the 100 posts changes nothing."""
    short = make_session(upload=True, duration_minutes=1, title="One minute")
    make_learning_record(cast.sid, short)
    client.force_login(cast.sid)
    _heard_from(15)
    frozen = timezone.now()
    monkeypatch.setattr("training.services_learning.timezone.now", lambda: frozen)
    for _ in range(100):
        assert client.post(_url(short), {"seconds": "60", "position": "10"}).status_code == 204
    record = _record(cast.sid, short)
    assert 15 <= record.seconds_watched <= 15 * 2 + 5
    assert record.last_position_seconds == 10


def test_time_watched_stops_at_three_times_the_length(client, cast):
    short = make_session(upload=True, duration_minutes=1, title="One minute")
    make_learning_record(cast.sid, short)
    client.force_login(cast.sid)
    for _ in range(10):
        _heard_from(60)
        client.post(_url(short), {"seconds": "60", "position": "30"})
    assert _record(cast.sid, short).seconds_watched == 3 * 60
    # A record already over the limit (from before it existed) is left as it was.
    LearningRecord.objects.update(seconds_watched=6000)
    _heard_from(60)
    client.post(_url(short), {"seconds": "60", "position": "40"})
    record = _record(cast.sid, short)
    assert (record.seconds_watched, record.last_position_seconds) == (6000, 40)


def test_a_report_right_after_opening_the_page_counts_nothing(client, cast, session):
    """Opening the page starts the clock: a report that claims time before it is not
    counted."""
    client.force_login(cast.sid)
    client.get(reverse("training:session_detail", args=[session.pk]))
    assert client.post(_url(session), {"seconds": "60", "position": "60"}).status_code == 204
    record = _record(cast.sid, session)
    assert record.seconds_watched <= 1
    assert record.last_position_seconds == 60


@pytest.mark.parametrize("kind", ["link", "none"])
def test_sessions_without_an_uploaded_video_take_no_reports(client, cast, kind):
    if kind == "link":
        other = make_session(link="https://youtu.be/dQw4w9WgXcQ", title="On YouTube")
    else:
        other = make_session(title="No video yet")
    make_learning_record(cast.sid, other)
    client.force_login(cast.sid)
    _heard_from(60)
    assert client.post(_url(other), {"seconds": "15", "position": "15"}).status_code == 404
    record = _record(cast.sid, other)
    assert (record.seconds_watched, record.last_position_seconds) == (0, 0)


def test_the_service_refuses_reports_without_an_uploaded_video(cast):
    from training import services_learning

    link = make_session(link="https://youtu.be/dQw4w9WgXcQ", title="On YouTube")
    assert not services_learning.report_progress(
        user=cast.sid, session=link, organisation=None, seconds=15, position=15
    )
    assert not LearningRecord.objects.exists()


def test_the_report_needs_the_csrf_token_in_the_body(cast, session):
    make_learning_record(cast.sid, session)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.sid)
    assert browser.post(_url(session), {"seconds": 5, "position": 5}).status_code == 403
    page = browser.get(reverse("training:session_detail", args=[session.pk]))
    token = page.context["csrf_token"]
    _heard_from(15)
    data = {"seconds": 5, "position": 5, "csrfmiddlewaretoken": str(token)}
    assert browser.post(_url(session), data).status_code == 204
    assert _record(cast.sid, session).seconds_watched == 5


def test_a_report_for_a_published_session_without_a_record_starts_one(client, cast, session):
    client.force_login(cast.bea)
    assert client.post(_url(session), {"seconds": 15, "position": 15}).status_code == 204
    assert _record(cast.bea, session).seconds_watched == 15


def test_a_draft_takes_no_reports(client, cast):
    draft = make_session(status="draft", upload=True)
    client.force_login(cast.will)
    assert client.post(_url(draft), {"seconds": 15, "position": 15}).status_code == 403
    client.force_login(cast.sid)
    assert client.post(_url(draft), {"seconds": 15, "position": 15}).status_code == 404
    assert not LearningRecord.objects.exists()


def test_only_a_post_is_accepted(client, cast, session):
    client.force_login(cast.sid)
    assert client.get(_url(session)).status_code == 405


# --- The script on the page ---------------------------------------------------------------


def _script_tag(session, record):
    ctx = {"learning": selectors_learning.panel(session, record), "csrf_token": "tok"}
    return render_to_string("training/includes/player_script.html", ctx)


def test_the_script_gets_the_url_token_and_saved_place(cast, session):
    record = make_learning_record(cast.sid, session, last_position_seconds=125)
    html = _script_tag(session, record)
    assert 'src="/static/js/training-player.js"' in html
    assert " defer " in html
    assert f'data-progress-url="{_url(session)}"' in html
    assert 'data-csrf-token="tok"' in html
    assert 'data-position="125"' in html


def test_no_script_without_an_uploaded_video_or_a_record(cast, session):
    link = make_session(link="https://youtu.be/dQw4w9WgXcQ", title="On YouTube")
    assert _script_tag(link, make_learning_record(cast.sid, link)).strip() == ""
    assert _script_tag(session, None).strip() == ""


def test_the_session_page_loads_the_script(client, cast, session):
    client.force_login(cast.sid)
    html = client.get(reverse("training:session_detail", args=[session.pk])).content.decode()
    assert "training-player.js" in html
    assert 'id="session-video"' in html


def test_the_script_is_plain_es2017_that_reports_in_the_body():
    source = SCRIPT.read_text()
    assert "session-video" in source
    assert "csrfmiddlewaretoken" in source  # sendBeacon cannot set headers
    assert "sendBeacon" in source and "pagehide" in source
    assert "loadedmetadata" in source
    for newer in ("?.", "??", "import ", "export "):
        assert newer not in source, newer
