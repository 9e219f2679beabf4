"""Re-encrypt every stored 2-step verification secret under the current SECRET_KEY.

Run after changing SECRET_KEY with the old key in SECRET_KEY_FALLBACKS; then the old key
can be removed. All in one transaction: if any secret cannot be read with SECRET_KEY or
SECRET_KEY_FALLBACKS, nothing is changed. Safe to run again: secrets already under the
current key are left as they are (portal/mfa.py).
"""

from allauth.mfa.models import Authenticator
from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.mfa import rotate_data


class Command(BaseCommand):
    help = "Re-encrypt every 2-step verification secret under the current SECRET_KEY."

    def handle(self, *args, **options) -> None:
        changed, unreadable = 0, []
        with transaction.atomic():
            authenticators = (
                Authenticator.objects.select_for_update()
                .filter(type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES])
                .order_by("pk")
            )
            for authenticator in authenticators:
                try:
                    data = rotate_data(authenticator.data or {})
                except InvalidToken:
                    unreadable.append(authenticator.pk)
                    continue
                if data != authenticator.data:
                    # A plain update: the secret is the same, so sessions stay signed in.
                    Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                    changed += 1
            if unreadable:
                names = ", ".join(f"authenticator {pk}" for pk in unreadable)
                raise CommandError(
                    f"{len(unreadable)} 2-step secrets could not be read with SECRET_KEY or "
                    f"SECRET_KEY_FALLBACKS ({names}). Nothing was changed. Put the old key in "
                    "SECRET_KEY_FALLBACKS, or delete those authenticators so their owners set "
                    "up 2-step verification again."
                )
        self.stdout.write(f"Re-encrypted the 2-step secrets of {changed} authenticators.")
