from celery import current_app
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from digests import services
from digests.models import Frequency
from digests.periods import parse_period


class Command(BaseCommand):
    help = (
        "Send the digest of a past period to the people who have not had it: nobody has a "
        "row for them yet (the schedule missed them) or their worker died part-way. "
        "Anyone already sent, or skipped for having nothing new, is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            required=True,
            help='A week such as "2026-W48" or a day such as "2026-11-24".',
        )
        parser.add_argument(
            "--frequency",
            choices=[Frequency.WEEKLY, Frequency.DAILY],
            help="Optional check: the period must be of this kind.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would get it; send nothing."
        )

    def handle(self, *args, period: str, frequency: str | None, dry_run: bool, **options):
        try:
            found = parse_period(period.strip())
        except ValueError as error:
            raise CommandError(
                f'"{period}" is not a period: use a week such as 2026-W48 '
                "or a day such as 2026-11-24."
            ) from error
        if frequency and frequency != found.frequency:
            raise CommandError(f"{found.key} is a {found.frequency} period, not {frequency}.")
        if found.end > timezone.now():
            raise CommandError(
                f"{found.label[0].upper()}{found.label[1:]} has not ended yet: "
                "its digest goes out once it has."
            )
        user_ids = services.backfill_user_ids(found)
        people = f"{len(user_ids)} {'person' if len(user_ids) == 1 else 'people'}"
        self.stdout.write(self._counts_line(found, "So far"))
        if dry_run:
            self.stdout.write(f"Would send the {found.frequency} digest to {people}. Nothing sent.")
            return
        batches = services.queue_batches(found, user_ids)
        self.stdout.write(
            f"Queued the {found.frequency} digest for {found.label} to {people} "
            f"in {batches} batch{'' if batches == 1 else 'es'}."
        )
        if current_app.conf.task_always_eager:
            self.stdout.write(self._counts_line(found, "Now"))
        else:
            self.stdout.write("The workers send them now; the admin's digest log shows progress.")

    def _counts_line(self, period, when: str) -> str:
        counts = services.counts(period)
        parts = [f"{counts[status]} {status}" for status in counts if counts[status]]
        return f"{when} for {period.key}: {', '.join(parts) or 'nothing sent'}."
