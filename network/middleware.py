from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from network.roles import MFA_REQUIRED_ROLES

SESSION_KEY = "acting_membership_id"


def _acting_membership(request: HttpRequest):
    from network.selectors import _cached_memberships

    user = request.user
    if not user.is_authenticated:
        return None
    memberships = _cached_memberships(user)
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


class ActingMembershipMiddleware:
    """Sets request.membership: the organisation and role the person is acting for now.

    Someone who belongs to several organisations picks one; until they do, it is the first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Not lazy: a lazy wrapper around None would not compare equal to None.
        request.membership = _acting_membership(request)
        return self.get_response(request)


def needs_mfa(user) -> bool:
    from network.selectors import _cached_memberships

    if user.is_superuser or user.is_staff:
        return True
    return any(m.role in MFA_REQUIRED_ROLES for m in _cached_memberships(user))


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# Paths someone who must set up MFA can still use: setting it up (which may ask for their
# password again), signing out, static files and the health check.
_MFA_EXEMPT_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/static/",
    "/healthz",
)


class RequireMFAMiddleware:
    """Partners, project workers and admins must set up an authenticator app first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
            and needs_mfa(user)
            and not has_mfa(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)
