"""2-step verification secrets are stored encrypted.

allauth keeps each authenticator app's secret and the seed the recovery codes are made from
in mfa_authenticator.data. Anyone who could read that column (a database dump, a backup, the
Django admin) could make codes for that person. The MFA adapter (settings.MFA_ADAPTER)
encrypts them with Fernet (AES-128 in CBC mode with an HMAC-SHA256, from `cryptography`,
which allauth's 2-step verification already needs) under a key derived from SECRET_KEY.

- A stored value is "fernet:" and a Fernet token. A value without that prefix is from
  before encryption (network migration 0007 encrypts those) and is read as it is.
- Changing SECRET_KEY: put the old key in SECRET_KEY_FALLBACKS (an environment variable,
  portal/settings.py), then run `manage.py rotate_mfa_secrets` to re-encrypt every secret
  under the new key (`rotate_data`); after that the old key can be removed. Secrets made
  with a fallback key are still read.
- A secret no key can read (SECRET_KEY changed without the fallback) is logged as an error
  and every code typed for it is wrong, never a 500 page: the adapter gives allauth a new
  random secret each time, so no code can be known in advance (an empty or fixed secret
  would give codes anyone could work out).
"""

import base64
import logging
import secrets

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

PREFIX = "fernet:"
_KEY_SALT = "portal.mfa.secret-encryption"


def _fernet(secret_key: str) -> Fernet:
    digest = salted_hmac(_KEY_SALT, "fernet-key", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in secrets])


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt_secret(text: str) -> str:
    if is_encrypted(text):
        return text
    return PREFIX + _keys().encrypt(text.encode()).decode("ascii")


def decrypt_secret(value: str) -> str:
    """The plain secret. Raises cryptography.fernet.InvalidToken when no key fits."""
    if not is_encrypted(value):
        return value  # stored before encryption
    return _keys().decrypt(value[len(PREFIX) :].encode("ascii")).decode()


def _rotate_secret(value: str) -> str:
    """`value` encrypted under the current SECRET_KEY; the same value if it already is."""
    if is_encrypted(value):
        token = value[len(PREFIX) :].encode("ascii")
        try:
            _fernet(settings.SECRET_KEY).decrypt(token)
        except InvalidToken:
            return PREFIX + _keys().rotate(token).decode("ascii")  # InvalidToken if no key fits
        return value
    return encrypt_secret(value)  # stored before encryption


def map_secrets(data: dict, change) -> dict:
    """A copy of an authenticator's data with `change` applied to every secret in it: the
    app secret, the recovery-code seed and codes allauth migrated from elsewhere."""
    data = dict(data)
    for key in ("secret", "seed"):
        if isinstance(data.get(key), str):
            data[key] = change(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
    return data


def rotate_data(data: dict) -> dict:
    """An authenticator's data with every secret in it encrypted under the current key.
    Raises InvalidToken when a secret cannot be read with any key."""
    return map_secrets(data, _rotate_secret)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return decrypt_secret(encrypted_text)
        except InvalidToken:
            logger.error(
                "2-step secret could not be decrypted: check SECRET_KEY / SECRET_KEY_FALLBACKS"
            )
            # A valid app secret (and recovery seed) that no one knows: every code is wrong.
            return base64.b32encode(secrets.token_bytes(20)).decode("ascii")
