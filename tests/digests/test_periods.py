from datetime import date

import pytest

from digests.periods import last_complete_period, parse_period, period_for


def test_a_week_runs_monday_to_monday_in_london_time():
    week = period_for("weekly", date(2026, 11, 26))  # a Thursday
    assert week.key == "2026-W48"
    assert week.start.isoformat() == "2026-11-23T00:00:00+00:00"
    assert week.end.isoformat() == "2026-11-30T00:00:00+00:00"
    assert week.label == "the week of 23 November 2026"


def test_summer_time_is_respected():
    day = period_for("daily", date(2026, 7, 1))
    assert day.start.isoformat() == "2026-07-01T00:00:00+01:00"


def test_a_digest_sent_today_covers_the_period_just_ended():
    assert last_complete_period("weekly", date(2026, 11, 30)).key == "2026-W48"
    assert last_complete_period("daily", date(2026, 11, 24)).key == "2026-11-23"


def test_year_boundaries_use_iso_weeks():
    assert period_for("weekly", date(2027, 1, 1)).key == "2026-W53"


@pytest.mark.parametrize("key", ["2026-W48", "2026-W01", "2026-11-24"])
def test_keys_round_trip(key):
    assert parse_period(key).key == key


def test_never_has_no_period():
    with pytest.raises(ValueError):
        period_for("none", date(2026, 11, 24))
