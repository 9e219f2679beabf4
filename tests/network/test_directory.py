"""The directory: find people and organisations; contact details as each person chooses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Membership
from network.roles import OrganisationKind
from network.selectors_directory import AreaTree
from tests.factories import AreaFactory, MembershipFactory, OrganisationFactory, UserFactory

PEOPLE = reverse("network:directory")
ORGANISATIONS = reverse("network:directory_organisations")


@pytest.fixture
def london(cast):
    """A second region with one home and its manager, Lou, who shares her email."""
    region = AreaFactory(name="London", kind="region")
    icb_area = AreaFactory(name="North Thames ICB area", kind="icb", parent=region)
    camden = AreaFactory(name="Camden", kind="locality", parent=icb_area)
    home = OrganisationFactory(name="Elm Park", area=camden)
    MembershipFactory(
        organisation=home,
        role="manager",
        user__full_name="Lou Grant",
        user__email="lou@example.org",
        user__show_email=True,
    )
    return home


def names_in(page: str, *names: str) -> dict[str, bool]:
    return {name: name in page for name in names}


def get(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_every_member_can_find_people_across_the_network(client, cast, london):
    client.force_login(cast.sid)
    page = get(client, PEOPLE)
    for name in ("Mona", "Bea", "Pat", "Will", "Ada", "Lou Grant"):
        assert f"<strong>{name}</strong>" in page
    assert "7 people" in page
    # Each row links to the person's organisation profile
    assert f'href="{reverse("network:organisation_detail", args=[london.pk])}">Elm Park</a>' in page
    assert "Camden, North Thames ICB area, London" in page


def test_people_who_left_or_never_joined_are_not_listed(client, cast):
    cast.bea.is_active = False
    cast.bea.save()
    UserFactory(full_name="Nora Nomember")
    client.force_login(cast.sid)
    page = get(client, PEOPLE)
    assert "<strong>Bea</strong>" not in page and "Nora Nomember" not in page


def test_contact_details_show_only_as_each_person_chooses(client, cast):
    cast.mona.phone = "01632 960 001"
    cast.mona.show_email = True
    cast.mona.save()
    cast.bea.phone = "01632 960 002"
    cast.bea.show_phone = True
    cast.bea.save()
    client.force_login(cast.sid)
    page = get(client, PEOPLE)
    assert "mona@example.org" in page and "01632 960 001" not in page  # email only
    assert "01632 960 002" in page and "bea@example.org" not in page  # phone only
    assert "pat@example.org" not in page  # nothing shared by default
    assert "Not shared" in page


def test_shown_phone_needs_a_number(client, cast):
    cast.pat.show_phone = True
    cast.pat.save()
    client.force_login(cast.sid)
    assert 'href="tel:' not in get(client, PEOPLE)


@pytest.mark.parametrize("viewer", ["will", "ada"])
def test_project_workers_and_admins_see_every_contact_detail(client, cast, viewer):
    cast.mona.phone = "01632 960 001"
    cast.mona.save()
    client.force_login(getattr(cast, viewer))
    page = get(client, PEOPLE)
    assert "mona@example.org" in page and "01632 960 001" in page
    assert "pat@example.org" in page


def test_filter_by_name_and_organisation(client, cast):
    client.force_login(cast.sid)
    assert names_in(get(client, PEOPLE, q="mon"), "<strong>Mona", "<strong>Sid") == {
        "<strong>Mona": True,
        "<strong>Sid": False,
    }
    page = get(client, PEOPLE, organisation="birch")
    assert "<strong>Bea</strong>" in page and "<strong>Mona</strong>" not in page
    assert "1 person found" in page


def test_filter_by_role_type_and_champion(client, cast):
    Membership.objects.filter(user=cast.sid).update(is_champion=True)
    client.force_login(cast.will)
    page = get(client, PEOPLE, role="manager")
    assert "<strong>Mona</strong>" in page and "<strong>Bea</strong>" in page
    assert "<strong>Sid</strong>" not in page
    page = get(client, PEOPLE, kind=OrganisationKind.ICB)
    assert "<strong>Pat</strong>" in page and "<strong>Mona</strong>" not in page
    page = get(client, PEOPLE, champions="on")
    assert "<strong>Sid</strong>" in page and "Champion</strong>" in page
    assert "<strong>Mona</strong>" not in page


def test_filter_by_area_includes_the_areas_inside_it(client, cast, london):
    client.force_login(cast.sid)
    region = london.area.parent.parent
    page = get(client, PEOPLE, area=region.pk)
    assert "Lou Grant" in page and "<strong>Mona</strong>" not in page
    page = get(client, PEOPLE, area=cast.home_a.area.parent_id)  # Solent ICB area
    assert "<strong>Mona</strong>" in page and "<strong>Pat</strong>" in page
    assert "Lou Grant" not in page and "<strong>Will</strong>" not in page  # team is regional


def test_area_descendants_walk_the_whole_tree(cast, london):
    tree = AreaTree.load()
    region = london.area.parent.parent
    assert tree.descendants(region.pk) == {region.pk, london.area.parent_id, london.area_id}
    assert tree.descendants(london.area_id) == {london.area_id}


def test_a_bad_filter_is_explained_not_a_crash(client, cast):
    client.force_login(cast.sid)
    page = get(client, PEOPLE, role="wizard", area="99999", q="mon")
    assert "Choose a role from the list" in page
    assert "Choose an area from the list" in page
    assert (
        "<strong>Mona</strong>" in page and "<strong>Sid</strong>" not in page
    )  # name still applied


def test_nobody_matches(client, cast):
    client.force_login(cast.sid)
    assert "Nobody matches these filters" in get(client, PEOPLE, q="zzz")


def test_pages_keep_the_filters(client, cast):
    for n in range(55):
        MembershipFactory(organisation=cast.home_b, user__full_name=f"Birch person {n:02}")
    client.force_login(cast.sid)
    page = get(client, PEOPLE, organisation="birch")
    assert "56 people found" in page
    assert "?organisation=birch&amp;page=2" in page
    page = get(client, PEOPLE, organisation="birch", page=2)
    assert "Birch person 54" in page and "<strong>Mona</strong>" not in page


def test_organisations_tab_filters_by_name_area_and_type(client, cast, london):
    client.force_login(cast.bea)
    page = get(client, ORGANISATIONS)
    assert names_in(page, "Oak House", "Birch House", "Solent ICB", "Elm Park") == dict.fromkeys(
        ["Oak House", "Birch House", "Solent ICB", "Elm Park"], True
    )
    assert 'aria-hidden="true">Members </span>2</td>' in page  # Mona and Sid at Oak House
    page = get(client, ORGANISATIONS, q="oak")
    assert "Oak House" in page and "Birch House" not in page
    page = get(client, ORGANISATIONS, area=london.area.parent.parent_id)
    assert "Elm Park" in page and "Oak House" not in page
    page = get(client, ORGANISATIONS, kind=OrganisationKind.ICB)
    assert "Solent ICB" in page and "Oak House" not in page
    assert f'href="{reverse("network:organisation_detail", args=[cast.icb.pk])}"' in page


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [PEOPLE, ORGANISATIONS])
@pytest.mark.parametrize("params", [{}, {"area": "region", "champions": "on"}])
def test_query_count_stays_flat_as_rows_grow(
    client, cast, django_assert_max_num_queries, url, params
):
    def add(n):
        for _ in range(n):
            home = OrganisationFactory(area=cast.home_a.area)
            MembershipFactory(organisation=home, is_champion=True, user__show_email=True)

    if params.get("area"):
        params = {**params, "area": cast.home_a.area.parent.parent_id}
    client.force_login(cast.sid)
    add(3)
    client.get(url)  # warm the session
    few = _queries(client, url, **params)
    add(37)
    with django_assert_max_num_queries(few):
        page = client.get(url, params).content.decode()
    assert page.count('class="nhsuk-table__row"') >= 40


def test_page_links_keep_the_filters(client, cast):
    from tests.factories import MembershipFactory

    for n in range(55):
        MembershipFactory(organisation=cast.home_a, role="staff", user__full_name=f"Carer {n:02}")
    client.force_login(cast.will)
    page = client.get("/directory/", {"organisation": "Oak House"}).content.decode()
    assert "?organisation=Oak+House&amp;page=2" in page
