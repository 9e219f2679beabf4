"""2-step verification is enforced by middleware for the roles that need it: every kind of
request (pages, form posts, downloads, the Django admin) is sent to set it up first."""

import pytest
from django.urls import reverse

from network.models import User
from surveys.models import Need

SET_UP = reverse("mfa_activate_totp") + "?required=1"


def _without_mfa(user):
    user.authenticator_set.all().delete()
    return user


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_staff": True, "is_superuser": True}])
def test_admin_site_users_without_an_authenticator_are_sent_to_set_one_up(client, db, flags):
    admin = User.objects.create_user("ops@example.org", "a-long-password-2026", **flags)
    client.force_login(admin)
    for path in ("/admin/", "/admin/network/user/", f"/admin/network/user/{admin.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == SET_UP
    response = client.post(f"/admin/network/user/{admin.pk}/change/", {"full_name": "Changed"})
    assert response.url == SET_UP
    admin.refresh_from_db()
    assert admin.full_name == ""
    # Setting it up is open to them (allauth asks for their password first).
    response = client.get(SET_UP, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("account_reauthenticate")


def test_a_partner_without_an_authenticator_can_do_nothing_else(client, cast):
    need = Need.objects.create(
        organisation=cast.home_a, posted_by=cast.mona, title="Falls", description="Help"
    )
    client.force_login(_without_mfa(cast.pat))
    requests = [
        ("get", reverse("home"), None),
        ("get", reverse("surveys:need_detail", args=[need.pk]), None),
        ("post", reverse("surveys:need_respond", args=[need.pk]), {"text": "We can help"}),
        ("get", reverse("dashboards:area_csv"), None),
        ("get", reverse("dashboards:area_pdf"), None),
        ("get", "/admin/", None),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302, url
        assert response.url == SET_UP, url
    assert not need.responses.exists()


def test_a_project_worker_without_an_authenticator_cannot_post(client, cast):
    client.force_login(_without_mfa(cast.will))
    before = Need.objects.count()
    response = client.post(reverse("surveys:need_create"), {"title": "Help with falls"})
    assert response.url == SET_UP
    assert Need.objects.count() == before


def test_care_home_staff_and_people_with_an_authenticator_carry_on(client, cast):
    client.force_login(cast.sid)
    assert client.get(reverse("home")).status_code == 200
    client.force_login(cast.ada)
    assert client.get("/admin/").status_code == 200
