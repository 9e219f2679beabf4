"""The add-to-calendar file: RFC 5545 text with UK times that survive the clock change."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse

from network.ics import escape_text, event_calendar, fold
from portal.forms import LONDON
from tests.network.conftest import make_event, register

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _lines(text: str) -> list[str]:
    """Unfold (RFC 5545 3.1) and split into content lines."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends CRLF
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _event(start: datetime, **fields):
    return make_event(starts_at=start, ends_at=start + timedelta(hours=1, minutes=30), **fields)


def test_summer_and_winter_events_carry_uk_clock_times_with_the_timezone(db):
    summer = _event(datetime(2027, 7, 1, 14, 0, tzinfo=LONDON))  # BST: 13:00 UTC
    winter = _event(datetime(2026, 12, 1, 14, 0, tzinfo=LONDON))  # GMT: 14:00 UTC
    summer_lines = _lines(event_calendar(summer, include_online_link=False, now=NOW))
    winter_lines = _lines(event_calendar(winter, include_online_link=False, now=NOW))
    assert "DTSTART;TZID=Europe/London:20270701T140000" in summer_lines
    assert "DTEND;TZID=Europe/London:20270701T153000" in summer_lines
    assert "DTSTART;TZID=Europe/London:20261201T140000" in winter_lines
    for lines in (summer_lines, winter_lines):
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
        assert "VERSION:2.0" in lines
        assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/London" in lines
        assert "TZNAME:BST" in lines and "TZNAME:GMT" in lines
        assert "DTSTAMP:20261101T090000Z" in lines


def test_the_uid_is_stable_and_the_page_url_is_included(db):
    event = _event(datetime(2027, 1, 5, 10, 0, tzinfo=LONDON))
    first = _lines(event_calendar(event, include_online_link=False, now=NOW))
    later = _lines(event_calendar(event, include_online_link=False, now=NOW + timedelta(days=3)))
    uid = [line for line in first if line.startswith("UID:")]
    assert uid == [line for line in later if line.startswith("UID:")]
    assert uid[0] == f"UID:event-{event.pk}@127.0.0.1"
    assert f"URL:http://127.0.0.1:8000/events/{event.pk}/" in first


def test_text_is_escaped_and_long_lines_folded_at_75_octets(db):
    event = _event(
        datetime(2027, 1, 5, 10, 0, tzinfo=LONDON),
        title="Falls; slips, trips\\and more",
        description="Line one\nLine two – with a dash and é " + "x" * 120,
        venue="Room 2, Oak House",
        online_url="",
    )
    text = event_calendar(event, include_online_link=False, now=NOW)
    for raw in text.split("\r\n"):
        assert len(raw.encode("utf-8")) <= 75
    lines = _lines(text)
    assert "SUMMARY:Falls\\; slips\\, trips\\\\and more" in lines
    assert "LOCATION:Room 2\\, Oak House" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Line one\\nLine two – with a dash and é xxx")


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    for piece in folded.split("\r\n"):
        piece.encode("utf-8").decode("utf-8")
        assert len(piece.encode("utf-8")) <= 75


def test_escape_text():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_the_download_has_the_online_link_only_for_people_with_a_place(client, cast):
    event = _event(datetime(2027, 1, 5, 10, 0, tzinfo=LONDON), venue="Oak House")
    register(event, cast.mona)
    client.force_login(cast.mona)
    response = client.get(reverse("network:event_ics", args=[event.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="peer-support.ics"'
    assert "LOCATION:Oak House\\, https://meet.example.org/secret-room" in _lines(
        response.content.decode()
    )
    client.force_login(cast.bea)
    lines = _lines(client.get(reverse("network:event_ics", args=[event.pk])).content.decode())
    assert "LOCATION:Oak House" in lines
    assert not any("secret-room" in line for line in lines)
