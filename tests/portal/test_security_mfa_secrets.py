"""Authenticator app secrets and recovery-code seeds are stored encrypted with a key
derived from SECRET_KEY (portal/mfa.py), and the Django admin never shows them."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.db import connection
from django.urls import reverse

from portal import mfa
from tests.factories import TEST_TOTP_SECRET
from tests.portal.test_security_sessions import _mfa_sign_in, _signed_in


def _stored(authenticator) -> str:
    """The data column exactly as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT data FROM {Authenticator._meta.db_table} WHERE id = %s", [authenticator.pk]
        )
        return str(cursor.fetchone()[0])


def test_the_database_does_not_hold_the_app_secret_or_the_recovery_seed(cast):
    totp = Authenticator.objects.get(user=cast.will, type=Authenticator.Type.TOTP)
    assert TEST_TOTP_SECRET not in _stored(totp)
    codes = RecoveryCodes.activate(cast.will)
    seed = mfa.decrypt_secret(codes.instance.data["seed"])
    assert len(seed) == 80
    assert seed not in _stored(codes.instance)


@pytest.mark.django_db(transaction=True)
def test_signing_in_with_an_app_code_still_works(cast):
    assert _signed_in(_mfa_sign_in("will@example.org"))


@pytest.mark.django_db(transaction=True)
def test_a_secret_stored_before_encryption_still_works(cast):
    Authenticator.objects.filter(user=cast.will, type="totp").update(
        data={"secret": TEST_TOTP_SECRET}
    )
    assert _signed_in(_mfa_sign_in("will@example.org"))


def test_a_secret_made_with_an_old_key_still_works(cast, settings):
    token = mfa.encrypt_secret(TEST_TOTP_SECRET)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert mfa.decrypt_secret(token) == TEST_TOTP_SECRET
    assert mfa.decrypt_secret(mfa.encrypt_secret("ABC")) == "ABC"


def test_the_migration_encrypts_secrets_stored_before(cast):
    RecoveryCodes.activate(cast.will)
    Authenticator.objects.filter(user=cast.will, type="totp").update(
        data={"secret": TEST_TOTP_SECRET}
    )
    Authenticator.objects.filter(user=cast.will, type="recovery_codes").update(
        data={"seed": "ab" * 40, "used_mask": 3, "migrated_codes": ["12345678"]}
    )
    migration = importlib.import_module("network.migrations.0007_encrypt_mfa_secrets")
    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # twice: nothing is encrypted again
    totp = Authenticator.objects.get(user=cast.will, type="totp")
    codes = Authenticator.objects.get(user=cast.will, type="recovery_codes")
    assert TEST_TOTP_SECRET not in _stored(totp)
    assert "ab" * 40 not in _stored(codes) and "12345678" not in _stored(codes)
    assert mfa.decrypt_secret(totp.data["secret"]) == TEST_TOTP_SECRET
    assert codes.data["used_mask"] == 3
    assert codes.wrap().get_unused_codes() == ["12345678"]
    migration.decrypt_secrets(apps, None)
    totp.refresh_from_db()
    assert totp.data == {"secret": TEST_TOTP_SECRET}


def test_the_django_admin_does_not_show_the_secret(client, cast):
    client.force_login(cast.ada)
    totp = Authenticator.objects.get(user=cast.will, type=Authenticator.Type.TOTP)
    page = client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert TEST_TOTP_SECRET not in html
    assert totp.data["secret"] not in html
    assert "secret" not in html.lower()
    listing = client.get(reverse("admin:mfa_authenticator_changelist"))
    assert TEST_TOTP_SECRET not in listing.content.decode()
    # It cannot be changed there either: a POST leaves it as it was.
    client.post(
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
        {"user": cast.ada.pk, "type": "totp", "data": '{"secret": "AAAA"}'},
    )
    totp.refresh_from_db()
    assert mfa.decrypt_secret(totp.data["secret"]) == TEST_TOTP_SECRET
