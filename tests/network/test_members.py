import pytest
from django.urls import reverse

from network.models import Invitation, Membership
from network.services import invite_member
from tests.factories import MembershipFactory


def test_manager_sees_members_and_pending_invitations(client, cast):
    invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="new@example.org", role="staff"
    )
    client.force_login(cast.mona)
    page = client.get(reverse("network:member_list", args=[cast.home_a.pk])).content.decode()
    assert "Mona" in page and "Sid" in page
    assert "Bea" not in page
    assert "new@example.org" in page
    assert "Invite someone" in page


def test_staff_can_read_members_but_not_manage(client, cast):
    invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="new@example.org", role="staff"
    )
    client.force_login(cast.sid)
    page = client.get(reverse("network:member_list", args=[cast.home_a.pk])).content.decode()
    assert "Mona" in page
    assert "Invite someone" not in page
    assert "new@example.org" not in page  # invitations are for managers only


def test_manager_makes_staff_a_champion_and_back(client, cast):
    client.force_login(cast.mona)
    sid = cast.sid.memberships.get()
    url = reverse("network:set_champion", args=[cast.home_a.pk, sid.pk])
    response = client.post(url, {"is_champion": "yes"}, follow=True)
    assert "Sid is now a champion" in response.content.decode()
    sid.refresh_from_db()
    assert sid.is_champion
    client.post(url, {"is_champion": "no"})
    sid.refresh_from_db()
    assert not sid.is_champion


def test_champion_needs_a_choice(client, cast):
    client.force_login(cast.mona)
    sid = cast.sid.memberships.get()
    response = client.post(
        reverse("network:set_champion", args=[cast.home_a.pk, sid.pk]),
        {"is_champion": "maybe"},
        follow=True,
    )
    assert "Choose whether they are a champion" in response.content.decode()
    sid.refresh_from_db()
    assert not sid.is_champion


def test_staff_cannot_make_champions(client, cast):
    client.force_login(cast.sid)
    mona = cast.mona.memberships.get()
    url = reverse("network:set_champion", args=[cast.home_a.pk, mona.pk])
    assert client.post(url, {"is_champion": "yes"}).status_code == 403
    mona.refresh_from_db()
    assert not mona.is_champion


