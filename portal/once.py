"""Double submits store one record: a one-time token on every create form.

People on phones tap Save twice, or send a form again after a slow network. Each create
form carries a hidden one-time token (`{% once_token %}` from portal/templatetags/once.py,
a new random value each time the page is drawn). OnceMiddleware sees a POST that carries
one and:

- records (token, person) in OnceToken *before* the view runs, inside one transaction with
  the view. The unique constraint lets only one request with that token through: a second
  request waits for the first to finish (PostgreSQL) and then finds the row;
- when the view redirects (the form was saved), keeps the row with the redirect address and
  commits it together with what the view saved;
- when the view does not redirect (form errors, refused), deletes the row, so the person
  can correct the form and send it again with the same token.

A second POST with a token already recorded does not reach the view: the person is sent
where the first one went, with the message ALREADY_SENT. Tokens last a day
(forget_old_tokens, run by the daily portal.tasks.clear_expired_sessions).

Forms that are idempotent by themselves (a unique constraint: "we need this too", booking a
place, a survey's one answer per person) need no token; tests/once proves both kinds.
"""

import re
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from portal.models import OnceToken

FIELD = "_once"
ALREADY_SENT = "You already sent this. We saved it once."
LIFETIME = timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _token(request) -> str | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    token = request.POST.get(FIELD, "")
    return token if _TOKEN.match(token) else None


class OnceMiddleware:
    """Lets each one-time form token through once per person (see the module docstring).
    Place it after the authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _token(request)
        if token is None:
            return self.get_response(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = OnceToken.objects.create(
                        token=token, user=request.user, path=request.path[:500]
                    )
            except IntegrityError:
                claim = None
            if claim is not None:
                response = self.get_response(request)
                if response.status_code in (301, 302, 303) and response.has_header("Location"):
                    claim.redirect_to = response["Location"][:2000]
                    claim.save(update_fields=["redirect_to"])
                else:
                    claim.delete()
                return response
        return already_sent(request, token)


def already_sent(request, token: str):
    """Where the first send of this form went, with a plain message."""
    earlier = OnceToken.objects.filter(user=request.user, token=token).values("redirect_to").first()
    messages.info(request, ALREADY_SENT)
    return redirect((earlier or {}).get("redirect_to") or request.get_full_path())


def forget_old_tokens(now=None) -> int:
    """Delete tokens older than LIFETIME; returns how many."""
    cutoff = (now or timezone.now()) - LIFETIME
    deleted, _ = OnceToken.objects.filter(created_at__lt=cutoff).delete()
    return deleted
