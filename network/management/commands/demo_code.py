import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from network import demo


def current_demo_code() -> str:
    return format_hotp_value(hotp_value(demo.DEMO_TOTP_SECRET, int(time.time()) // 30))


class Command(BaseCommand):
    help = "Print the current 2-step verification code for the demo partner, worker and admin."

    def handle(self, *args, **options):
        seconds_left = 30 - int(time.time()) % 30
        self.stdout.write(f"{current_demo_code()}  (changes in {seconds_left} seconds)")
