"""Authenticator app secrets and recovery-code seeds are stored encrypted with a key
derived from SECRET_KEY (portal/mfa.py), and the Django admin never shows them."""

import importlib
import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from portal import mfa
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET
from tests.portal.test_security_sessions import _mfa_sign_in, _signed_in, _totp_code


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


# --- A changed SECRET_KEY (issue 9) ---------------------------------------------------

NEW_KEY = "a-new-secret-key-" + "y" * 40
BROKEN_SECRET_LOG = "2-step secret could not be decrypted: check SECRET_KEY / SECRET_KEY_FALLBACKS"


def test_secret_key_fallbacks_are_read_from_the_environment():
    """Commas or spaces between keys; none when the variable is not set."""
    import os
    import subprocess
    import sys

    def fallbacks(value):
        env = {**os.environ, "SECRET_KEY_FALLBACKS": value}
        if value is None:
            env.pop("SECRET_KEY_FALLBACKS")
        script = "import portal.settings as s; print(repr(s.SECRET_KEY_FALLBACKS))"
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
        assert run.returncode == 0, run.stderr.decode()
        return run.stdout.decode().strip()

    assert fallbacks("old-key-one, old-key-two") == "['old-key-one', 'old-key-two']"
    assert fallbacks("old-key-one old-key-two") == "['old-key-one', 'old-key-two']"
    assert fallbacks(None) == "[]"


def _sign_in_and_send(client, code: str):
    response = client.post(
        reverse("account_login"), {"login": "will@example.org", "password": TEST_PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    cache.clear()  # allauth refuses a code used once already (kept in the cache)
    return client.post(reverse("mfa_authenticate"), {"code": code})


def _wrong_code_page(response) -> bool:
    return response.status_code == 200 and "Incorrect code." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_with_a_new_secret_key_an_app_code_is_wrong_not_an_error_page(cast, settings, caplog):
    settings.SECRET_KEY = NEW_KEY  # the old key is not kept in SECRET_KEY_FALLBACKS
    client = Client(raise_request_exception=False)
    response = _sign_in_and_send(client, _totp_code())
    assert _wrong_code_page(response)
    assert not _signed_in(client)
    assert BROKEN_SECRET_LOG in caplog.text


@pytest.mark.django_db(transaction=True)
def test_with_a_new_secret_key_a_recovery_code_is_wrong_not_an_error_page(cast, settings):
    code = RecoveryCodes.activate(cast.will).get_unused_codes()[0]
    settings.SECRET_KEY = NEW_KEY
    client = Client(raise_request_exception=False)
    assert _wrong_code_page(_sign_in_and_send(client, code))
    assert not _signed_in(client)


@pytest.mark.django_db(transaction=True)
def test_with_the_old_key_in_the_fallbacks_signing_in_still_works(cast, settings):
    code = RecoveryCodes.activate(cast.will).get_unused_codes()[0]
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = NEW_KEY
    client = Client()
    assert _sign_in_and_send(client, _totp_code()).status_code == 302
    assert _signed_in(client)
    client = Client()
    assert _sign_in_and_send(client, code).status_code == 302
    assert _signed_in(client)


def test_a_secret_no_key_can_read_never_gives_a_known_secret(settings, caplog):
    """No fixed value comes back (an empty or fixed secret would make codes anyone can work
    out): each time it is a new random secret, so no code can be known in advance."""
    token = mfa.encrypt_secret(TEST_TOTP_SECRET)
    settings.SECRET_KEY = NEW_KEY
    adapter = mfa.MFAAdapter()
    first, second = adapter.decrypt(token), adapter.decrypt(token)
    assert TEST_TOTP_SECRET not in (first, second)
    assert first != second and len(first) >= 32
    assert caplog.text.count(BROKEN_SECRET_LOG) == 2


def _rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_mfa_secrets", *args, stdout=out)
    return out.getvalue()


def test_rotating_moves_every_secret_to_the_current_key(cast, settings):
    seed = mfa.decrypt_secret(RecoveryCodes.activate(cast.will).instance.data["seed"])
    Authenticator.objects.filter(user=cast.will, type="recovery_codes").update(
        data={
            **Authenticator.objects.get(user=cast.will, type="recovery_codes").data,
            "migrated_codes": [mfa.encrypt_secret("87654321")],
        }
    )
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = NEW_KEY
    count = Authenticator.objects.filter(type__in=["totp", "recovery_codes"]).count()

    assert f"Re-encrypted the 2-step secrets of {count} authenticators" in _rotate()
    assert "Re-encrypted the 2-step secrets of 0 authenticators" in _rotate()  # twice is safe

    settings.SECRET_KEY_FALLBACKS = []  # the old key can now go
    totp = Authenticator.objects.get(user=cast.will, type="totp")
    assert mfa.decrypt_secret(totp.data["secret"]) == TEST_TOTP_SECRET
    assert TEST_TOTP_SECRET not in _stored(totp)
    codes = Authenticator.objects.get(user=cast.will, type="recovery_codes")
    assert mfa.decrypt_secret(codes.data["seed"]) == seed
    assert mfa.decrypt_secret(codes.data["migrated_codes"][0]) == "87654321"


def test_rotating_encrypts_secrets_stored_before_encryption(cast):
    Authenticator.objects.filter(user=cast.will, type="totp").update(
        data={"secret": TEST_TOTP_SECRET}
    )
    assert "Re-encrypted the 2-step secrets of 1 authenticators" in _rotate()
    totp = Authenticator.objects.get(user=cast.will, type="totp")
    assert TEST_TOTP_SECRET not in _stored(totp)
    assert mfa.decrypt_secret(totp.data["secret"]) == TEST_TOTP_SECRET


def test_rotating_changes_nothing_when_a_secret_cannot_be_read(cast, settings):
    RecoveryCodes.activate(cast.will)
    before = {a.pk: _stored(a) for a in Authenticator.objects.all()}
    Authenticator.objects.filter(user=cast.will, type="totp").update(
        data={"secret": mfa.PREFIX + "not-a-token"}
    )
    before[Authenticator.objects.get(user=cast.will, type="totp").pk] = _stored(
        Authenticator.objects.get(user=cast.will, type="totp")
    )
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = NEW_KEY
    with pytest.raises(CommandError, match="could not be read") as error:
        _rotate()
    totp_pk = Authenticator.objects.get(user=cast.will, type="totp").pk
    assert f"authenticator {totp_pk}" in str(error.value)
    assert "Nothing was changed" in str(error.value)
    assert {a.pk: _stored(a) for a in Authenticator.objects.all()} == before
