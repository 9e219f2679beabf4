"""When each month's return opens and closes, including short months."""

from datetime import date

import pytest

from outcomes import windows


def test_octobers_return_opens_on_the_8th_and_closes_on_the_14th_of_november():
    month = windows.reporting_month(date(2026, 10, 17), 8, 14)
    assert (month.month, month.opens, month.closes) == (
        date(2026, 10, 1),
        date(2026, 11, 8),
        date(2026, 11, 14),
    )
    assert month.window_text == "Send October's figures between 8 and 14 November"
    assert month.state(date(2026, 11, 7)) == windows.NOT_OPEN
    assert month.state(date(2026, 11, 8)) == windows.OPEN
    assert month.state(date(2026, 11, 14)) == windows.OPEN
    assert month.state(date(2026, 11, 15)) == windows.CLOSED
    assert not month.is_late(date(2026, 11, 14))
    assert month.is_late(date(2026, 11, 15))


@pytest.mark.parametrize(
    "month, closes",
    [
        (date(2026, 1, 1), date(2026, 2, 28)),  # 31 in February is its last day
        (date(2028, 1, 1), date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 1), date(2026, 4, 30)),
        (date(2026, 12, 1), date(2027, 1, 31)),  # December's return is in January
    ],
)
def test_a_day_past_the_end_of_a_month_means_its_last_day(month, closes):
    reporting = windows.reporting_month(month, 29, 31)
    assert reporting.closes == closes
    assert reporting.opens == min(closes, closes.replace(day=min(29, closes.day)))


def test_the_window_text_names_both_months_when_they_differ():
    month = windows.ReportingMonth(date(2026, 1, 1), date(2026, 2, 28), date(2026, 3, 2))
    assert month.window_text == "Send January's figures between 28 February and 2 March"
    same = windows.reporting_month(date(2026, 1, 1), 10, 10)
    assert same.window_text == "Send January's figures on 10 February"


def test_the_current_month_is_last_month_even_before_its_window_opens():
    assert windows.current_month(date(2027, 1, 3), 8, 14).month == date(2026, 12, 1)
    # Before 8 January the latest month homes can send is November (late by then).
    assert windows.latest_open_month(date(2027, 1, 3), 8, 14).month == date(2026, 11, 1)
    assert windows.latest_open_month(date(2027, 1, 8), 8, 14).month == date(2026, 12, 1)


def test_months_back_counts_across_years():
    assert windows.months_back(date(2026, 2, 1), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert windows.add_months(date(2026, 1, 1), -13) == date(2024, 12, 1)
