import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up on their own: people join through an invitation link."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up a first authenticator right after signing in needs no second password.

        Partners, project workers and admins are sent to set one up as soon as they sign in;
        asking for the password they typed seconds ago would only confuse them. Changing or
        removing an authenticator later still asks again.
        """
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = context.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        user = request.user
        if not user.is_authenticated or user.authenticator_set.exists():
            return required
        records = get_authentication_records(request, user)
        if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return required

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """After signing in, people who have not signed the current agreement are asked to.

        The agreement page offers "I agree" and "Not now"; either goes on to where they were
        heading. Partners and project workers without an authenticator app set one up first:
        the MFA middleware intercepts the agreement page like any other.
        """
        return self._agreement_first(request, super().get_login_redirect_url(request))

    def post_login(self, request: HttpRequest, user, *, redirect_url: str | None, **kwargs):
        # A `next` from the sign-in page bypasses get_login_redirect_url; route it the same way.
        if redirect_url and url_has_allowed_host_and_scheme(
            redirect_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            redirect_url = self._agreement_first(request, redirect_url, user=user)
        return super().post_login(request, user, redirect_url=redirect_url, **kwargs)

    def _agreement_first(self, request: HttpRequest, target: str, user=None) -> str:
        from network.selectors_agreements import version_to_sign

        user = user or request.user
        agreement_url = reverse("network:agreement")
        if target.startswith(agreement_url) or version_to_sign(user) is None:
            return target
        return f"{agreement_url}?{urlencode({'next': target})}"
