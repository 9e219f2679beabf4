from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bench.scale.people import SCALE_PASSWORD
from bench.scale.run import ScaleDataExists, seed_scale


class Command(BaseCommand):
    help = (
        "Generate a national synthetic data set for benchmarks: at --scale 1.0, 42 ICB areas, "
        "15,000 care homes, 35,000 people and their needs, surveys, projects, training and "
        f"events. Every generated person signs in with the password {SCALE_PASSWORD!r} "
        "(emails like manager.00001@scale.example); partners, project workers and admins "
        "use the demo 2-step code (manage.py demo_code). Adds to the demo network or an "
        "empty database; refuses if scale data is already there unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1.0 is England; 0.01 is a quick small run."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same rows.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Add another set even though the database already has scale data.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )

    def handle(self, *args, scale: float, seed: int, yes: bool, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_scale adds accounts with a published password. It will not run when "
                "DEBUG is off unless you pass --force."
            )
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        try:
            result = seed_scale(
                scale=scale,
                seed=seed,
                today=timezone.localdate(),
                add_another=yes,
                say=self.stdout.write,
            )
        except ScaleDataExists as error:
            raise CommandError(f"{error} Pass --yes to add another set on top.") from None
        self.stdout.write("\nRows generated:")
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<40} {count:>10,}")
        total = sum(result.counts.values())
        self.stdout.write(
            f"\n{total:,} rows in {result.seconds:.1f} s. Sign in as manager.00001@"
            f"{result.domain} (or staff., partner., worker., admin.) with {SCALE_PASSWORD!r}."
        )
