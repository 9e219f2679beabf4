"""Sending figures, no change, late and corrected returns."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from outcomes import services_returns as services
from outcomes import windows
from outcomes.models import Correction, MonthlyReturn, ReturnValue
from tests.outcomes.factories import figures, make_return, standard_measures

OCTOBER = windows.reporting_month(date(2026, 10, 1), 8, 14)
IN_WINDOW, AFTER = date(2026, 11, 10), date(2026, 11, 20)


@pytest.fixture
def measures(db):
    return standard_measures()


def _raw(measures, referrals="10", appropriate="8", falls="2"):
    return {
        measures["referrals"].pk: referrals,
        measures["appropriate"].pk: appropriate,
        measures["falls"].pk: falls,
    }


def _send(cast, measures, today=IN_WINDOW, **raw):
    return services.send_return(
        actor=cast.mona, home=cast.home_a, month=OCTOBER, raw=_raw(measures, **raw), today=today
    )


def test_a_return_in_the_window_is_saved_on_time(cast, measures):
    sent = _send(cast, measures)
    assert not sent.is_late
    assert sent.submitted_by == cast.mona
    assert dict(sent.values.values_list("measure__title", "value")) == {
        "Referrals to community nursing": 10,
        "Appropriate referrals": 8,
        "Falls": 2,
    }


def test_a_return_after_the_window_is_taken_and_marked_late(cast, measures):
    assert _send(cast, measures, today=AFTER).is_late


def test_a_return_cannot_be_sent_before_its_window_opens(cast, measures):
    with pytest.raises(ValidationError) as error:
        _send(cast, measures, today=date(2026, 11, 7))
    assert "from 8 November" in str(error.value)
    assert not MonthlyReturn.objects.exists()


@pytest.mark.parametrize(
    "raw, field, message",
    [
        ({"falls": ""}, "falls", "Enter the number of falls (enter 0 if there were none)"),
        ({"falls": "-1"}, "falls", "Falls cannot be less than 0"),
        ({"falls": "2.5"}, "falls", "Falls must be a whole number, like 3"),
        ({"falls": "two"}, "falls", "Falls must be a number, like 3"),
        (
            {"appropriate": "11"},
            "appropriate",
            "Appropriate referrals cannot be more than referrals to community nursing",
        ),
    ],
)
def test_bad_figures_are_refused_with_a_clear_message_and_nothing_saved(
    cast, measures, raw, field, message
):
    with pytest.raises(ValidationError) as error:
        _send(cast, measures, **raw)
    assert error.value.message_dict[f"m{measures[field].pk}"] == [message]
    assert not MonthlyReturn.objects.exists() and not ReturnValue.objects.exists()


def test_a_month_is_sent_once(cast, measures):
    _send(cast, measures)
    with pytest.raises(ValidationError, match="already been sent"):
        _send(cast, measures, falls="5")
    assert ReturnValue.objects.get(measure=measures["falls"]).value == 2


def test_no_change_copies_last_months_figures(cast, measures):
    make_return(cast.home_a, date(2026, 9, 1), figures(measures, 7, 6, 1))
    sent = services.send_no_change(actor=cast.sid, home=cast.home_a, month=OCTOBER, today=AFTER)
    assert sent.no_change and sent.is_late and sent.submitted_by == cast.sid
    assert sorted(sent.values.values_list("value", flat=True)) == [1, 6, 7]


def test_no_change_needs_last_months_figures(cast, measures):
    with pytest.raises(ValidationError, match="not complete"):
        services.send_no_change(actor=cast.sid, home=cast.home_a, month=OCTOBER, today=IN_WINDOW)
    # A measure added since last month: its figure is missing, so nothing to copy.
    make_return(cast.home_a, date(2026, 9, 1), {measures["falls"]: 1})
    with pytest.raises(ValidationError, match="not complete"):
        services.send_no_change(actor=cast.sid, home=cast.home_a, month=OCTOBER, today=IN_WINDOW)
    assert not MonthlyReturn.objects.filter(month=OCTOBER.month).exists()


def test_a_correction_records_old_value_new_value_who_when_and_why(cast, measures):
    sent = _send(cast, measures)
    made = services.correct_return(
        actor=cast.sid,
        monthly_return=sent,
        raw=_raw(measures, falls="4"),
        reason="A fall was logged after we sent the figures",
    )
    assert len(made) == 1
    correction = Correction.objects.get()
    assert (correction.old_value, correction.new_value, correction.corrected_by) == (2, 4, cast.sid)
    assert correction.reason == "A fall was logged after we sent the figures"
    value = ReturnValue.objects.get(measure=measures["falls"])
    assert value.value == 4 and value.corrected_at is not None
    assert ReturnValue.objects.get(measure=measures["referrals"]).corrected_at is None


@pytest.mark.parametrize(
    "raw, reason, expected",
    [
        ({}, "Typo", "You have not changed any figures."),
        ({"falls": "4"}, "  ", "Say why the figures are changing"),
        ({"falls": "4"}, "Mrs B, DOB 12/03/1941, fell", "Remove the date of birth"),
        ({"appropriate": "12"}, "Typo", "cannot be more than referrals"),
    ],
)
def test_a_correction_that_makes_no_sense_is_refused(cast, measures, raw, reason, expected):
    sent = _send(cast, measures)
    with pytest.raises(ValidationError) as error:
        services.correct_return(
            actor=cast.sid, monthly_return=sent, raw=_raw(measures, **raw), reason=reason
        )
    assert expected in str(error.value)
    assert not Correction.objects.exists()
    assert ReturnValue.objects.get(measure=measures["falls"]).value == 2


def test_a_figure_missing_from_an_earlier_return_can_be_added_as_a_correction(cast, measures):
    sent = make_return(cast.home_a, date(2026, 9, 1), {measures["falls"]: 1})
    services.correct_return(
        actor=cast.mona, monthly_return=sent, raw=_raw(measures, falls="1"), reason="Missed"
    )
    added = Correction.objects.order_by("value__measure__position")
    assert [(c.old_value, c.new_value) for c in added] == [(None, 10), (None, 8)]
