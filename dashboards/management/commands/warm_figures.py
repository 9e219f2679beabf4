from django.core.management.base import BaseCommand

from dashboards.warm import warm


class Command(BaseCommand):
    help = (
        "Work out the dashboards people open most (whole network, each partner's areas, "
        "home dashboard averages) and keep them in the cache."
    )

    def handle(self, *args, **options):
        count = warm(report=self.stdout.write)
        self.stdout.write(f"{count} sets of figures ready.")
