"""Sessions end after 30 minutes idle, 12 hours after signing in, when the account is
deactivated, and when the password or 2-step verification changes (other sessions only)."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.security import LOGIN_AT, SEEN_AT, SESSION_SEEN_RESOLUTION
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET


def _age_session(client, *, login_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - login_ago
    session[SEEN_AT] = now - seen_ago
    session.save()


def _signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_signing_in_starts_both_clocks(client, cast):
    before = int(time.time())
    client.force_login(cast.mona)
    session = client.session
    assert before <= session[LOGIN_AT] <= time.time()
    assert session[SEEN_AT] == session[LOGIN_AT]


def test_a_session_idle_for_30_minutes_ends_with_a_plain_message(client, cast, settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    client.force_login(cast.mona)
    _age_session(client, login_ago=31 * 60, seen_ago=31 * 60)
    response = client.get(reverse("surveys:need_list") + "?q=falls")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fneeds%2F%3Fq%3Dfalls"
    page = client.get(response.url)
    assert (
        "You were signed out because you had not used the portal for 30 minutes."
        in page.content.decode()
    )
    assert not _signed_in(client)


def test_a_session_used_within_30_minutes_carries_on(client, cast):
    client.force_login(cast.mona)
    _age_session(client, login_ago=29 * 60, seen_ago=29 * 60)
    assert _signed_in(client)
    # Using it restarts the idle clock.
    assert time.time() - client.session[SEEN_AT] < 5
    _age_session(client, login_ago=58 * 60, seen_ago=29 * 60)
    assert _signed_in(client)


def test_a_session_ends_12_hours_after_signing_in_however_busy(client, cast, settings):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    client.force_login(cast.mona)
    _age_session(client, login_ago=12 * 60 * 60 + 1, seen_ago=10)
    response = client.post(reverse("surveys:need_create"), {"title": "Help"})
    assert response.status_code == 302
    assert response.url == reverse("account_login")  # a POST is not repeated after sign-in
    page = client.get(response.url)
    assert "you signed in more than 12 hours ago" in page.content.decode()
    assert not _signed_in(client)


def test_the_session_is_not_written_on_every_page(client, cast):
    client.force_login(cast.mona)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    writes = [q["sql"] for q in queries if "django_session" in q["sql"]]
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in writes), writes
    # After more than a minute, "last used" is brought up to date (one write).
    _age_session(client, login_ago=120, seen_ago=SESSION_SEEN_RESOLUTION + 5)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert any("UPDATE" in q["sql"] and "django_session" in q["sql"] for q in queries)
    assert time.time() - client.session[SEEN_AT] < 5


def test_a_session_from_before_the_limits_starts_its_clocks_now(client, cast):
    client.force_login(cast.mona)
    session = client.session
    del session[LOGIN_AT], session[SEEN_AT]
    session.save()
    assert _signed_in(client)
    assert time.time() - client.session[LOGIN_AT] < 5


def test_a_session_missing_its_last_used_time_gets_one(client, cast):
    client.force_login(cast.mona)
    session = client.session
    del session[SEEN_AT]
    session.save()
    assert _signed_in(client)
    assert time.time() - client.session[SEEN_AT] < 5


def test_anonymous_visits_do_not_start_a_session(client, db):
    response = client.get(reverse("public:index"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_deactivating_an_account_ends_its_sessions(client, cast):
    client.force_login(cast.mona)
    assert _signed_in(client)
    cast.mona.is_active = False
    cast.mona.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def _password_sign_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_changing_the_password_keeps_this_session_and_ends_the_others(cast):
    here, elsewhere = _password_sign_in("mona@example.org"), _password_sign_in("mona@example.org")
    assert _signed_in(here) and _signed_in(elsewhere)
    new = "a-new-long-password-2026"
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert _signed_in(here)
    assert not _signed_in(elsewhere)


def _totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _mfa_sign_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    cache.clear()  # allauth refuses a code used once already (kept in the cache)
    response = client.post(reverse("mfa_authenticate"), {"code": _totp_code()})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def _confirm_password(client) -> None:
    """allauth asks for the password again before 2-step verification changes."""
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302


# allauth sends its MFA signals when the transaction commits, so these tests commit.
@pytest.mark.django_db(transaction=True)
def test_new_recovery_codes_end_the_other_sessions(cast):
    here, elsewhere = _mfa_sign_in("will@example.org"), _mfa_sign_in("will@example.org")
    assert _signed_in(here) and _signed_in(elsewhere)
    _confirm_password(here)
    response = here.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _signed_in(here)
    assert not _signed_in(elsewhere)


@pytest.mark.django_db(transaction=True)
def test_removing_the_authenticator_app_ends_the_other_sessions(cast):
    here, elsewhere = _mfa_sign_in("will@example.org"), _mfa_sign_in("will@example.org")
    _confirm_password(here)
    response = here.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302, response.content.decode()[:2000]
    # Will must set one up again before anything else, but is still signed in here.
    assert here.get(reverse("home")).url == reverse("mfa_activate_totp") + "?required=1"
    assert elsewhere.get(reverse("home")).url.startswith(reverse("account_login"))


@pytest.mark.django_db(transaction=True)
def test_adding_an_authenticator_app_ends_the_other_sessions(cast):
    here, elsewhere = (
        _password_sign_in("sid@example.org"),
        _password_sign_in("sid@example.org"),
    )
    page = here.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = here.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    cast.sid.refresh_from_db()
    assert cast.sid.security_stamp