def test_membership_from_another_home_is_not_found(client, cast):
    client.force_login(cast.mona)
    bea = cast.bea.memberships.get()
    # Bea's membership addressed through Mona's own home
    url = reverse("network:remove_member", args=[cast.home_a.pk, bea.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=bea.pk).exists()


def test_removing_someones_only_membership_closes_their_account(client, cast):
    client.force_login(cast.mona)
    sid = cast.sid.memberships.get()
    url = reverse("network:remove_member", args=[cast.home_a.pk, sid.pk])
    confirm = client.get(url).content.decode()
    assert "their account will be closed" in confirm
    response = client.post(url, follow=True)
    assert "Sid was removed from Oak House" in response.content.decode()
    cast.sid.refresh_from_db()
    assert not cast.sid.is_active
    assert not Membership.objects.filter(pk=sid.pk).exists()


def test_removed_person_with_another_organisation_keeps_their_account(client, cast):
    MembershipFactory(user=cast.sid, organisation=cast.home_b, role="staff")
    client.force_login(cast.mona)
    sid = cast.sid.memberships.get(organisation=cast.home_a)
    client.post(reverse("network:remove_member", args=[cast.home_a.pk, sid.pk]))
    cast.sid.refresh_from_db()
    assert cast.sid.is_active


def test_manager_cannot_remove_themselves(client, cast):
    client.force_login(cast.mona)
    mona = cast.mona.memberships.get()
    response = client.post(reverse("network:remove_member", args=[cast.home_a.pk, mona.pk]))
    assert response.status_code == 400
    assert "You cannot remove yourself" in response.content.decode()
    assert Membership.objects.filter(pk=mona.pk).exists()


def test_project_worker_manages_any_home(client, cast):
    client.force_login(cast.will)
    sid = cast.sid.memberships.get()
    client.post(
        reverse("network:set_champion", args=[cast.home_a.pk, sid.pk]), {"is_champion": "yes"}
    )
    sid.refresh_from_db()
    assert sid.is_champion


def test_cancel_invitation(client, cast):
    invitation, _ = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="new@example.org", role="staff"
    )
    client.force_login(cast.mona)
    client.post(reverse("network:cancel_invitation", args=[cast.home_a.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "cancelled"


def test_removed_person_cannot_sign_in(client, cast):
    from tests.factories import TEST_PASSWORD

    client.force_login(cast.mona)
    client.post(
        reverse("network:remove_member", args=[cast.home_a.pk, cast.sid.memberships.get().pk])
    )
    client.logout()
    client.post(reverse("account_login"), {"login": "sid@example.org", "password": TEST_PASSWORD})
    assert client.get(reverse("home")).status_code == 302


def test_organisation_list_is_scoped(client, cast):
    client.force_login(cast.mona)
    page = client.get(reverse("network:organisation_list")).content.decode()
    assert "Oak House" in page and "Birch House" not in page
    client.force_login(cast.will)
    page = client.get(reverse("network:organisation_list")).content.decode()
    assert "Oak House" in page and "Birch House" in page and "Solent ICB" in page


def test_organisation_search(client, cast):
    client.force_login(cast.will)
    page = client.get(reverse("network:organisation_list"), {"q": "birch"}).content.decode()
    assert "Birch House" in page and "Oak House" not in page
    page = client.get(reverse("network:organisation_list"), {"q": "zzz"}).content.decode()
    assert "No organisations match" in page


@pytest.mark.parametrize("extra", [3, 30])
def test_member_list_query_count_stays_flat(client, cast, django_assert_max_num_queries, extra):
    for _ in range(extra):
        MembershipFactory(organisation=cast.home_a, role="staff")
        Invitation.objects.create(
            email=f"x{_}@example.org",
            organisation=cast.home_a,
            role="staff",
            token_hash=f"{extra}-{_}",
            invited_by=cast.mona,
        )
    client.force_login(cast.mona)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("network:member_list", args=[cast.home_a.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Remove<span") == extra + 1  # all but Mona


@pytest.mark.parametrize("extra", [3, 40])
def test_organisation_list_query_count_stays_flat(
    client, cast, django_assert_max_num_queries, extra
):
    from tests.factories import OrganisationFactory

    for _ in range(extra):
        home = OrganisationFactory(area=cast.home_a.area)
        MembershipFactory(organisation=home)
    client.force_login(cast.will)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("network:organisation_list"))
    assert response.status_code == 200


def test_member_pages_have_breadcrumbs(client, cast):
    client.force_login(cast.will)
    page = client.get(reverse("network:member_list", args=[cast.home_a.pk])).content.decode()
    assert 'aria-label="Breadcrumb"' in page
    assert f'href="{reverse("network:organisation_list")}">Organisations</a>' in page
    page = client.get(reverse("network:invite", args=[cast.home_a.pk])).content.decode()
    members_url = reverse("network:member_list", args=[cast.home_a.pk])
    assert f'href="{members_url}">Members of Oak House</a>' in page
    client.force_login(cast.mona)
    page = client.get(reverse("network:member_list", args=[cast.home_a.pk])).content.decode()
    assert ">Organisations</a>" not in page


def test_organisation_list_links_to_profiles_and_members(client, cast):
    client.force_login(cast.will)
    page = client.get(reverse("network:organisation_list")).content.decode()
    assert (
        f'href="{reverse("network:organisation_detail", args=[cast.home_a.pk])}">Oak House</a>'
        in page
    )
    assert f'href="{reverse("network:member_list", args=[cast.home_a.pk])}">2 members' in page
