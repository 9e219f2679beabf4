"""Encrypts the 2-step verification secrets stored before they were encrypted
(portal/mfa.py): authenticator app secrets, recovery-code seeds and any codes allauth
migrated from elsewhere. Safe to run again: encrypted values are left as they are."""

from django.db import migrations

from portal.mfa import decrypt_secret, encrypt_secret, map_secrets


def _convert_all(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = map_secrets(authenticator.data or {}, change)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor) -> None:
    _convert_all(apps, encrypt_secret)


def decrypt_secrets(apps, schema_editor) -> None:
    _convert_all(apps, decrypt_secret)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_list_indexes"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
