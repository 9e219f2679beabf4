"""The local services pages: the list (its starting area, filters and query count), an
entry's page (contact details as people chose), the forms' errors with nothing saved,
named contacts and the suggestions flow through the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localservices.models import LocalService, Suggestion
from network.models import User
from tests.factories import AreaFactory, MembershipFactory
from tests.localservices.helpers import form_data, make_service

LIST = reverse("localservices:service_list")
ADD = reverse("localservices:service_add")
NHS_NUMBER = "943 476 5919"


def url(name, obj):
    return reverse(f"localservices:{name}", args=[obj.pk])


@pytest.fixture
def london(db):
    return AreaFactory(name="London", kind="region")


@pytest.fixture
def service(cast):
    return make_service(areas=[cast.home_a.area], name="Southampton Falls Team")


# --- The list ---------------------------------------------------------------------------


def test_list_starts_with_the_home_area_and_can_show_every_area(client, cast, service, london):
    make_service(areas=[london], name="Camden Falls Team")
    client.force_login(cast.mona)
    html = client.get(LIST).content.decode()
    assert "Southampton Falls Team" in html
    assert "Camden Falls Team" not in html
    assert "1 service covering Southampton" in html
    everywhere = client.get(LIST + "?area=").content.decode()
    assert "Camden Falls Team" in everywhere and "Southampton Falls Team" in everywhere
    # Project workers start with every area.
    client.force_login(cast.will)
    assert "Camden Falls Team" in client.get(LIST).content.decode()


def test_list_search_and_a_bad_filter_says_so(client, cast, service):
    client.force_login(cast.sid)
    assert "Southampton Falls Team" in client.get(LIST + "?q=falls").content.decode()
    assert "Southampton Falls Team" not in client.get(LIST + "?q=pharmacy").content.decode()
    html = client.get(LIST + "?kind=nonsense").content.decode()
    assert "Choose a kind of service from the list" in html


def test_only_maintainers_can_list_services_no_longer_running(client, cast, service):
    make_service(areas=[cast.home_a.area], name="Closed Sitting Service", is_active=False)
    client.force_login(cast.mona)
    html = client.get(LIST + "?inactive=on").content.decode()
    assert "Closed Sitting Service" not in html
    assert "Include services no longer running" not in html
    client.force_login(cast.pat)
    assert "Closed Sitting Service" in client.get(LIST + "?inactive=on").content.decode()


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_list_query_count_stays_flat(client, cast, london):
    def add(n):
        for _ in range(n):
            i = LocalService.objects.count()
            provider = {"provider": cast.icb} if i % 2 else {}
            make_service(
                areas=[cast.home_a.area, cast.icb.area, london],
                themes=["falls", "dementia"],
                contacts=[cast.pat],
                name=f"Service {i}",
                **provider,
            )

    for user in (cast.mona, cast.pat, cast.will):
        client.force_login(user)
        LocalService.objects.all().delete()
        add(3)
        few = _queries(client, LIST)
        add(17)
        assert _queries(client, LIST) == few, user
        assert _queries(client, LIST + "?q=service&theme=1&kind=falls") <= few + 1


# --- An entry's page --------------------------------------------------------------------


def test_named_contacts_show_details_as_each_person_chose(client, cast, service):
    shares = MembershipFactory(
        organisation=cast.icb,
        role="partner",
        user__full_name="Shona Shares",
        user__email="shona@example.org",
    ).user
    shares.show_email, shares.phone, shares.show_phone = True, "01632 960 555", True
    shares.save()
    private = MembershipFactory(
        organisation=cast.icb,
        role="partner",
        user__full_name="Priv Ate",
        user__email="private@example.org",
    ).user
    private.phone = "01632 960 777"
    private.save()
    service.contacts.set([shares, private])
    client.force_login(cast.sid)
    html = client.get(url("service_detail", service)).content.decode()
    assert "Shona Shares" in html and "Priv Ate" in html
    assert "shona@example.org" in html and "01632 960 555" in html
    assert "private@example.org" not in html and "01632 960 777" not in html
    assert "Checked 3 March 2026" in html
    # Project workers see everyone's details, as in the people directory.
    client.force_login(cast.will)
    html = client.get(url("service_detail", service)).content.decode()
    assert "private@example.org" in html


def test_maintainers_see_the_tools_and_pending_suggestions_others_do_not(client, cast, service):
    Suggestion.objects.create(service=service, suggested_by=cast.sid, what_is_wrong="Old phone")
    client.force_login(cast.pat)
    html = client.get(url("service_detail", service)).content.decode()
    assert "Change the details" in html and "Old phone" in html
    client.force_login(cast.bea)
    html = client.get(url("service_detail", service)).content.decode()
    assert "Change the details" not in html and "Old phone" not in html
    assert "Suggest a correction" in html


# --- Forms ------------------------------------------------------------------------------


def test_partner_adds_a_service(client, cast):
    client.force_login(cast.pat)
    response = client.post(ADD, form_data([cast.home_a.area_id]))
    service = LocalService.objects.get()
    assert response.url == url("service_detail", service)
    assert service.created_by == cast.pat


def test_form_errors_are_clear_and_nothing_is_saved(client, cast):
    client.force_login(cast.will)
    bad = form_data(
        [],
        name="",
        phone="ring us",
        email="nope",
        website="javascript:alert(1)",
        provider_name="",
        summary=f"For {NHS_NUMBER}",
    )
    html = client.post(ADD, bad).content.decode()
    for message in (
        "Enter the name of the service",
        "Enter a phone number, like 01632 960 001",
        "Enter an email address in the right format",
        "Enter the address in full, like https://www.example.org/",
        "Choose at least one area the service covers",
        "Choose the organisation that runs the service, or type its name",
        "Remove the NHS number",
    ):
        assert message in html, message
    assert "<title>Error: " in html
    assert not LocalService.objects.exists()


def test_partner_only_sees_their_areas_and_cannot_post_others(client, cast, london):
    client.force_login(cast.pat)
    html = client.get(ADD).content.decode()
    assert "Southampton" in html and "London" not in html
    html = client.post(ADD, form_data([london.pk])).content.decode()
    assert "Choose areas from the list" in html
    assert not LocalService.objects.exists()


def test_partner_edit_names_the_areas_they_cannot_change(client, cast, london):
    service = make_service(areas=[cast.home_a.area, london])
    client.force_login(cast.pat)
    html = client.get(url("service_edit", service)).content.decode()
    assert "It also covers London. Only a project worker can change that area." in html
    client.post(url("service_edit", service), form_data([cast.icb.area_id], checked="on"))
    assert {a.pk for a in service.areas.all()} == {cast.icb.area_id, london.pk}


def test_maintainer_adds_and_removes_a_named_contact(client, cast, service):
    client.force_login(cast.pat)
    html = client.get(url("service_contacts", service) + "?name=mon").content.decode()
    assert "Mona" in html
    client.post(url("service_contacts", service), {"person": cast.mona.pk, "action": "add"})
    assert list(service.contacts.all()) == [cast.mona]
    client.post(url("service_contacts", service), {"person": cast.mona.pk, "action": "remove"})
    assert not service.contacts.exists()
    response = client.post(url("service_contacts", service), {"person": "x", "action": "add"})
    assert response.status_code == 404


def test_marking_checked_and_not_running(client, cast, service):
    client.force_login(cast.will)
    client.post(url("service_checked", service))
    client.post(url("service_active", service), {"active": "0"})
    service.refresh_from_db()
    assert service.last_reviewed_by == cast.will and not service.is_active
    client.force_login(cast.sid)
    html = client.get(url("service_detail", service)).content.decode()
    assert "This service is no longer running" in html
    assert "Southampton Falls Team" not in client.get(LIST).content.decode()


# --- Suggestions ------------------------------------------------------------------------


def test_suggestion_from_a_carer_accepted_by_the_partner(client, cast, service):
    client.force_login(cast.sid)
    html = client.post(url("suggest", service), {"what_is_wrong": ""}).content.decode()
    assert "Tell us what is wrong or out of date" in html
    assert not Suggestion.objects.exists()
    client.post(url("suggest", service), {"part": "contact", "what_is_wrong": "New number"})
    suggestion = Suggestion.objects.get()
    assert "Waiting for a decision" in client.get(url("service_detail", service)).content.decode()

    client.force_login(cast.pat)
    assert "New number" in client.get(reverse("localservices:suggestion_list")).content.decode()
    html = client.post(url("suggestion_detail", suggestion), {}).content.decode()
    assert "Choose whether to accept or decline the suggestion" in html
    response = client.post(url("suggestion_detail", suggestion), {"decision": "accept"})
    assert response.url == url("service_edit", service)

    client.force_login(cast.sid)
    mine = client.get(reverse("localservices:my_suggestions")).content.decode()
    assert "Accepted" in mine and "New number" in mine


def test_declining_without_a_reason_is_refused_then_the_reason_is_shown(client, cast, service):
    suggestion = Suggestion.objects.create(
        service=service, suggested_by=cast.sid, what_is_wrong="Closed"
    )
    client.force_login(cast.will)
    html = client.post(url("suggestion_detail", suggestion), {"decision": "decline"})
    assert "Say briefly why you are declining it" in html.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.is_pending
    client.post(
        url("suggestion_detail", suggestion), {"decision": "decline", "reason": "Still open"}
    )
    client.force_login(cast.sid)
    html = client.get(url("suggestion_detail", suggestion)).content.decode()
    assert "Declined" in html and "Still open" in html and "Will" in html


def test_suggestions_list_query_count_stays_flat(client, cast, service):
    def add(n):
        for i in range(n):
            person = User.objects.create(email=f"s{Suggestion.objects.count()}-{i}@example.org")
            Suggestion.objects.create(service=service, suggested_by=person, what_is_wrong="x")

    client.force_login(cast.pat)
    add(2)
    few = _queries(client, reverse("localservices:suggestion_list"))
    add(10)
    assert _queries(client, reverse("localservices:suggestion_list")) == few


def test_your_suggestions_query_count_stays_flat(client, cast, service):
    def add(n):
        for _ in range(n):
            suggestion = Suggestion.objects.create(
                service=service, suggested_by=cast.sid, what_is_wrong="x"
            )
            suggestion.status, suggestion.decided_by = "declined", cast.will
            suggestion.decline_reason = "Checked"
            suggestion.save()

    client.force_login(cast.sid)
    add(2)
    few = _queries(client, reverse("localservices:my_suggestions"))
    add(10)
    assert _queries(client, reverse("localservices:my_suggestions")) == few
