"""Sessions end when 2-step verification changes anywhere (the Django admin, a script),
not only in allauth's own pages; using a code to sign in changes nothing. A deactivated
account's sessions stay ended when it is reactivated."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import encrypt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from network.models import User
from tests.audit.test_admin import _form_data
from tests.factories import TEST_PASSWORD
from tests.portal.test_security_sessions import _mfa_sign_in, _signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_out(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


def _admin(cast) -> Client:
    client = Client()
    client.force_login(cast.ada)
    return client


def _delete_in_admin(cast, authenticator) -> None:
    url = reverse("admin:mfa_authenticator_delete", args=[authenticator.pk])
    response = _admin(cast).post(url, {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_removing_an_authenticator_app_in_the_django_admin_ends_their_sessions(cast):
    will = _mfa_sign_in("will@example.org")
    totp = Authenticator.objects.get(user=cast.will, type=Authenticator.Type.TOTP)
    _delete_in_admin(cast, totp)
    assert _signed_out(will)


def test_removing_recovery_codes_in_the_django_admin_ends_their_sessions(cast):
    RecoveryCodes.activate(cast.will)
    will = _mfa_sign_in("will@example.org")
    codes = Authenticator.objects.get(user=cast.will, type=Authenticator.Type.RECOVERY_CODES)
    _delete_in_admin(cast, codes)
    assert _signed_out(will)


def test_the_admin_who_removes_someone_elses_app_stays_signed_in(cast):
    admin = _admin(cast)
    totp = Authenticator.objects.get(user=cast.will, type=Authenticator.Type.TOTP)
    url = reverse("admin:mfa_authenticator_delete", args=[totp.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert _signed_in(admin)


def test_a_new_secret_saved_outside_allauth_ends_their_sessions(cast):
    will = _mfa_sign_in("will@example.org")
    totp = Authenticator.objects.get(user=cast.will, type=Authenticator.Type.TOTP)
    totp.data = {"secret": encrypt("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")}
    totp.save()
    assert _signed_out(will)


def test_signing_in_with_codes_does_not_end_other_sessions(cast):
    RecoveryCodes.activate(cast.will)
    here = _mfa_sign_in("will@example.org")
    _mfa_sign_in("will@example.org")  # an app code: its last use is recorded
    assert Authenticator.objects.get(user=cast.will, type="totp").last_used_at
    # A recovery code: it is marked as used.
    codes = Authenticator.objects.get(user=cast.will, type=Authenticator.Type.RECOVERY_CODES)
    code = codes.wrap().get_unused_codes()[0]
    other = Client()
    response = other.post(
        reverse("account_login"), {"login": "will@example.org", "password": TEST_PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    cache.clear()
    assert other.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    codes.refresh_from_db()
    assert code not in codes.wrap().get_unused_codes()
    assert _signed_in(other)
    assert _signed_in(here)


# --- Deactivated accounts ------------------------------------------------------------


def test_a_session_from_before_deactivation_stays_ended_after_reactivation(cast):
    client = Client()
    client.force_login(cast.mona)
    assert _signed_in(client)
    mona = User.objects.get(pk=cast.mona.pk)
    mona.is_active = False
    mona.save(update_fields=["is_active"])
    assert _signed_out(client)
    mona.is_active = True
    mona.save()
    assert _signed_out(client)
    # Signing in again works.
    client.force_login(mona)
    assert _signed_in(client)


def test_deactivating_in_the_django_admin_then_reactivating_ends_the_session(cast):
    mona = Client()
    mona.force_login(cast.mona)
    admin = _admin(cast)
    url = reverse("admin:network_user_change", args=[cast.mona.pk])
    for active in (False, True):
        data = _form_data(admin.get(url))
        data.pop("is_active", None)
        if active:
            data["is_active"] = "on"
        response = admin.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert User.objects.get(pk=cast.mona.pk).is_active is active
    assert _signed_out(mona)


def test_accounts_deactivated_for_disuse_stay_signed_out_when_reactivated(cast):
    from privacy import services

    client = Client()
    client.force_login(cast.mona)
    User.objects.filter(pk=cast.mona.pk).update(last_login="2020-01-01T00:00Z")
    assert services.deactivate_unused_accounts() >= 1
    assert not User.objects.get(pk=cast.mona.pk).is_active
    User.objects.filter(pk=cast.mona.pk).update(is_active=True)
    assert _signed_out(client)
