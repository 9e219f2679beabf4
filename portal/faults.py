"""A clear 503 page while the database cannot be reached.

Django turns any exception into a 500 response inside each middleware layer, so this
middleware cannot catch the exception itself. Instead a receiver of
`got_request_exception` notes on the request that the failure was the database being
unreachable, and the middleware swaps the 500 for templates/503.html with
`Retry-After: 60`.

Only a lost or refused connection counts (`is_database_down`): PostgreSQL's "connection
exception" and shutdown error codes, libpq's "could not connect" and "server closed the
connection", SQLite's "unable to open database file", and Django's "connection already
closed". Any other OperationalError (a missing table or column, a lock or statement
timeout) is a fault to see and fix, so it stays the ordinary 500 page. So does a database
set up wrongly (`SET_UP_MISTAKES`: a wrong password, user or database name, or no
pg_hba.conf entry), though libpq words it "connection to server ... failed" too: waiting
will not fix it.

The 503 page is rendered without a request context (no context processors, no
request.user), so it needs no database.

Recovery needs no restart: Django closes a broken connection at the end of the request,
and CONN_HEALTH_CHECKS checks a kept connection before it is reused (portal/settings.py).
"""

import logging
import re
import sys

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
_MARK = "_portal_database_down"

# PostgreSQL error codes (SQLSTATE) that mean the connection is gone or refused: class 08
# "connection exception", and 57P01-57P03 (the server shutting down, crashed or starting).
LOST_CONNECTION_CODES = ("08", "57P01", "57P02", "57P03")

# What the drivers say when there is no code (libpq fails before the server answers).
LOST_CONNECTION_WORDS = (
    "could not connect",
    "connection refused",
    "connection to server",
    "server closed the connection",
    "terminating connection",
    "no connection to the server",
    "connection already closed",
    "connection is closed",
    "could not receive data from server",
    "could not send data to server",
    "ssl syscall error",
    "ssl connection has been closed",
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "unable to open database file",
)

# libpq's FATAL messages (with no error code) for a database set up wrongly. Checked first.
SET_UP_MISTAKES = re.compile(
    r'authentication failed|no pg_hba\.conf entry|(database|role) "[^"]*" does not exist'
    r"|no password supplied|permission denied for database"
)


def is_database_down(error: BaseException | None) -> bool:
    """True when `error` says the database cannot be reached, not that a query was wrong."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    driver_error = error.__cause__
    text = " ".join(str(e) for e in (error, driver_error) if e is not None).lower()
    if SET_UP_MISTAKES.search(text):
        return False
    code = getattr(driver_error, "pgcode", None) or ""
    if code.startswith(LOST_CONNECTION_CODES):
        return True
    driver_connection = getattr(getattr(driver_error, "cursor", None), "connection", None)
    if driver_connection is not None and getattr(driver_connection, "closed", False):
        return True
    return any(words in text for words in LOST_CONNECTION_WORDS)


def _note_database_down(sender, request=None, **kwargs) -> None:
    error = sys.exc_info()[1]
    if request is not None and is_database_down(error):
        setattr(request, _MARK, error)


got_request_exception.connect(_note_database_down, dispatch_uid="portal-database-down")


FALLBACK_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Sorry, the service is not available right now</title></head><body>"
    "<h1>Sorry, the service is not available right now</h1>"
    "<p>Try again in a few minutes.</p>"
    "<p>Nothing you sent has been lost if you saw a confirmation.</p></body></html>"
)


def service_unavailable() -> HttpResponse:
    try:
        page = loader.get_template("503.html").render()
    except Exception:  # noqa: BLE001 - the 503 page itself must never fail
        logger.exception("Could not render 503.html; sending the plain page")
        page = FALLBACK_PAGE
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseDownMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None and response.status_code >= 500:
            logger.error("The database cannot be reached: %s", error)
            return service_unavailable()
        return response
