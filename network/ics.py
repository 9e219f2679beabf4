"""An iCalendar (RFC 5545) file for one event, written by hand.

Times are given on the clock in England (`DTSTART;TZID=Europe/London:...`) with a
VTIMEZONE block describing GMT and British Summer Time, so calendar apps anywhere show
the right time on both sides of the clock change. Lines end with CRLF and are folded at
75 octets; text values escape backslashes, semicolons, commas and newlines.
"""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from network.models import Event
from portal.forms import LONDON

VTIMEZONE_LONDON = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str, limit: int = 75) -> str:
    """Split a content line into pieces of at most `limit` octets (UTF-8), never inside a
    character; each continuation starts with a space (RFC 5545 section 3.1)."""
    pieces: list[str] = []
    current, size = "", 0
    budget = limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > budget:
            pieces.append(current)
            current, size = " ", 1
            budget = limit
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_calendar(event: Event, *, include_online_link: bool, now: datetime) -> str:
    """The .ics text for `event`. The online link goes in only when `include_online_link`
    (the person is registered, or organises it)."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    page_url = settings.SITE_URL + reverse("network:event_detail", args=[event.pk])
    location = [event.venue] if event.venue else []
    if include_online_link and event.online_url:
        location.append(event.online_url)
    description = event.description.strip()
    if include_online_link and event.online_url:
        description = f"{description}\n\nJoin online: {event.online_url}".strip()
    description = f"{description}\n\nEvent page: {page_url}".strip()

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape_text(settings.SERVICE_NAME)}//Events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE_LONDON,
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART;TZID=Europe/London:{_local(event.starts_at)}",
        f"DTEND;TZID=Europe/London:{_local(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(', '.join(location))}")
    lines += [
        f"URL:{page_url}",
        f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}",
        f"LAST-MODIFIED:{_utc(event.updated_at)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def filename(event: Event) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in event.title.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{slug[:50] or 'event'}.ics"
