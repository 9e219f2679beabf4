from django.core.management.base import BaseCommand

from portal.outbox import flush_outbox


class Command(BaseCommand):
    help = "Queue again the tasks kept while the task broker (Redis) was down."

    def handle(self, *args, **options):
        sent, left = flush_outbox()
        self.stdout.write(f"Queued {sent} kept task(s); {left} still waiting.")
