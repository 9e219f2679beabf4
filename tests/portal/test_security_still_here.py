"""Typing in a form keeps the session alive: static/js/stay-signed-in.mjs asks
/account/still-here/ at most every 5 minutes, which restarts the 30-minute idle clock (but
never passes the 12-hour limit). A page left alone still ends at 30 minutes."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.security import LOGIN_AT, SEEN_AT
from tests.portal.test_security_sessions import _age_session, _signed_in

URL = "/account/still-here/"


def test_the_address():
    assert reverse("still_here") == URL


def test_it_restarts_the_idle_clock(client, cast):
    client.force_login(cast.mona)
    _age_session(client, login_ago=40 * 60, seen_ago=25 * 60)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert time.time() - client.session[SEEN_AT] < 5
    # The only write is the session's.
    writes = [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]
    assert all("django_session" in sql for sql in writes), writes
    # 25 more minutes later the session is still there.
    _age_session(client, login_ago=65 * 60, seen_ago=25 * 60)
    assert _signed_in(client)


def test_it_needs_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_does_not_bring_back_an_idle_session(client, cast):
    client.force_login(cast.mona)
    _age_session(client, login_ago=31 * 60, seen_ago=31 * 60)
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not _signed_in(client)


def test_it_does_not_pass_the_12_hour_limit(client, cast):
    client.force_login(cast.mona)
    _age_session(client, login_ago=12 * 60 * 60 - 60, seen_ago=10 * 60)
    assert client.get(URL).status_code == 204
    session = client.session
    session[LOGIN_AT] -= 120
    session.save()
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not _signed_in(client)


def test_only_a_get(client, cast):
    client.force_login(cast.mona)
    assert client.post(URL).status_code in (403, 405)


def test_signed_in_pages_load_the_script_and_public_pages_do_not(client, cast):
    assert "stay-signed-in" not in client.get(reverse("public:index")).content.decode()
    client.force_login(cast.mona)
    html = client.get(reverse("home")).content.decode()
    assert 'src="/static/js/stay-signed-in' in html
    assert f'data-still-here-url="{URL}"' in html
