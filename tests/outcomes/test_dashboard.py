"""The area dashboard's network measures section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes import windows
from tests.factories import AreaFactory, OrganisationFactory
from tests.outcomes.factories import (
    figures,
    last_month,
    make_measure,
    make_return,
    open_window,
    standard_measures,
)


@pytest.fixture
def measures(db):
    open_window()
    return standard_measures()


def _months(count):
    return windows.months_back(windows.add_months(last_month(), -1), count)


def _section(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboards:area"))
    assert response.status_code == 200
    return response.context["figures"].outcomes, response.content.decode()


def test_project_workers_see_a_making_data_count_row_per_measure(client, cast, measures):
    for index, month in enumerate(_months(14)):
        for home in (cast.home_a, cast.home_b):
            make_return(home, month, figures(measures, falls=9 if index < 6 else 3))
    section, html = _section(client, cast.will)
    assert section.label == "the whole network"
    falls = next(row for row in section.rows if row.measure == "Falls")
    assert falls.latest == "6" and falls.variation_icon == "improvement_low"
    assert falls.url == reverse("outcomes:measure_detail", args=[measures["falls"].pk])
    rate = next(row for row in section.rows if row.is_rate)
    assert rate.latest == "80%" and rate.assurance_icon == "inconsistent"
    assert 'id="outcomes"' in html and "Special cause improvement: lower values" in html


def test_partners_see_their_areas_totals_with_fewer_than_5(client, cast, measures):
    elsewhere = OrganisationFactory(area=AreaFactory(name="Elsewhere", kind="region"))
    for month in _months(3):
        make_return(cast.home_a, month, figures(measures, referrals=2, appropriate=1, falls=1))
        make_return(elsewhere, month, figures(measures, referrals=50, appropriate=40))
    section, _ = _section(client, cast.pat)
    rows = {row.measure: row for row in section.rows}
    assert rows["Referrals to community nursing"].latest == "fewer than 5"  # not 52
    assert rows["Falls"].latest == "1"  # falls are not people
    assert "area=" in rows["Falls"].url


def test_the_section_takes_the_same_queries_with_more_homes_months_and_measures(
    client, cast, measures
):
    def queries():
        client.force_login(cast.will)
        client.get(reverse("dashboards:area"))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("dashboards:area"))
        return len(captured)

    for month in _months(2):
        make_return(cast.home_a, month, figures(measures))
    few = queries()
    make_measure("Bed days", position=9)
    homes = [OrganisationFactory(area=cast.home_a.area) for _ in range(10)]
    for month in _months(12):
        for home in homes:
            make_return(home, month, figures(measures))
    assert queries() == few
