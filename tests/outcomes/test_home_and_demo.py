"""The home page panel, the measure and window services, and the demo data."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from network.models import Organisation
from outcomes import access, demo, windows
from outcomes import selectors_results as results
from outcomes import services_measures as services
from outcomes.models import Correction, MonthlyReturn, NetworkMeasure, ReportingWindow
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


def test_care_home_staff_see_the_figures_are_due_then_sent(client, cast, measures):
    client.force_login(cast.sid)
    html = client.get(reverse("home")).content.decode()
    assert "This month's figures are due" in html
    assert (
        reverse(
            "outcomes:return_send", args=[cast.home_a.pk, last_month().year, last_month().month]
        )
        in html
    )
    assert "Nothing needs your attention" not in html
    make_return(cast.home_a, last_month(), figures(measures))
    html = client.get(reverse("home")).content.decode()
    assert "figures: sent, thank you" in html and "are due" not in html


def test_project_workers_see_how_many_homes_have_sent(client, cast, measures):
    make_return(cast.home_b, last_month(), figures(measures))
    client.force_login(cast.will)
    html = client.get(reverse("home")).content.decode()
    assert "1 of 2 care homes have sent them" in html


def test_partners_see_no_panel(client, cast, measures):
    client.force_login(cast.pat)
    assert "Monthly figures for" not in client.get(reverse("home")).content.decode()


def test_only_project_workers_define_measures_and_the_window(cast, measures):
    with pytest.raises(PermissionDenied):
        services.update_window(actor=cast.mona, opens_day=1, closes_day=5)
    with pytest.raises(ValidationError) as error:
        services.update_window(actor=cast.will, opens_day=20, closes_day=10)
    assert "same as or after the opening day" in str(error.value)
    window = services.update_window(actor=cast.will, opens_day=5, closes_day=31)
    assert (window.opens_day, window.closes_day) == (5, 31)
    assert ReportingWindow.objects.count() == 1


def test_a_measure_for_chosen_homes_is_only_asked_of_them(client, cast, measures):
    extra = services.create_measure(
        actor=cast.will,
        kind="count",
        title="Bed days",
        definition="Nights residents spent in hospital.",
        unit="nights",
        direction="decrease",
        reporting=NetworkMeasure.Reporting.HOMES,
        homes=[cast.home_b],
    )

    def url(home):
        return reverse(
            "outcomes:return_send", args=[home.pk, last_month().year, last_month().month]
        )

    client.force_login(cast.will)
    assert f"m{extra.pk}" not in client.get(url(cast.home_a)).content.decode()
    assert f"m{extra.pk}" in client.get(url(cast.home_b)).content.decode()
    with pytest.raises(ValidationError, match="already a measure called"):
        services.create_measure(
            actor=cast.will,
            kind="count",
            title="falls",
            definition="x",
            unit="x",
            direction="neutral",
        )


def test_the_demo_has_18_months_a_special_cause_a_late_and_a_corrected_return(db, settings):
    call_command("seed_demo", force=True, verbosity=0)
    before = MonthlyReturn.objects.count()
    call_command("seed_demo", force=True, verbosity=0)
    assert MonthlyReturn.objects.count() == before  # safe to rerun
    oakfield = Organisation.objects.get(name="Oakfield House")
    window = ReportingWindow.objects.get()
    today = timezone.localdate()
    current = windows.current_month(today, window.opens_day, window.closes_day)
    assert current.state(today) == windows.OPEN
    assert not MonthlyReturn.objects.filter(home=oakfield, month=current.month).exists()
    assert MonthlyReturn.objects.filter(home=oakfield).count() == demo.MONTHS - 1
    assert MonthlyReturn.objects.filter(is_late=True).count() == 1
    assert Correction.objects.count() == 1
    falls = NetworkMeasure.objects.get(title=demo.FALLS)
    from network.models import User

    will = User.objects.get(email="worker@network.example")
    viewer = access.viewer_for(will, will.memberships.first())
    series = results.measure_series(
        falls,
        viewer,
        scope=results.network_scope(),
        months=results.month_range(current.month),
        open_month=current.month,
    )
    assert series.summary["variation_icon"] == "improvement_low"
    rate = NetworkMeasure.objects.get(title=demo.RATE)
    assert rate.numerator.title == demo.APPROPRIATE and rate.denominator.title == demo.REFERRALS


def test_the_demo_sends_figures_only_for_the_demo_homes(db, settings):
    from tests.factories import OrganisationFactory

    # stands in for the thousands of homes a seed_scale run adds before seed_demo
    extra = OrganisationFactory(name="Scale Home 00001", kind="care_home")
    call_command("seed_demo", force=True, verbosity=0)
    assert not MonthlyReturn.objects.filter(home=extra).exists()
    assert MonthlyReturn.objects.filter(home__name="Oakfield House").exists()
