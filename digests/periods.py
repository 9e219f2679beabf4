"""Digest periods. A weekly digest covers Monday 00:00 to Monday 00:00 (Europe/London)
and is keyed "2026-W48" (ISO week); a daily one covers a day and is keyed "2026-11-24".
The digest sent on the morning of a period's next day covers the period just ended."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from digests.models import Frequency


@dataclass(frozen=True)
class Period:
    key: str
    frequency: str
    start: datetime  # aware, inclusive
    end: datetime  # aware, exclusive

    @property
    def label(self) -> str:
        """ "the week of 16 November 2026" or "Tuesday 24 November 2026"."""
        if self.frequency == Frequency.WEEKLY:
            return f"the week of {self.start:%-d %B %Y}"
        return f"{self.start:%A %-d %B %Y}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def period_for(frequency: str, day: date) -> Period:
    """The period of this frequency that contains `day`."""
    if frequency == Frequency.WEEKLY:
        monday = day - timedelta(days=day.weekday())
        year, week, _ = monday.isocalendar()
        return Period(
            f"{year}-W{week:02d}", frequency, _midnight(monday), _midnight(monday + timedelta(7))
        )
    if frequency == Frequency.DAILY:
        return Period(day.isoformat(), frequency, _midnight(day), _midnight(day + timedelta(1)))
    raise ValueError(f"No digest period for {frequency!r}")


def last_complete_period(frequency: str, today: date) -> Period:
    """The period a digest sent today reports on: yesterday, or last week."""
    step = timedelta(days=7 if frequency == Frequency.WEEKLY else 1)
    return period_for(frequency, today - step)


def parse_period(key: str) -> Period:
    """ "2026-W48" or "2026-11-24" back into a Period (for the backfill command)."""
    if "-W" in key:
        year, week = key.split("-W")
        return period_for(Frequency.WEEKLY, date.fromisocalendar(int(year), int(week), 1))
    return period_for(Frequency.DAILY, date.fromisoformat(key))
