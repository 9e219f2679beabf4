import re

from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD


def test_sign_in_with_email_and_password(client, cast):
    response = client.post(
        reverse("account_login"), {"login": "MONA@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_gives_a_clear_error(client, cast):
    response = client.post(
        reverse("account_login"), {"login": "mona@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert (
        "email address and/or password you specified are not correct" in response.content.decode()
    )


def test_failed_sign_ins_are_rate_limited(client, cast):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "mona@example.org", "password": "wrong"})
    # Even the right password is refused until the limit passes
    response = client.post(
        reverse("account_login"), {"login": "mona@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_sign_in_with_an_emailed_code(client, cast):
    response = client.post(reverse("account_request_login_code"), {"email": "sid@example.org"})
    assert response.status_code == 302
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_mfa_roles_must_enter_their_code_at_sign_in(client, cast):
    response = client.post(
        reverse("account_login"), {"login": "will@example.org", "password": TEST_PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302


def test_partner_without_authenticator_is_sent_to_set_one_up(client, cast):
    cast.pat.authenticator_set.all().delete()
    client.force_login(cast.pat)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp") + "?required=1"
    # The admin site too
    assert client.get("/admin/").url.startswith(reverse("mfa_activate_totp"))


def test_care_home_staff_are_offered_mfa_but_not_forced(client, cast):
    client.force_login(cast.sid)
    assert client.get(reverse("home")).status_code == 200
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert reverse("mfa_activate_totp") in page.content.decode()


def test_password_reset_email(client, cast):
    client.post(reverse("account_reset_password"), {"email": "sid@example.org"})
    assert "password" in mail.outbox[-1].subject.lower()


def test_healthz_reports_each_service(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["cache"] == "ok" and body["status"] == "ok"


def test_healthz_is_503_when_the_database_is_down(client, db, monkeypatch):
    from portal import views

    def broken():
        raise ConnectionError("down")

    monkeypatch.setattr(views, "_check_database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: ConnectionError"


def test_empty_sign_in_says_what_to_enter(client, db):
    page = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    assert "Enter your email address" in page
    assert "Enter your password" in page
    assert "This field is required" not in page
