"""A clear 503 page while the database cannot be reached.

Django turns any exception into a 500 response inside each middleware layer, so this
middleware cannot catch the exception itself. Instead a receiver of
`got_request_exception` notes on the request that the failure was the database being
unreachable (OperationalError or InterfaceError), and the middleware swaps the 500 for
templates/503.html with `Retry-After: 60`. The page is rendered without a request context
(no context processors, no request.user), so it needs no database.

Recovery needs no restart: Django closes a broken connection at the end of the request,
and CONN_HEALTH_CHECKS checks a kept connection before it is reused (portal/settings.py).
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
DATABASE_DOWN = (OperationalError, InterfaceError)
_MARK = "_portal_database_down"


def _note_database_down(sender, request=None, **kwargs) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_DOWN):
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
