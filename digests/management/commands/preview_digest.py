from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from digests.content import build_digest, frequency_of, skip_reason
from digests.emails import digest_message
from digests.models import Frequency
from digests.periods import last_complete_period, parse_period
from network.models import User


class Command(BaseCommand):
    help = (
        "Print the digest one person would get for a period (by default the one just ended "
        "for how often they chose), or why they would get nothing. Sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's email address")
        parser.add_argument("--period", help="a week like 2026-W48 or a day like 2026-11-24")
        parser.add_argument("--html", action="store_true", help="print the HTML part")

    def handle(self, *args, email: str, period: str | None, html: bool, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Nobody has the email address {email}.")
        if period:
            try:
                chosen = parse_period(period)
            except ValueError:
                raise CommandError("Give the period like 2026-W48 or 2026-11-24.") from None
        else:
            frequency = frequency_of(user)
            if frequency == Frequency.NONE:
                frequency = Frequency.WEEKLY
            chosen = last_complete_period(frequency, timezone.localdate())
        reason = skip_reason(user, chosen)
        if reason:
            self.stdout.write(f"Nothing to send: {reason}.")
            return
        digest = build_digest(user, chosen)
        if digest is None:
            self.stdout.write(f"Nothing to send: nothing new for them in {chosen.label}.")
            return
        message = digest_message(user, digest)
        body = message.alternatives[0][0] if html else message.body
        self.stdout.write(f"To: {message.to[0]}\nSubject: {message.subject}\n\n{body}")
