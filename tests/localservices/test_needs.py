"""Search by need: a need's page suggests local services covering the home's area that
share its themes, and a partner's or project worker's response can point to one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localservices.models import ServiceKind
from network.models import Theme
from surveys.models import Need, NeedResponse
from tests.factories import AreaFactory, OrganisationFactory
from tests.localservices.helpers import make_service


def detail(need):
    return reverse("surveys:need_detail", args=[need.pk])


def respond(need):
    return reverse("surveys:need_respond", args=[need.pk])


@pytest.fixture
def need(cast):
    need = Need.objects.create(
        organisation=cast.home_a,
        posted_by=cast.mona,
        title="More falls at night",
        description="Residents fall when getting up to the toilet",
    )
    need.themes.set([Theme.objects.get(slug="falls")])
    return need


@pytest.fixture
def falls_service(cast):
    """Covers the whole ICB area, so it covers home A's locality."""
    return make_service(
        areas=[cast.icb.area],
        themes=["falls"],
        name="Solent Falls Service",
        how_to_refer="Phone the falls team and say it is a care home referral",
    )


def _suggested(html: str) -> str:
    """The "Services that may help" part of a need's page."""
    start = html.index('id="local-services"')
    return html[start : html.index('id="conversation"', start)]


def test_need_page_suggests_services_covering_the_home_that_share_a_theme(
    client, cast, need, falls_service
):
    london = AreaFactory(name="London", kind="region")
    make_service(areas=[london], themes=["falls"], name="London Falls Team")
    make_service(
        areas=[cast.home_a.area], themes=["digital"], name="Digital Help Desk", kind="other"
    )
    for user in (cast.sid, cast.bea, cast.pat, cast.will):
        client.force_login(user)
        html = _suggested(client.get(detail(need)).content.decode())
        assert "Solent Falls Service" in html, user
        assert "London Falls Team" not in html
        assert "Digital Help Desk" not in html


def test_partner_points_a_response_to_a_service_and_the_need_shows_how_to_refer(
    client, cast, need, falls_service
):
    client.force_login(cast.pat)
    page = client.get(detail(need) + f"?service={falls_service.pk}").content.decode()
    assert "Point to a local service" in page
    assert f'value="{falls_service.pk}" selected' in page
    response = client.post(
        respond(need),
        {
            "kind": "referral",
            "body": "This team can review your residents.",
            "service": falls_service.pk,
        },
    )
    assert response.status_code == 302
    saved = NeedResponse.objects.get(need=need)
    assert saved.service == falls_service
    client.force_login(cast.mona)
    html = client.get(detail(need)).content.decode()
    assert reverse("localservices:service_detail", args=[falls_service.pk]) in html
    assert "Phone the falls team and say it is a care home referral" in html


def test_a_service_outside_the_homes_area_cannot_be_pointed_to(client, cast, need):
    london = AreaFactory(name="London", kind="region")
    far = make_service(areas=[london], themes=["falls"], name="London Falls Team")
    inactive = make_service(areas=[cast.home_a.area], name="Closed Team", is_active=False)
    client.force_login(cast.pat)
    for service in (far, inactive):
        response = client.post(
            respond(need), {"kind": "offer", "body": "Try this team", "service": service.pk}
        )
        assert response.status_code == 200
        assert "Choose a service that covers this home" in response.content.decode()
    assert not NeedResponse.objects.exists()


def test_the_home_does_not_get_the_service_choice(client, cast, need, falls_service):
    client.force_login(cast.mona)
    html = client.get(detail(need)).content.decode()
    assert "Point to a local service" not in html
    client.post(respond(need), {"body": "Thank you", "service": falls_service.pk})
    assert NeedResponse.objects.get().service is None


def test_service_page_opened_from_a_need_offers_to_respond(client, cast, need, falls_service):
    url = reverse("localservices:service_detail", args=[falls_service.pk]) + f"?need={need.pk}"
    client.force_login(cast.pat)
    html = client.get(url).content.decode()
    assert "Respond to this need pointing to this service" in html
    assert f"{detail(need)}?service={falls_service.pk}#respond" in html
    # Care homes cannot respond to another home's need, so they are not offered it.
    client.force_login(cast.bea)
    assert "Respond to this need" not in client.get(url).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_need_page_query_count_stays_flat_as_services_and_responses_grow(client, cast, need):
    falls = Theme.objects.get(slug="falls")
    dementia = Theme.objects.get(slug="dementia")
    need.themes.add(dementia)

    def add(n):
        for i in range(n):
            service = make_service(
                areas=[cast.home_a.area, cast.icb.area],
                themes=[falls, dementia],
                name=f"Service {NeedResponse.objects.count()}-{i}",
                kind=ServiceKind.MENTAL_HEALTH,
            )
            NeedResponse.objects.create(
                need=need, kind="offer", body="b", author=cast.pat, service=service
            )
            OrganisationFactory(area=cast.home_a.area)

    for user in (cast.pat, cast.mona, cast.will):
        client.force_login(user)
        add(2)
        few = _queries(client, detail(need))
        add(12)
        assert _queries(client, detail(need)) == few, user
