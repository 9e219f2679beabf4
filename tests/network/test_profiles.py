"""Organisation profiles: everyone reads them; a home's managers and project workers edit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Membership, Organisation, ServiceType
from tests.factories import MembershipFactory


def profile(org) -> str:
    return reverse("network:organisation_detail", args=[org.pk])


def edit(org) -> str:
    return reverse("network:organisation_edit", args=[org.pk])


@pytest.fixture
def nursing(db):
    return ServiceType.objects.get_or_create(name="Care home with nursing")[0]


@pytest.fixture
def dementia(db):
    return ServiceType.objects.get_or_create(name="Dementia")[0]


def _snapshot(org):
    org = Organisation.objects.get(pk=org.pk)
    return (
        org.name,
        org.about,
        org.postcode,
        org.phone,
        org.website,
        org.registered_beds,
        org.cqc_location_id,
        sorted(org.service_types.values_list("name", flat=True)),
    )


def test_any_member_reads_a_care_homes_profile(client, cast, nursing):
    home = cast.home_a
    home.about = "We are working on hydration.\n\nVisitors welcome."
    home.address, home.postcode, home.phone = "1 Oak Lane, Southampton", "SO16 6YD", "01632 960 111"
    home.website = "https://oak.example"
    home.registered_beds = 42
    home.save()
    home.service_types.add(nursing)
    Membership.objects.filter(user=cast.sid).update(is_champion=True)
    client.force_login(cast.pat)
    page = client.get(profile(home)).content.decode()
    assert "<h1>Oak House</h1>" in page and "Care home" in page
    assert "Southampton, Solent ICB area, South East" in page
    assert "<p>We are working on hydration.</p>" in page
    assert "1 Oak Lane, Southampton" in page and "SO16 6YD" in page and "01632 960 111" in page
    assert 'href="https://oak.example"' in page
    assert f'href="https://www.cqc.org.uk/location/{home.cqc_location_id}"' in page
    assert "42" in page and "Care home with nursing" in page
    # People, with roles and the champion tag
    assert "People (2)" in page
    assert "<strong>Mona</strong>" in page and "<strong>Sid</strong>" in page
    assert "Care home manager" in page and "Champion</strong>" in page
    assert "<strong>Bea</strong>" not in page
    # Pat can read it but not edit it
    assert "Edit profile" not in page and "Manage members" not in page


def test_partner_organisations_have_pages_too(client, cast):
    client.force_login(cast.sid)
    page = client.get(profile(cast.icb)).content.decode()
    assert "<h1>Solent ICB</h1>" in page and "QZZ" in page
    assert "Registered beds" not in page and "cqc.org.uk" not in page
    assert "<strong>Pat</strong>" in page


def test_contact_details_on_a_profile_follow_each_persons_choice(client, cast):
    cast.sid.show_email = True
    cast.sid.save()
    client.force_login(cast.bea)
    page = client.get(profile(cast.home_a)).content.decode()
    assert "sid@example.org" in page and "mona@example.org" not in page
    client.force_login(cast.will)
    assert "mona@example.org" in client.get(profile(cast.home_a)).content.decode()


def test_unknown_organisation_is_404(client, cast):
    client.force_login(cast.will)
    assert client.get(reverse("network:organisation_detail", args=[99999])).status_code == 404
    assert client.get(reverse("network:organisation_edit", args=[99999])).status_code == 404


def test_edit_and_members_links_only_for_those_who_can(client, cast):
    client.force_login(cast.mona)
    page = client.get(profile(cast.home_a)).content.decode()
    assert f'href="{edit(cast.home_a)}"' in page
    assert f'href="{reverse("network:member_list", args=[cast.home_a.pk])}"' in page
    page = client.get(profile(cast.home_b)).content.decode()  # Bea's home
    assert "Edit profile" not in page and "Manage members" not in page
    client.force_login(cast.sid)
    assert "Edit profile" not in client.get(profile(cast.home_a)).content.decode()


def test_manager_edits_her_homes_profile(client, cast, nursing, dementia):
    client.force_login(cast.mona)
    page = client.get(edit(cast.home_a)).content.decode()
    assert 'name="about"' in page and 'name="service_types"' in page
    # Managers never see the name, type, area or identifiers
    for field in ("name", "kind", "area", "cqc_location_id", "ods_code"):
        assert f'name="{field}"' not in page
    response = client.post(
        edit(cast.home_a),
        {
            "about": "A friendly home.",
            "address": "1 Oak Lane",
            "postcode": "so16  6yd",
            "phone": "01632 960 111",
            "website": "oak.example",
            "registered_beds": "44",
            "service_types": [nursing.pk, dementia.pk],
            "name": "Renamed by Mona",  # not on her form: ignored
            "cqc_location_id": "1-999999999",
        },
        follow=True,
    )
    assert "The profile has been saved" in response.content.decode()
    home = Organisation.objects.get(pk=cast.home_a.pk)
    assert _snapshot(home) == (
        "Oak House",
        "A friendly home.",
        "SO16 6YD",
        "01632 960 111",
        "https://oak.example",
        44,
        cast.home_a.cqc_location_id,
        ["Care home with nursing", "Dementia"],
    )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("postcode", "12345", "Enter a full UK postcode, like SO16 6YD"),
        ("phone", "call me", "Enter a phone number, like 023 8079 6000"),
        ("website", "not a web address", "Enter a web address in the correct format"),
        ("registered_beds", "forty", "Enter registered beds as a whole number, like 40"),
        ("registered_beds", "-3", "Registered beds must be 0 or more"),
        ("about", "Resident 943 476 5919 was unwell", "Remove the NHS number"),
        ("about", "Mrs B, DOB 01/02/1935, fell", "Remove the date of birth"),
    ],
)
def test_bad_profile_input_is_a_form_error_and_nothing_is_saved(
    client, cast, field, value, message
):
    before = _snapshot(cast.home_a)
    client.force_login(cast.mona)
    data = {"about": "Fine.", "postcode": "SO16 6YD", field: value}
    response = client.post(edit(cast.home_a), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page and "There is a problem" in page
    assert message in page
    assert _snapshot(cast.home_a) == before


def test_project_worker_changes_name_area_and_identifiers(client, cast):
    client.force_login(cast.will)
    page = client.get(edit(cast.home_a)).content.decode()
    assert 'name="name"' in page and 'name="cqc_location_id"' in page
    assert '<optgroup label="Solent ICB area">' in page
    response = client.post(
        edit(cast.home_a),
        {
            "name": "Oak House Nursing Home",
            "kind": "care_home",
            "area": cast.home_a.area.parent_id,
            "cqc_location_id": "1-555555555",
            "registered_beds": "30",
        },
    )
    assert response.status_code == 302
    home = Organisation.objects.get(pk=cast.home_a.pk)
    assert (home.name, home.area_id, home.cqc_location_id) == (
        "Oak House Nursing Home",
        cast.home_a.area.parent_id,
        "1-555555555",
    )


def test_identifiers_must_be_unique_and_fit_the_type(client, cast):
    before = _snapshot(cast.home_a)
    client.force_login(cast.ada)
    base = {"name": "Oak House", "kind": "care_home", "area": cast.home_a.area_id}
    page = client.post(
        edit(cast.home_a), {**base, "cqc_location_id": cast.home_b.cqc_location_id}
    ).content.decode()
    assert "Another organisation already has this CQC location ID" in page
    page = client.post(edit(cast.home_a), {**base, "cqc_location_id": "123"}).content.decode()
    assert "Enter the CQC location ID as it appears on the CQC website" in page
    page = client.post(
        edit(cast.icb),
        {
            "name": "Solent ICB",
            "kind": "icb",
            "area": cast.icb.area_id,
            "cqc_location_id": "1-123456789",
        },
    ).content.decode()
    assert "Only care homes have a CQC location ID" in page
    assert _snapshot(cast.home_a) == before


def test_partner_profile_has_no_care_home_fields(client, cast):
    client.force_login(cast.will)
    page = client.get(edit(cast.icb)).content.decode()
    assert 'name="registered_beds"' not in page and 'name="service_types"' not in page
    response = client.post(
        edit(cast.icb),
        {
            "name": "Solent ICB",
            "kind": "icb",
            "area": cast.icb.area_id,
            "ods_code": "qzz",
            "about": "We buy care.",
        },
    )
    assert response.status_code == 302
    icb = Organisation.objects.get(pk=cast.icb.pk)
    assert (icb.about, icb.ods_code) == ("We buy care.", "QZZ")


@pytest.mark.parametrize("who", ["sid", "bea", "pat"])
def test_people_who_can_only_read_cannot_edit(client, cast, who):
    before = _snapshot(cast.home_a)
    client.force_login(getattr(cast, who))
    assert client.get(edit(cast.home_a)).status_code == 403
    assert client.post(edit(cast.home_a), {"about": "Hacked"}).status_code == 403
    assert _snapshot(cast.home_a) == before


def test_profile_query_count_stays_flat(client, cast, django_assert_max_num_queries):
    client.force_login(cast.sid)
    client.get(profile(cast.home_a))
    with CaptureQueriesContext(connection) as few:
        client.get(profile(cast.home_a))
    for _ in range(30):
        MembershipFactory(organisation=cast.home_a, user__show_email=True)
    with django_assert_max_num_queries(len(few)):
        page = client.get(profile(cast.home_a)).content.decode()
    assert "People (32)" in page
