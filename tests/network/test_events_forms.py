"""The reusable date and time fields in portal/forms.py."""

from datetime import date, datetime, time

import pytest
from django import forms

from portal.forms import DateInputField, TimeInputField, london_datetime, london_parts
from portal.templatetags.nhsuk import kind_of


class _Form(forms.Form):
    day = DateInputField(label="Date")
    at = TimeInputField(label="Time")


def _errors(**data):
    form = _Form(data)
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_a_real_date_and_time_are_accepted():
    form = _Form({"day_day": "1", "day_month": "12", "day_year": "2026", "at": "9.05"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": date(2026, 12, 1), "at": time(9, 5)}


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("30", "2", "2027"), "Enter a real date"),
        (("1", "13", "2027"), "Enter a real date"),
        (("a", "1", "2027"), "Enter a real date"),
        (("1", "", "2027"), "The date must include a month"),
        (("", "", "2027"), "The date must include a day and month"),
        (("1", "1", "27"), "Enter the year as 4 numbers, like 2026"),
        (("", "", ""), "Enter a date"),
    ],
)
def test_date_errors_say_what_to_fix(parts, message):
    day, month, year = parts
    errors = _errors(day_day=day, day_month=month, day_year=year, at="10:00")
    assert errors == {"day": [message]}


@pytest.mark.parametrize("value", ["24:00", "14:60", "2pm", "1430", "noon"])
def test_time_errors_ask_for_a_time_like_1430(value):
    errors = _errors(day_day="1", day_month="1", day_year="2027", at=value)
    assert errors == {"at": ["Enter a time like 14:30"]}


def test_the_date_is_drawn_as_an_nhsuk_date_input_and_keeps_what_was_typed():
    form = _Form({"day_day": "31", "day_month": "2", "day_year": "2027", "at": ""})
    assert kind_of(form["day"]) == "date"
    html = str(form["day"].as_widget())
    assert 'name="day_day"' in html and 'value="31"' in html and 'inputmode="numeric"' in html


def test_uk_clock_times_become_the_right_moment_either_side_of_the_clock_change():
    summer = london_datetime(date(2027, 7, 1), time(14, 0))
    winter = london_datetime(date(2027, 12, 1), time(14, 0))
    assert summer.utcoffset().total_seconds() == 3600
    assert winter.utcoffset().total_seconds() == 0
    assert london_parts(summer.astimezone(datetime.now().astimezone().tzinfo)) == (
        date(2027, 7, 1),
        time(14, 0),
    )
