"""Results: totals, computed rates, the 'fewer than 5' rule and what each person sees."""

from datetime import date

import pytest

from outcomes import access, windows
from outcomes import selectors_results as results
from outcomes.models import ReturnValue
from tests.factories import OrganisationFactory
from tests.outcomes.factories import figures, make_measure, make_return, standard_measures

MONTHS = windows.months_back(date(2026, 9, 1), 12)


@pytest.fixture
def measures(db):
    return standard_measures()


def _viewer(user):
    return access.viewer_for(user, user.memberships.first())


def _series(measure, user, scope, open_month=None):
    return results.measure_series(
        measure, _viewer(user), scope=scope, months=MONTHS, open_month=open_month
    )


def _year_of_returns(homes, measures, **values):
    for month in MONTHS:
        for home in homes:
            make_return(home, month, figures(measures, **values))


def test_a_rate_is_all_numerators_over_all_denominators_not_the_mean_of_home_rates(cast, measures):
    make_return(cast.home_a, MONTHS[-1], figures(measures, referrals=10, appropriate=10))
    make_return(cast.home_b, MONTHS[-1], figures(measures, referrals=30, appropriate=15))
    third = OrganisationFactory(area=cast.home_a.area)
    make_return(third, MONTHS[-1], figures(measures, referrals=10, appropriate=5))
    point = _series(measures["rate"], cast.will, results.network_scope()).points[-1]
    assert point.value == 60.0  # 30 of 50; the mean of 100%, 50% and 50% would be 66.7%
    assert point.text == "60%"


def test_network_totals_of_1_to_4_people_read_fewer_than_5_and_hide_the_chart(cast, measures):
    _year_of_returns([cast.home_a], measures, referrals=3, appropriate=2, falls=2)
    referrals = _series(measures["referrals"], cast.will, results.network_scope())
    assert {p.text for p in referrals.points} == {"fewer than 5"}
    assert referrals.chart is None and "cannot be shown" in referrals.note
    # Falls are not people: the same small total is shown, with its chart.
    falls = _series(measures["falls"], cast.will, results.network_scope())
    assert {p.text for p in falls.points} == {"2"}
    assert falls.chart is not None and falls.chart["svg"]


def test_a_rate_from_fewer_than_5_people_is_not_shown(cast, measures):
    make_return(cast.home_a, MONTHS[-1], figures(measures, referrals=4, appropriate=4))
    point = _series(measures["rate"], cast.will, results.network_scope()).points[-1]
    assert point.value is None and point.text == "not shown (fewer than 5 people)"


def test_a_home_sees_its_own_small_figures_exactly_but_a_partner_does_not(cast, measures):
    _year_of_returns([cast.home_a], measures, referrals=3, appropriate=2)
    own = _series(measures["referrals"], cast.mona, results.home_scope(cast.home_a))
    assert own.exact and own.points[-1].text == "3" and own.chart is not None
    partner = _series(measures["referrals"], cast.pat, results.home_scope(cast.home_a))
    assert partner.points[-1].text == "fewer than 5" and partner.chart is None
    worker = _series(measures["referrals"], cast.will, results.home_scope(cast.home_a))
    assert worker.points[-1].text == "3"


def test_totals_for_care_home_members_need_3_homes(cast, measures):
    """With two homes, Mona could take Oak House's falls from the total and see Birch's."""
    _year_of_returns([cast.home_a, cast.home_b], measures, falls=6)
    area = results.area_scope(_viewer(cast.mona), cast.home_a.area_id)
    two = _series(measures["falls"], cast.mona, area)
    assert {p.text for p in two.points} == {"not shown (fewer than 3 homes sent figures)"}
    assert two.chart is None
    # A partner sees the same total.
    assert _series(measures["falls"], cast.pat, area).points[-1].text == "12"
    OrganisationFactory(area=cast.home_a.area)
    third = OrganisationFactory(area=cast.home_a.area)
    _year_of_returns([third], measures, falls=6)
    assert _series(measures["falls"], cast.mona, area).points[-1].text == "18"


def test_an_open_month_is_provisional_and_left_out_of_total_charts(cast, measures):
    _year_of_returns([cast.home_a, cast.home_b], measures, falls=6)
    series = _series(measures["falls"], cast.will, results.network_scope(), MONTHS[-1])
    assert series.points[-1].provisional
    assert len(series.chart["rows"]) == len(MONTHS) - 1
    own = _series(measures["falls"], cast.mona, results.home_scope(cast.home_a), MONTHS[-1])
    assert len(own.chart["rows"]) == len(MONTHS)  # a home's own month is in once sent


def test_a_corrected_month_is_flagged_and_the_chart_uses_the_corrected_figure(cast, measures):
    _year_of_returns([cast.home_a], measures, falls=6)
    value = ReturnValue.objects.get(measure=measures["falls"], monthly_return__month=MONTHS[4])
    ReturnValue.objects.filter(pk=value.pk).update(value=9, corrected_at="2026-10-01T10:00Z")
    series = _series(measures["falls"], cast.will, results.network_scope())
    assert series.points[4].corrected and series.points[4].text == "9"
    assert "1 month includes a figure corrected after it was sent" in series.summary["summary"]
    assert [row["value"] for row in series.chart["rows"]][4] == "9"


def test_a_drop_in_falls_is_special_cause_improvement(cast, measures):
    for index, month in enumerate(MONTHS):
        for home in (cast.home_a, cast.home_b):
            falls = 8 + index % 2 if index < 5 else 3 + index % 2
            make_return(home, month, figures(measures, falls=falls))
    series = _series(measures["falls"], cast.will, results.network_scope())
    assert series.summary["variation_icon"] == "improvement_low"
    assert series.summary["summary"].startswith("Special cause improvement")


def test_latest_summaries_take_one_query_for_every_measure(
    cast, measures, django_assert_num_queries
):
    _year_of_returns([cast.home_a, cast.home_b], measures)
    extra = make_measure("Bed days", position=9)
    viewer = _viewer(cast.will)
    with django_assert_num_queries(1):
        rows = results.latest_summaries(
            [*measures.values(), extra],
            viewer,
            scope=results.network_scope(),
            months=MONTHS,
            open_month=None,
        )
    assert [r.latest.text if r.latest else None for r in rows] == [
        "20",
        "16",
        "80%",
        "8",
        None,
    ]
