from django.core.management.base import BaseCommand

from network import demo
from network.roles import MFA_REQUIRED_ROLES, Role


class Command(BaseCommand):
    help = "Print the demo sign-ins."

    def handle(self, *args, **options):
        out = self.stdout.write
        out("")
        out(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD})")
        for person in demo.SIGNINS:
            mfa = "  [2-step verification]" if person.role in MFA_REQUIRED_ROLES else ""
            out(f"  {person.email:<28} {Role(person.role).label} – {person.organisation}{mfa}")
        out("")
        out(f"2-step verification: add the secret {demo.DEMO_TOTP_SECRET} to an authenticator app,")
        out("or print the current code with:  .venv/bin/python manage.py demo_code")
        out("")
