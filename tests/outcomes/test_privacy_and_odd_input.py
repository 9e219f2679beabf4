"""What a care home or partner cannot work out from totals, and odd input that used to
give a server error (found in a review of the network measures)."""

import pytest
from django.test import Client
from django.urls import reverse

from network.models import Membership
from outcomes import services_measures, windows
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


def _csv(client, user, measure, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("outcomes:measure_csv", args=[measure.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def _four_homes_in_two_localities(cast, measures, month):
    locality = cast.home_a.area
    third = OrganisationFactory(name="Third House", area=locality)
    elsewhere = AreaFactory(name="Portsmouth", kind="locality", parent=locality.parent)
    dock = OrganisationFactory(name="Dock House", area=elsewhere)
    for home in (cast.home_a, cast.home_b, third):
        make_return(home, month, figures(measures, referrals=10, appropriate=8, falls=5))
    make_return(dock, month, figures(measures, referrals=17, appropriate=2, falls=3))
    return locality


def test_care_home_members_get_the_network_total_only_not_an_area_total(client, cast, measures):
    closed = windows.add_months(last_month(), -1)
    locality = _four_homes_in_two_localities(cast, measures, closed)
    appropriate = measures["appropriate"]
    # An area total beside the network total would give Dock House's 2 away (26 - 24).
    client.force_login(cast.mona)
    url = reverse("outcomes:measure_csv", args=[appropriate.pk])
    assert client.get(url, {"area": locality.pk}).status_code == 404
    assert client.get(url, {"area": locality.parent.pk}).status_code == 404
    page = client.get(reverse("outcomes:measure_detail", args=[appropriate.pk]))
    assert "Compare with" not in page.content.decode()
    text = _csv(client, cast.mona, appropriate)
    assert ",26," in text and ",24," not in text  # the network total (4 homes) only


def test_totals_for_a_month_still_open_are_for_project_workers_only(client, cast, measures):
    month = last_month()  # open: the test window is open every day
    locality = cast.home_a.area
    for name in ("Third House", "Fourth House"):
        home = OrganisationFactory(name=name, area=locality)
        make_return(home, month, figures(measures, appropriate=8))
    make_return(cast.home_b, month, figures(measures, appropriate=8))
    for person in (cast.mona, cast.pat):
        text = _csv(client, person, measures["appropriate"])
        # The total would change as each home sends, giving that home's figure away.
        assert ",24," not in text and "not shown until every home" in text
    assert ",24," in _csv(client, cast.will, measures["appropriate"])


def test_someone_with_no_membership_sees_no_total_from_one_home(client, cast, measures):
    closed = windows.add_months(last_month(), -1)
    make_return(cast.home_a, closed, figures(measures, falls=2))
    Membership.objects.filter(user=cast.sid).delete()
    text = _csv(client, cast.sid, measures["falls"])
    assert "fewer than 3 homes" in text


def test_a_rate_counts_people_once_either_of_its_counts_does(cast, db):
    part = make_measure("Appropriate referrals", counts_people=False, position=1)
    whole = make_measure("Referrals", counts_people=False, position=2)
    rate = services_measures.create_measure(
        actor=cast.will,
        kind="rate",
        title="Share of referrals that were appropriate",
        definition="Appropriate referrals out of all referrals",
        unit="%",
        direction="increase",
        numerator=part,
        denominator=whole,
    )
    assert rate.counts_people is False
    services_measures.update_measure(
        actor=cast.will,
        measure=part,
        title=part.title,
        definition=part.definition,
        unit=part.unit,
        direction=part.direction,
        target=None,
        counts_people=True,
        reporting="all",
    )
    rate.refresh_from_db()
    assert rate.counts_people is True


@pytest.mark.parametrize(
    "path",
    [
        "homes/{home}/99999999999999999999/1/",
        "homes/{home}/2026/99999999999999999999/",
        "homes/{home}/99999999999999999999/1/send/",
        "homes/{home}/99999999999999999999/1/correct/",
        "homes/{home}/99999999999999999999/1/no-change/",
    ],
)
def test_a_month_that_cannot_exist_is_not_found(cast, measures, path):
    client = Client(raise_request_exception=False)
    client.force_login(cast.mona)
    response = client.get("/network-measures/" + path.format(home=cast.home_a.pk))
    assert response.status_code == 404


def test_the_status_list_ignores_a_month_that_cannot_exist(cast, measures):
    client = Client(raise_request_exception=False)
    client.force_login(cast.will)
    response = client.get(reverse("outcomes:status"), {"month": "99999999999999999999-1"})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "9" * 5000, "１２", "1e3", "12.5", "-3"])
def test_odd_figures_get_a_form_error_and_nothing_is_saved(cast, measures, value):
    from outcomes.models import MonthlyReturn

    client = Client(raise_request_exception=False)
    client.force_login(cast.mona)
    month = last_month()
    response = client.post(
        reverse("outcomes:return_send", args=[cast.home_a.pk, month.year, month.month]),
        {
            f"m{measures['referrals'].pk}": value,
            f"m{measures['appropriate'].pk}": "1",
            f"m{measures['falls'].pk}": "1",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not MonthlyReturn.objects.exists()
