"""The pages people use: sending figures (an error first, then fixed), no change,
corrections, defining measures, and query counts that stay flat as homes and months grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes import windows
from outcomes.models import Correction, MonthlyReturn, NetworkMeasure, ReturnValue
from tests.factories import MembershipFactory, OrganisationFactory
from tests.outcomes.factories import (
    figures,
    last_month,
    make_return,
    open_window,
    standard_measures,
)


@pytest.fixture
def measures(db):
    open_window()
    return standard_measures()


def _month_url(name, home, month):
    return reverse(f"outcomes:{name}", args=[home.pk, month.year, month.month])


def _post_figures(measures, referrals="12", appropriate="9", falls="3"):
    return {
        f"m{measures['referrals'].pk}": referrals,
        f"m{measures['appropriate'].pk}": appropriate,
        f"m{measures['falls'].pk}": falls,
    }


def test_a_manager_fixes_an_error_and_sends_the_months_figures(client, cast, measures):
    client.force_login(cast.mona)
    url = _month_url("return_send", cast.home_a, last_month())
    page = client.get(url)
    assert "Referrals to community nursing" in page.content.decode()
    response = client.post(url, _post_figures(measures, appropriate="13"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Appropriate referrals cannot be more than referrals to community nursing" in html
    assert not MonthlyReturn.objects.exists()
    response = client.post(url, _post_figures(measures))
    assert response.status_code == 302
    assert response.url == _month_url("return_detail", cast.home_a, last_month())
    sent = MonthlyReturn.objects.get()
    assert sent.home == cast.home_a and sent.submitted_by == cast.mona and not sent.is_late
    followed = client.get(response.url).content.decode()
    assert "Sent, thank you" in followed
    # Sending again goes to what was sent, and changes nothing.
    assert client.post(url, _post_figures(measures, falls="7")).status_code == 302
    assert ReturnValue.objects.get(measure=measures["falls"]).value == 3


def test_staff_confirm_no_change_in_one_step_after_seeing_last_months_figures(
    client, cast, measures
):
    before = windows.add_months(last_month(), -1)
    make_return(cast.home_a, before, figures(measures, 7, 6, 2))
    client.force_login(cast.sid)
    url = _month_url("return_no_change", cast.home_a, last_month())
    html = client.get(url).content.decode()
    assert "Send the same figures as" in html and ">7<" in html
    assert client.post(url).status_code == 302
    sent = MonthlyReturn.objects.get(month=last_month())
    assert sent.no_change and sent.submitted_by == cast.sid


def test_a_correction_needs_a_reason_and_is_listed_with_the_return(client, cast, measures):
    make_return(cast.home_a, last_month(), figures(measures))
    client.force_login(cast.mona)
    url = _month_url("return_correct", cast.home_a, last_month())
    data = {**_post_figures(measures, referrals="10", appropriate="8", falls="6")}
    response = client.post(url, {**data, "reason": ""})
    assert "Say why the figures are changing" in response.content.decode()
    assert not Correction.objects.exists()
    response = client.post(url, {**data, "reason": "Two falls logged late"})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "Two falls logged late" in html and "Corrected" in html


def test_a_project_worker_adds_a_rate_from_two_counts(client, cast, measures):
    client.force_login(cast.will)
    response = client.post(
        reverse("outcomes:measure_create"),
        {
            "kind": "rate",
            "title": "Referrals accepted",
            "definition": "Appropriate referrals as a share of all referrals.",
            "direction": "increase",
            "numerator": measures["appropriate"].pk,
            "denominator": measures["referrals"].pk,
        },
    )
    assert response.status_code == 302
    rate = NetworkMeasure.objects.get(title="Referrals accepted")
    assert rate.is_rate and rate.unit == "%" and rate.counts_people
    # A rate from the same count twice makes no sense.
    response = client.post(
        reverse("outcomes:measure_create"),
        {
            "kind": "rate",
            "title": "Nonsense",
            "definition": "x",
            "direction": "increase",
            "numerator": measures["falls"].pk,
            "denominator": measures["falls"].pk,
        },
    )
    assert "Choose a different count to divide by" in response.content.decode()


def test_a_count_used_by_a_rate_cannot_be_retired_first(client, cast, measures):
    client.force_login(cast.will)
    client.post(reverse("outcomes:measure_retire", args=[measures["referrals"].pk]))
    measures["referrals"].refresh_from_db()
    assert not measures["referrals"].is_retired
    client.post(reverse("outcomes:measure_retire", args=[measures["falls"].pk]))
    measures["falls"].refresh_from_db()
    assert measures["falls"].is_retired
    # Homes are no longer asked for it, but its chart stays.
    form = client.get(_month_url("return_send", cast.home_a, last_month())).content.decode()
    assert f"m{measures['falls'].pk}" not in form
    assert (
        client.get(reverse("outcomes:measure_detail", args=[measures["falls"].pk])).status_code
        == 200
    )


def test_a_home_member_asking_for_another_homes_chart_gets_404(client, cast, measures):
    client.force_login(cast.mona)
    url = reverse("outcomes:measure_detail", args=[measures["falls"].pk])
    assert client.get(url, {"home": cast.home_b.pk}).status_code == 404
    assert client.get(url, {"home": cast.home_a.pk}).status_code == 200


# --- Query counts -----------------------------------------------------------------------


def _queries(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # the first request loads the session and the person's memberships
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(cast, measures, homes: int, months: int):
    for i in range(homes):
        home = OrganisationFactory(name=f"Home {i}", area=cast.home_a.area)
        MembershipFactory(organisation=home, role="manager")
    every = list(OrganisationFactory._meta.model.objects.filter(kind="care_home"))
    for month in windows.months_back(windows.add_months(last_month(), -1), months):
        for home in every:
            if not MonthlyReturn.objects.filter(home=home, month=month).exists():
                make_return(home, month, figures(measures))


PAGES = {
    "index": lambda c, m: reverse("outcomes:index"),
    "detail": lambda c, m: reverse("outcomes:measure_detail", args=[m["rate"].pk]),
    "csv": lambda c, m: reverse("outcomes:measure_csv", args=[m["falls"].pk]),
    "send": lambda c, m: _month_url("return_send", c.home_a, last_month()),
    "home": lambda c, m: reverse("outcomes:home_returns", args=[c.home_a.pk]),
    "status": lambda c, m: reverse("outcomes:status"),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_queries_do_not_grow_with_homes_and_months(client, cast, measures, page):
    people = (
        [cast.mona, cast.pat, cast.will] if page not in ("send", "home", "status") else [cast.will]
    )
    if page in ("send", "home"):
        people.append(cast.mona)
    url = PAGES[page](cast, measures)
    _grow(cast, measures, homes=1, months=2)
    few = {u.email: _queries(client, u, url) for u in people}
    _grow(cast, measures, homes=12, months=14)
    many = {u.email: _queries(client, u, url) for u in people}
    print(f"{page}: {few} queries with 3 homes x 2 months, {many} with 15 homes x 14 months")
    assert many == few
