"""A database set up wrongly (a wrong name, user or password, or no pg_hba.conf entry) is
the ordinary 500 page, not "come back later": libpq says "connection to server ... failed"
for these too, but waiting will not fix them (portal/faults.py)."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from portal.faults import is_database_down

PAGE_TEXT = "Sorry, the service is not available right now"
AT = 'connection to server at "127.0.0.1", port 5432 failed: '

SET_UP_MISTAKES = [
    OperationalError(AT + 'FATAL:  database "chin_typo" does not exist\n'),
    OperationalError(AT + 'FATAL:  password authentication failed for user "chin"\n'),
    OperationalError(AT + 'FATAL:  role "chinn" does not exist\n'),
    OperationalError(
        AT + 'FATAL:  no pg_hba.conf entry for host "10.0.0.5", user "chin", database "chin", '
        "no encryption\n"
    ),
    OperationalError(
        'connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: '
        'FATAL:  Peer authentication failed for user "chin"\n'
    ),
]


@pytest.fixture
def client_500(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.mona)
    return client


@pytest.mark.parametrize("error", SET_UP_MISTAKES, ids=lambda e: str(e)[63:95])
def test_a_database_set_up_wrongly_is_the_500_page(client_500, error, caplog):
    assert not is_database_down(error)
    with mock.patch.object(SessionStore, "load", side_effect=error):
        response = client_500.get(reverse("home"))
    assert response.status_code == 500
    assert PAGE_TEXT not in response.content.decode()
    assert "The database cannot be reached" not in caplog.text


def test_a_refused_connection_is_still_the_503_page(client_500):
    refused = OperationalError(AT + "Connection refused\n\tIs the server running?")
    assert is_database_down(refused)
    with mock.patch.object(SessionStore, "load", side_effect=refused):
        response = client_500.get(reverse("home"))
    assert response.status_code == 503


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_a_real_missing_database_is_not_the_database_being_down(db):
    """Through the real driver: connecting to a database that does not exist."""
    wrong = connection.copy()
    wrong.settings_dict = {**connection.settings_dict, "NAME": "chin_no_such_database_here"}
    with pytest.raises(OperationalError) as error:
        wrong.ensure_connection()
    assert "does not exist" in str(error.value)
    assert not is_database_down(error.value)
