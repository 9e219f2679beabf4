"""2-step verification secrets are stored encrypted.

allauth keeps each authenticator app's secret and the seed the recovery codes are made from
in mfa_authenticator.data. Anyone who could read that column (a database dump, a backup, the
Django admin) could make codes for that person. The MFA adapter (settings.MFA_ADAPTER)
encrypts them with Fernet (AES-128 in CBC mode with an HMAC-SHA256, from `cryptography`,
which allauth's 2-step verification already needs) under a key derived from SECRET_KEY.

- A stored value is "fernet:" and a Fernet token. A value without that prefix is from
  before encryption (network migration 0007 encrypts those) and is read as it is.
- Changing SECRET_KEY: put the old key first in SECRET_KEY_FALLBACKS, or no one can sign in
  with their app or recovery codes. Secrets made with a fallback key are still read.
"""

import base64

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

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


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
