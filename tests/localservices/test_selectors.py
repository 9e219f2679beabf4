"""Reads for the local services directory: area coverage up and down the tree, search,
filters and matching services to a need."""

import pytest

from localservices import selectors
from localservices.models import ServiceKind
from network.models import Theme
from network.selectors_directory import AreaTree
from surveys.models import Need
from tests.factories import AreaFactory
from tests.localservices.helpers import make_service


@pytest.fixture
def places(cast):
    """South East > Solent ICB area > Southampton (the cast's), plus Portsmouth in the
    same ICB area and London elsewhere."""
    southampton = cast.home_a.area
    icb = southampton.parent
    portsmouth = AreaFactory(name="Portsmouth", kind="locality", parent=icb)
    london = AreaFactory(name="London", kind="region")
    return {
        "region": icb.parent,
        "icb": icb,
        "southampton": southampton,
        "portsmouth": portsmouth,
        "london": london,
    }


def names(qs) -> list[str]:
    return [s.name for s in qs]


def test_services_for_a_place_include_those_listed_for_areas_above_it(places):
    make_service(areas=[places["region"]], name="Region")
    make_service(areas=[places["icb"]], name="ICB")
    make_service(areas=[places["southampton"]], name="Southampton")
    make_service(areas=[places["portsmouth"]], name="Portsmouth")
    make_service(areas=[places["london"]], name="London")
    make_service(areas=[places["southampton"]], name="Closed", is_active=False)
    covering = selectors.services_for_area(places["southampton"].pk)
    assert names(covering) == ["ICB", "Region", "Southampton"]


def test_searching_a_wider_area_also_finds_services_in_part_of_it(places):
    make_service(areas=[places["region"]], name="Region")
    make_service(areas=[places["southampton"]], name="Southampton")
    make_service(areas=[places["portsmouth"]], name="Portsmouth")
    make_service(areas=[places["london"]], name="London")
    tree = AreaTree.load()
    icb_ids = selectors.covering_area_ids(tree, places["icb"].pk)
    assert names(selectors.directory(area_ids=icb_ids)) == ["Portsmouth", "Region", "Southampton"]
    one = selectors.covering_area_ids(tree, places["portsmouth"].pk)
    assert names(selectors.directory(area_ids=one)) == ["Portsmouth", "Region"]


def test_search_looks_at_name_provider_and_what_it_does(cast, places):
    area = [places["southampton"]]
    make_service(areas=area, name="Falls Team", provider_name="Trust A", summary="Reviews")
    make_service(areas=area, name="Nursing", provider_name="Falls Charity", summary="Wounds")
    make_service(areas=area, name="Pharmacy", provider_name="B", summary="After a fall, meds")
    make_service(areas=area, name="Dietetics", provider=cast.icb, summary="Weight loss")
    assert names(selectors.directory(q="fall")) == ["Falls Team", "Nursing", "Pharmacy"]
    assert names(selectors.directory(q="solent icb")) == ["Dietetics"]


def test_filters_by_kind_theme_and_running(places):
    area = [places["southampton"]]
    make_service(areas=area, name="A", kind=ServiceKind.FALLS, themes=["falls"])
    make_service(areas=area, name="B", kind=ServiceKind.PHARMACY, themes=["medicines-safety"])
    make_service(areas=area, name="C", kind=ServiceKind.FALLS, is_active=False)
    assert names(selectors.directory(kind=ServiceKind.FALLS)) == ["A"]
    assert names(selectors.directory(kind=ServiceKind.FALLS, include_inactive=True)) == ["A", "C"]
    theme = Theme.objects.get(slug="medicines-safety")
    assert names(selectors.directory(theme=theme)) == ["B"]


def test_need_matches_shared_themes_first_then_the_kind_of_service(cast, places):
    falls, dementia = Theme.objects.get(slug="falls"), Theme.objects.get(slug="dementia")
    need = Need.objects.create(organisation=cast.home_a, title="Falls", description="d")
    need.themes.set([falls, dementia])
    make_service(areas=[places["region"]], name="Both themes", themes=[falls, dementia])
    make_service(areas=[places["icb"]], name="One theme", themes=[dementia], kind="other")
    make_service(areas=[places["southampton"]], name="Falls kind only", kind=ServiceKind.FALLS)
    make_service(areas=[places["southampton"]], name="Unrelated", kind="other", themes=["digital"])
    make_service(areas=[places["portsmouth"]], name="Next door", themes=[falls])
    make_service(areas=[places["southampton"]], name="Closed", themes=[falls], is_active=False)
    found = selectors.services_for_need(need, themes=[falls, dementia])
    assert names(found) == ["Both themes", "One theme", "Falls kind only"]


def test_need_without_themes_gets_no_suggestions(cast, places):
    need = Need.objects.create(organisation=cast.home_a, title="Help", description="d")
    make_service(areas=[places["southampton"]], name="Anything")
    assert selectors.services_for_need(need, themes=[]) == []


def test_at_most_five_suggestions(cast, places):
    falls = Theme.objects.get(slug="falls")
    need = Need.objects.create(organisation=cast.home_a, title="Falls", description="d")
    for i in range(7):
        make_service(areas=[places["southampton"]], name=f"Falls {i}", themes=[falls])
    assert len(selectors.services_for_need(need, themes=[falls])) == 5


def test_default_area_is_the_organisation_acted_for(cast):
    assert selectors.default_area(cast.mona.memberships.get()) == cast.home_a.area_id
    assert selectors.default_area(cast.pat.memberships.get()) == cast.icb.area_id
    assert selectors.default_area(cast.will.memberships.get()) is None


def test_people_to_add_leaves_out_current_contacts(cast, places):
    service = make_service(areas=[places["southampton"]], contacts=[cast.mona])
    found = [m.user for m in selectors.people_to_add(service, "a")]
    assert cast.mona not in found
    assert {cast.bea, cast.pat, cast.ada} <= set(found)
    assert selectors.people_to_add(service, "  ") == []
