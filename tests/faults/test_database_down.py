"""Database down: a clear 503 page with Retry-After, and the next request after it is
back works (portal/faults.py)."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

PAGE_TEXT = "Sorry, the service is not available right now"


def database_down(error=OperationalError):
    return mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=error("could not connect to server: Connection refused"),
    )


@pytest.fixture
def client_503(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.mona)
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_while_the_database_is_down_is_a_clear_503(client_503, error, caplog):
    with database_down(error):
        response = client_503.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert PAGE_TEXT in text
    assert "Try again in a few minutes." in text
    assert "Nothing you sent has been lost if you saw a confirmation." in text
    assert "The database cannot be reached" in caplog.text


def test_the_session_lookup_failing_gives_the_503_page(client_503):
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(SessionStore, "load", side_effect=lost):
        response = client_503.get(reverse("home"))
    assert response.status_code == 503
    assert PAGE_TEXT in response.content.decode()


LOST_CONNECTION = [
    OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?"
    ),
    OperationalError("could not connect to server: No such file or directory"),
    OperationalError(
        "terminating connection due to administrator command\n"
        "server closed the connection unexpectedly"
    ),
    OperationalError("SSL SYSCALL error: EOF detected"),
    OperationalError("the database system is starting up"),
    OperationalError("unable to open database file"),
    InterfaceError("connection already closed"),
]


@pytest.mark.parametrize("error", LOST_CONNECTION, ids=lambda e: str(e)[:30])
def test_a_lost_or_refused_connection_is_the_503_page(client_503, error):
    with mock.patch.object(SessionStore, "load", side_effect=error):
        response = client_503.get(reverse("home"))
    assert response.status_code == 503
    assert PAGE_TEXT in response.content.decode()


BUGS = [
    OperationalError("no such table: x"),
    OperationalError("no such column: network_user.nickname"),
    OperationalError("database is locked"),
    OperationalError("canceling statement due to lock timeout"),
    OperationalError("canceling statement due to statement timeout"),
]


@pytest.mark.parametrize("error", BUGS, ids=lambda e: str(e)[:30])
def test_other_database_errors_are_still_the_500_page(client_503, error, caplog):
    """A bad query or a lock timeout is a fault to see and fix, not "come back later"."""
    with mock.patch.object(SessionStore, "load", side_effect=error):
        response = client_503.get(reverse("home"))
    assert response.status_code == 500
    assert PAGE_TEXT not in response.content.decode()
    assert "The database cannot be reached" not in caplog.text


def test_a_real_missing_table_is_the_500_page(client_503, cast):
    """Through the real database driver, not a stand-in error."""
    from django.db import connection

    def broken_load(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_here")
        return {}

    with mock.patch.object(SessionStore, "load", broken_load):
        response = client_503.get(reverse("home"))
    assert response.status_code == 500
    assert PAGE_TEXT not in response.content.decode()


def test_the_next_request_after_the_database_is_back_works(client_503, cast):
    with database_down():
        assert client_503.get(reverse("home")).status_code == 503
    response = client_503.get(reverse("home"))
    assert response.status_code == 200
    assert PAGE_TEXT not in response.content.decode()


def test_healthz_says_503_while_the_database_is_down(db):
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"


def test_other_errors_are_still_the_500_page(client_503):
    with mock.patch.object(SessionStore, "load", side_effect=RuntimeError("a bug")):
        response = client_503.get(reverse("home"))
    assert response.status_code == 500
    assert PAGE_TEXT not in response.content.decode()


def test_if_the_503_page_cannot_render_a_plain_one_is_sent(client_503):
    broken_loader = mock.Mock(**{"get_template.side_effect": ValueError("no manifest")})
    with database_down(), mock.patch("portal.faults.loader", broken_loader):
        response = client_503.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert PAGE_TEXT in response.content.decode()
