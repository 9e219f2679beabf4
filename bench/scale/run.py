"""One run of seed_scale: checks, one transaction, the sections in order, the report.

On PostgreSQL the rows go in with COPY inside one transaction. Foreign keys are checked
by triggers; when the database user may (a superuser), the run sets
session_replication_role to replica for its own transaction only (SET LOCAL), which
skips those triggers: the generator makes every id it points at itself, and the tests
check that no row points nowhere. Without that right, constraints are checked at the end
of each COPY instead of all at the commit.
"""

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import DatabaseError, connection, transaction

from bench.scale import events, needs, people, projects, surveys, training
from bench.scale.plan import Plan, plan_for
from bench.scale.world import World
from bench.scale.writer import Loader
from network.models import ServiceType, Theme, User
from network.reference_data import ensure_service_types, ensure_themes

SECTIONS = [
    ("people", people.build),
    ("needs", needs.build),
    ("surveys", surveys.build),
    ("projects", projects.build),
    ("training", training.build),
    ("events", events.build),
]


class ScaleDataExists(Exception):
    """The database already holds a scale run (and --yes was not given)."""


@dataclass
class Result:
    plan: Plan
    domain: str
    counts: dict[str, int]  # model label -> rows made
    seconds: float


def domain_for(generation: int) -> str:
    return "scale.example" if generation == 1 else f"scale{generation}.example"


def next_generation(*, add_another: bool) -> int:
    """1 for a database without scale data; with `add_another`, the next free number."""
    generation = 1
    while User.objects.filter(email__endswith="@" + domain_for(generation)).exists():
        if not add_another:
            raise ScaleDataExists(
                f"This database already has scale data (people @{domain_for(generation)})."
            )
        generation += 1
    return generation


def seed_scale(
    *,
    scale: float,
    seed: int,
    today: date,
    add_another: bool = False,
    say: Callable[[str], None] = print,
) -> Result:
    plan = plan_for(scale)
    started = time.perf_counter()
    with transaction.atomic():
        generation = next_generation(add_another=add_another)
        ensure_service_types(ServiceType)
        ensure_themes(Theme)
        loader = Loader(now=datetime.now(UTC))
        world = World(
            plan=plan,
            seed=seed,
            today=today,
            loader=loader,
            domain=domain_for(generation),
            suffix="" if generation == 1 else f" {generation}",
            generation=generation,
        )
        world.theme_ids = dict(Theme.objects.values_list("slug", "pk"))
        world.service_type_ids = dict(ServiceType.objects.values_list("name", "pk"))
        fast = _fast_load_on()
        try:
            for name, build in SECTIONS:
                _section(world, name, build, say)
            loader.finish()
        finally:
            if fast:
                with contextlib.suppress(DatabaseError):
                    _fast_load_off()
    if loader.postgres:
        begun = time.perf_counter()
        loader.analyze()
        say(f"  analyze: {time.perf_counter() - begun:.1f} s")
    counts = {t.model._meta.label: t.count for t in loader.tables.values()}
    return Result(plan, world.domain, counts, time.perf_counter() - started)


def _section(world: World, name: str, build, say) -> None:
    begun = time.perf_counter()
    before = set(world.loader.tables)
    build(world)
    world.loader.flush_all()
    seconds = time.perf_counter() - begun
    say(f"{name}: {seconds:.1f} s")
    for model, table in world.loader.tables.items():
        if model not in before:
            say(f"  {table.name:<40} {table.count:>10,} rows  {table.seconds:7.1f} s writing")


def _fast_load_on() -> bool:
    """Skip foreign key triggers for this transaction if allowed; True if they are off."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
            return True
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return False


def _fast_load_off() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def today_utc() -> date:
    return datetime.now(UTC).date()
