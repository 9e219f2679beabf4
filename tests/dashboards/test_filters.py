"""The dashboards' filters: who gets which areas, the default period, date bounds, the
scope's label and the links that carry the same filters."""

from datetime import date, datetime
from urllib.parse import parse_qs

import pytest
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils import timezone

from dashboards import access
from dashboards.filters import FigureFilterForm, default_period, latest_date, scope_for
from network.models import Theme
from network.roles import Role
from portal.forms import LONDON
from tests.factories import AreaFactory, MembershipFactory, OrganisationFactory


def query(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data[name] = str(value)
    return data


@pytest.fixture
def leeds(cast):
    north = AreaFactory(name="North", kind="region")
    west_yorkshire = AreaFactory(name="West Yorkshire ICB area", kind="icb", parent=north)
    leeds = AreaFactory(name="Leeds", kind="locality", parent=west_yorkshire)
    return OrganisationFactory(name="Ash Lodge", area=leeds)


# --- Periods --------------------------------------------------------------------------


def test_the_default_period_is_the_last_12_months():
    assert default_period(date(2026, 11, 24)) == (date(2025, 11, 25), date(2026, 11, 24))
    assert default_period(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))


def test_dates_are_accepted_up_to_a_year_from_today():
    assert latest_date(date(2026, 11, 24)) == date(2027, 11, 24)
    assert latest_date(date(2028, 2, 29)) == date(2029, 2, 28)


def test_dates_outside_the_bounds_are_errors():
    form = FigureFilterForm(
        query(start_day=31, start_month=12, start_year=1999, end_day=1, end_month=1, end_year=9999),
        area_choices=[],
        whole="The whole network",
    )
    assert not form.is_valid()
    assert form.errors["start"] == ["The start date must be on or after 1 January 2000"]
    assert "a year from today" in form.errors["end"][0]


# --- Who gets which areas -------------------------------------------------------------


def test_care_home_members_get_no_scope(cast):
    for person in (cast.sid, cast.mona, cast.bea):
        with pytest.raises(PermissionDenied):
            scope_for(person)


def test_project_workers_see_the_whole_network(cast, leeds):
    form, scope = scope_for(cast.will)
    assert scope.network_wide and scope.area_ids is None
    assert scope.homes().count() == 3
    assert scope.label.startswith("The whole network, ")
    assert "Leeds" in str(form["area"])
    assert "The whole network" in str(form["area"])


def test_partners_see_their_own_areas_by_default(cast, leeds):
    form, scope = scope_for(cast.pat)
    assert not scope.network_wide
    assert set(scope.homes()) == {cast.home_a, cast.home_b}
    assert scope.whole_label == "Solent ICB area"
    assert "Leeds" not in str(form["area"])
    assert "All your areas" in str(form["area"])
    # Lists behind the figures get her one area.
    assert scope.link_area_id == cast.home_a.area.parent_id


def test_a_partner_covering_two_areas(cast, leeds):
    leeds_council = OrganisationFactory(
        name="Leeds City Council",
        kind="local_authority",
        area=leeds.area,
        cqc_location_id=None,
        registered_beds=None,
    )
    MembershipFactory(user=cast.pat, organisation=leeds_council, role=Role.PARTNER)
    cast.pat = type(cast.pat).objects.get(pk=cast.pat.pk)  # forget cached memberships
    _, scope = scope_for(cast.pat)
    assert scope.whole_label == "Leeds and Solent ICB area"
    assert set(scope.homes()) == {cast.home_a, cast.home_b, leeds}
    assert scope.link_area_id is None


def test_a_partner_choosing_an_area_outside_hers_gets_her_own(cast, leeds):
    form, scope = scope_for(cast.pat, query(area=leeds.area_id))
    assert form.errors["area"] == ["Choose an area from the list"]
    assert scope.area is None
    assert set(scope.homes()) == {cast.home_a, cast.home_b}


# --- The scope ------------------------------------------------------------------------


def test_the_label_names_the_area_the_dates_and_the_theme(cast):
    falls = Theme.objects.get(name="Falls")
    locality = cast.home_a.area
    _, scope = scope_for(
        cast.pat,
        query(
            area=locality.pk,
            theme=falls.pk,
            start_day=1,
            start_month=12,
            start_year=2025,
            end_day=30,
            end_month=11,
            end_year=2026,
        ),
    )
    assert scope.label == "Southampton, 1 December 2025 to 30 November 2026, Falls only"
    assert not scope.is_default_period


def test_the_query_string_gives_the_same_scope_back(cast):
    falls = Theme.objects.get(name="Falls")
    _, scope = scope_for(
        cast.will,
        query(
            area=cast.home_a.area_id,
            theme=falls.pk,
            start_day=3,
            start_month=2,
            start_year=2026,
            end_day=4,
            end_month=5,
            end_year=2026,
        ),
    )
    again = scope_for(cast.will, QueryDict(scope.query_string()))[1]
    assert (again.start, again.end, again.theme, again.area) == (
        date(2026, 2, 3),
        date(2026, 5, 4),
        falls,
        cast.home_a.area,
    )
    assert parse_qs(scope.list_query(status="open")) == {
        "area": [str(cast.home_a.area_id)],
        "theme": [str(falls.pk)],
        "status": ["open"],
    }


def test_the_period_runs_from_midnight_to_midnight_in_london(cast):
    _, scope = scope_for(
        cast.will,
        query(start_day=1, start_month=7, start_year=2026, end_day=31, end_month=7, end_year=2026),
    )
    since, until = scope.moments()
    assert since == datetime(2026, 7, 1, tzinfo=LONDON)
    assert until == datetime(2026, 8, 1, tzinfo=LONDON)
    assert since.utcoffset().total_seconds() == 3600  # summer time


def test_one_date_on_the_wrong_side_of_the_default(cast):
    later = timezone.localdate().replace(day=1)
    start = date(later.year + 1, later.month, 1) if later.month < 12 else later
    _, scope = scope_for(
        cast.will, query(start_day=start.day, start_month=start.month, start_year=start.year)
    )
    assert scope.start <= scope.end


# --- Home dashboards ------------------------------------------------------------------


def test_who_may_see_a_home(cast, leeds):
    assert access.home_visible(cast.mona, cast.home_a)
    assert access.home_visible(cast.sid, cast.home_a)
    assert not access.home_visible(cast.bea, cast.home_a)
    assert access.home_visible(cast.pat, cast.home_a)
    assert not access.home_visible(cast.pat, leeds)
    assert access.home_visible(cast.will, leeds)
    assert access.home_visible(cast.ada, leeds)
    assert not access.home_visible(cast.will, cast.icb)  # not a care home


def test_get_home_is_404_for_homes_you_may_not_see(cast, leeds):
    from django.http import Http404

    assert access.get_home(cast.pat, cast.home_b.pk) == cast.home_b
    with pytest.raises(Http404):
        access.get_home(cast.pat, leeds.pk)
    with pytest.raises(Http404):
        access.get_home(cast.mona, cast.home_b.pk)
    with pytest.raises(Http404):
        access.get_home(cast.will, 987654)


def test_can_see_area_dashboard(cast):
    assert access.can_see_area_dashboard(cast.pat)
    assert access.can_see_area_dashboard(cast.will)
    assert not access.can_see_area_dashboard(cast.mona)
