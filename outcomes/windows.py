"""When each month's return is open. Pure date arithmetic: no database.

October's figures are sent in November: the window opens on `opens_day` of November and
closes at the end of `closes_day` (both 8 and 14 by default, like the NHS Capacity
Tracker). A day past the month's end means its last day (31 in February is the 28th or
29th). Figures sent after the window closes are still taken, marked late. A month cannot be
sent before its window opens (its figures are not complete yet).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

OPEN, NOT_OPEN, CLOSED = "open", "not_open", "closed"
CLOSING_DAYS = 2  # the "2 days left" reminder goes this many days before the window closes


def first_of(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after `month` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def clamp_day(year: int, month: int, day: int) -> date:
    """`day` of that month, or its last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_label(month: date) -> str:
    """ "October 2026"."""
    return f"{month:%B %Y}"


def day_label(day: date) -> str:
    """ "14 November"."""
    return f"{day.day} {day:%B}"


@dataclass(frozen=True)
class ReportingMonth:
    """One month's return: the month it covers and its window (both days included)."""

    month: date
    opens: date
    closes: date

    def state(self, today: date) -> str:
        if today < self.opens:
            return NOT_OPEN
        if today > self.closes:
            return CLOSED
        return OPEN

    def is_late(self, day: date) -> bool:
        """Whether figures sent on `day` are late."""
        return day > self.closes

    def days_left(self, today: date) -> int:
        """Days after today until the window closes (0 on the last day)."""
        return (self.closes - today).days

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def short_name(self) -> str:
        """ "October"."""
        return f"{self.month:%B}"

    @property
    def window_text(self) -> str:
        """ "Send October's figures between 8 and 14 November"."""
        if self.opens == self.closes:
            when = f"on {day_label(self.opens)}"
        elif self.opens.month == self.closes.month:
            when = f"between {self.opens.day} and {day_label(self.closes)}"
        else:
            when = f"between {day_label(self.opens)} and {day_label(self.closes)}"
        return f"Send {self.short_name}'s figures {when}"


def reporting_month(month: date, opens_day: int, closes_day: int) -> ReportingMonth:
    """The return for `month` (any day in it) with its window in the next month."""
    month = first_of(month)
    after = add_months(month, 1)
    return ReportingMonth(
        month=month,
        opens=clamp_day(after.year, after.month, opens_day),
        closes=clamp_day(after.year, after.month, closes_day),
    )


def current_month(today: date, opens_day: int, closes_day: int) -> ReportingMonth:
    """The return homes are asked about now: last month's (whether or not its window has
    opened yet)."""
    return reporting_month(add_months(first_of(today), -1), opens_day, closes_day)


def latest_open_month(today: date, opens_day: int, closes_day: int) -> ReportingMonth:
    """The most recent month whose window has opened (last month once its window opens,
    the month before until then)."""
    current = current_month(today, opens_day, closes_day)
    if current.state(today) != NOT_OPEN:
        return current
    return reporting_month(add_months(current.month, -1), opens_day, closes_day)


def months_back(latest: date, count: int) -> list[date]:
    """`count` months ending with `latest`, oldest first."""
    return [add_months(first_of(latest), -k) for k in range(count - 1, -1, -1)]
