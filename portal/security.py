"""When a signed-in session ends, apart from signing out.

- After SESSION_IDLE_SECONDS (30 minutes) without a request, and SESSION_ABSOLUTE_SECONDS
  (12 hours) after signing in whatever the activity: SessionTimeoutMiddleware signs the
  person out and sends them to sign in with a message saying why. The session keeps when
  the person signed in and when it was last used; "last used" is only rewritten when more
  than SESSION_SEEN_RESOLUTION seconds (60) have passed, so most pages do not write the
  session at all.
- When their 2-step verification changes (an authenticator app added or removed, recovery
  codes made again): every other session of theirs ends, the one they made the change in
  is kept. User.security_stamp is part of the session hash (network.models.people), so
  giving it a new value ends the other sessions.
- A password change ends the other sessions too (Django's session hash covers the
  password; allauth keeps the current one), and a deactivated account's sessions end on
  their next request (Django's ModelBackend will not load an inactive user).
"""

import time
from urllib.parse import urlencode

from allauth.mfa import signals as mfa_signals
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout, update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import get_random_string

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


def new_security_stamp(request: HttpRequest, user) -> None:
    """Ends every other session of `user`; keeps the one `request` belongs to."""
    stamp = get_random_string(32)
    get_user_model()._default_manager.filter(pk=user.pk).update(security_stamp=stamp)
    user.security_stamp = stamp
    if request is not None and hasattr(request, "session"):
        if getattr(request, "user", None) is not None and request.user.pk == user.pk:
            request.user.security_stamp = stamp
        update_session_auth_hash(request, user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="portal.security.mfa_added")
@receiver(mfa_signals.authenticator_removed, dispatch_uid="portal.security.mfa_removed")
@receiver(mfa_signals.authenticator_reset, dispatch_uid="portal.security.mfa_reset")
def mfa_changed(sender, request, user, **kwargs) -> None:
    new_security_stamp(request, user)
