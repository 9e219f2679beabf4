"""When a signed-in session ends, apart from signing out.

- After SESSION_IDLE_SECONDS (30 minutes) without a request, and SESSION_ABSOLUTE_SECONDS
  (12 hours) after signing in whatever the activity: SessionTimeoutMiddleware signs the
  person out and sends them to sign in with a message saying why. The session keeps when
  the person signed in and when it was last used; "last used" is only rewritten when more
  than SESSION_SEEN_RESOLUTION seconds (60) have passed, so most pages do not write the
  session at all. Typing in a form counts as using the portal: static/js/stay-signed-in.mjs
  asks `still_here` at most every 5 minutes while someone types (never past 12 hours).
- When their 2-step verification changes anywhere (an authenticator app added, removed or
  given a new secret, recovery codes made again or removed; in allauth's pages, the Django
  admin or a script): every other session of theirs ends. When they made the change
  themselves, the session they made it in is kept. User.security_stamp is part of the
  session hash (network.models.people), so giving it a new value ends the other sessions.
  Using a code to sign in (which records when it was used, or marks a recovery code used)
  ends nothing.
- A password change ends the other sessions too (Django's session hash covers the
  password; allauth keeps the current one). Deactivating an account gives it a new security
  stamp (network.models.people), so its sessions end and stay ended if it is reactivated.
"""

import time
from urllib.parse import urlencode

from allauth.core import context
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout, update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

LOGIN_AT = "security_login_at"
SEEN_AT = "security_seen_at"
SESSION_SEEN_RESOLUTION = 60

IDLE_MESSAGE = "You were signed out because you had not used the portal for {minutes} minutes."
ABSOLUTE_MESSAGE = (
    "You were signed out because you signed in more than {hours} hours ago. "
    "Sign in again to carry on."
)


def _idle_seconds() -> int:
    return getattr(settings, "SESSION_IDLE_SECONDS", 30 * 60)


def _absolute_seconds() -> int:
    return getattr(settings, "SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)


@receiver(user_logged_in, dispatch_uid="portal.security.stamp_login")
def stamp_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def _expired_reason(session, now: int) -> str | None:
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return None
    if now - login_at > _absolute_seconds():
        return ABSOLUTE_MESSAGE.format(hours=round(_absolute_seconds() / 3600))
    if now - seen_at > _idle_seconds():
        return IDLE_MESSAGE.format(minutes=round(_idle_seconds() / 60))
    return None


class SessionTimeoutMiddleware:
    """Signs out a session idle for 30 minutes or signed in for more than 12 hours."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = int(time.time())
            reason = _expired_reason(session, now)
            if reason:
                return self._sign_out(request, reason)
            if not isinstance(session.get(LOGIN_AT), int):
                # A session from before these limits: the clocks start now.
                session[LOGIN_AT] = now
                session[SEEN_AT] = now
            elif not isinstance(session.get(SEEN_AT), int):
                session[SEEN_AT] = now
            elif now - session[SEEN_AT] > SESSION_SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request: HttpRequest, reason: str) -> HttpResponse:
        next_url = request.get_full_path() if request.method == "GET" else ""
        logout(request)
        messages.info(request, reason)
        url = reverse(settings.LOGIN_URL)
        if next_url:
            url += "?" + urlencode({"next": next_url})
        return redirect(url)


@require_GET
@never_cache
def still_here(request: HttpRequest) -> HttpResponse:
    """Asked by static/js/stay-signed-in.mjs while someone types in a form. It needs
    sign-in; SessionTimeoutMiddleware has already restarted the idle clock (or ended the
    session), so it only answers "204 No Content". Nothing but the session is written."""
    return HttpResponse(status=204)


def new_security_stamp(request: HttpRequest | None, user_id: int, user=None) -> None:
    """Ends every other session of the person `user_id`. The session `request` belongs to
    is kept when it is theirs (they made the change themselves). `user`, when given, is
    their User object in memory: it gets the new stamp too, so saving it later keeps it."""
    from network.models.people import new_security_stamp as make_stamp

    stamp = make_stamp()
    get_user_model()._default_manager.filter(pk=user_id).update(security_stamp=stamp)
    if user is not None and user.pk == user_id:
        user.security_stamp = stamp
    if request is None or not hasattr(request, "session"):
        return
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.pk == user_id:
        user.security_stamp = stamp
        update_session_auth_hash(request, user)


# What makes an authenticator: whose it is, its kind, and the secret codes come from. Its
# other data changes each time it is used (recovery codes used, codes shown).
_SECRET_KEYS = ("secret", "seed")


def _identity(user_id, kind, data) -> tuple:
    from cryptography.fernet import InvalidToken

    from portal.mfa import decrypt_secret

    data = data if isinstance(data, dict) else {}
    secrets = []
    for key in _SECRET_KEYS:
        value = data.get(key)
        try:
            secrets.append(decrypt_secret(value) if isinstance(value, str) else value)
        except InvalidToken:  # no key reads it: compare it as stored
            secrets.append(value)
    return (user_id, kind, *secrets)


@receiver(pre_save, sender=Authenticator, dispatch_uid="portal.security.mfa_before")
def _authenticator_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._ends_sessions_of = set()
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"user", "user_id", "type", "data"} & set(update_fields):
        return  # only when it was last used
    before = sender._default_manager.filter(pk=instance.pk).values_list("user_id", "type", "data")
    before = before.first()
    if before is None:
        return
    if _identity(*before) != _identity(instance.user_id, instance.type, instance.data):
        instance._ends_sessions_of = {before[0], instance.user_id}


@receiver(post_save, sender=Authenticator, dispatch_uid="portal.security.mfa_saved")
def _authenticator_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    users = {instance.user_id} if created else getattr(instance, "_ends_sessions_of", set())
    for user_id in users:
        new_security_stamp(context.request, user_id, _cached_user(instance))


@receiver(post_delete, sender=Authenticator, dispatch_uid="portal.security.mfa_deleted")
def _authenticator_deleted(sender, instance, **kwargs):
    new_security_stamp(context.request, instance.user_id, _cached_user(instance))


def _cached_user(authenticator):
    return authenticator.user if Authenticator.user.is_cached(authenticator) else None
