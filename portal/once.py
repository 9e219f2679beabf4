"""Double submits store one record: a one-time token on every create form.

People on phones tap Save twice, or send a form again after a slow network. Each create
form carries a hidden one-time token (`{% once_token %}` from portal/templatetags/once.py,
a new random value each time the page is drawn). OnceMiddleware sees a POST that carries
one and:

- records (token and answers, person) in OnceToken *before* the view runs, inside one
  transaction with the view. The row's key is a hash of the token and a fingerprint of
  what was sent (claim_key), so the unique constraint lets only one request with that token
  *and those answers* through: a second request waits for the first to finish (PostgreSQL)
  and then finds the row;
- when the view redirects (the form was saved), keeps the row with the redirect address and
  commits it together with what the view saved;
- when the view does not redirect (form errors, refused), deletes the row, so the person
  can correct the form and send it again with the same token.

A second POST with a token and answers already recorded does not reach the view: the
person is sent where the first one went, with the message ALREADY_SENT. Someone who presses
Back, changes the form and sends it again sends the same token with different answers: that
is a new record they meant to make, and it is saved (tests/once/test_back_and_change.py).
Tokens last a day (forget_old_tokens, run by the daily portal.tasks.clear_expired_sessions).

Forms that are idempotent by themselves (a unique constraint: "we need this too", booking a
place, a survey's one answer per person) need no token; tests/once proves both kinds.
"""

import hashlib
import json
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
# Fields that change each time the page is drawn, not because the person changed an answer.
NOT_ANSWERS = {"csrfmiddlewaretoken", FIELD}


def _token(request) -> str | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    token = request.POST.get(FIELD, "")
    return token if _TOKEN.match(token) else None


def _answers(request) -> list:
    """What the form sent, in a stable order: every field but the security ones, and each
    file by field, name and size (reading the file would slow a large upload)."""
    fields = sorted(
        (key, value)
        for key, values in request.POST.lists()
        if key not in NOT_ANSWERS
        for value in values
    )
    files = sorted(
        (key, upload.name or "", upload.size or 0)
        for key, uploads in request.FILES.lists()
        for upload in uploads
    )
    return [fields, files]


def claim_key(request, token: str) -> str:
    """The OnceToken key for this token and these answers: 64 hex characters (the column's
    length), the same for a resend of the same form, different once an answer changes."""
    answers = json.dumps(_answers(request), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{token}\n{answers}".encode()).hexdigest()


class OnceMiddleware:
    """Lets each one-time form token through once per person (see the module docstring).
    Place it after the authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _token(request)
        if token is None:
            return self.get_response(request)
        key = claim_key(request, token)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = OnceToken.objects.create(
                        token=key, user=request.user, path=request.path[:500]
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
        return already_sent(request, key)


def already_sent(request, key: str):
    """Where the first send of this form went, with a plain message."""
    earlier = OnceToken.objects.filter(user=request.user, token=key).values("redirect_to").first()
    messages.info(request, ALREADY_SENT)
    return redirect((earlier or {}).get("redirect_to") or request.get_full_path())


def forget_old_tokens(now=None) -> int:
    """Delete tokens older than LIFETIME; returns how many."""
    cutoff = (now or timezone.now()) - LIFETIME
    deleted, _ = OnceToken.objects.filter(created_at__lt=cutoff).delete()
    return deleted
