from django.core.management.base import BaseCommand

from privacy import services
from privacy.models import RetentionSetting


class Command(BaseCommand):
    help = (
        "Deactivate accounts not used for the retention period that network admins set "
        "(the daily scheduled task does the same). Network admins are never deactivated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many accounts would be deactivated.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        months = RetentionSetting.current().months
        if not months:
            self.stdout.write("Retention is off (0 months): no accounts are deactivated.")
            return
        if dry_run:
            count = services.unused_accounts().count()
            self.stdout.write(
                f"{count} account(s) not used for {months} months would be deactivated."
            )
            return
        count = services.deactivate_unused_accounts()
        self.stdout.write(f"Deactivated {count} account(s) not used for {months} months.")
