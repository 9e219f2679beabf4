"""What the sections of a run share: the plan, the loader, random numbers, and the ids of
what earlier sections made (kept as plain lists of ints so 35,000 people and 150,000
needs stay small in memory)."""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bench.scale.plan import Plan
from bench.scale.writer import Loader


@dataclass
class World:
    plan: Plan
    seed: int
    today: date
    loader: Loader
    domain: str  # email domain of this run's people: scale.example, or scale2.example...
    suffix: str  # added to area names when a database already holds a run ("" or " 2")
    generation: int
    now: datetime = field(init=False)
    counts: dict[str, int] = field(default_factory=dict)

    # Reference data
    theme_ids: dict[str, int] = field(default_factory=dict)  # slug -> id
    service_type_ids: dict[str, int] = field(default_factory=dict)  # name -> id

    # Geography and organisations (home ids, with their locality and ICB area)
    icb_ids: list[int] = field(default_factory=list)
    homes: list[int] = field(default_factory=list)
    home_icb: list[int] = field(default_factory=list)
    home_locality: list[int] = field(default_factory=list)
    homes_by_icb: dict[int, list[int]] = field(default_factory=dict)  # icb -> home indexes
    team_id: int = 0

    # People: (user id, organisation id); per home index, its members (manager first)
    home_members: list[list[int]] = field(default_factory=list)
    home_managers: list[int] = field(default_factory=list)
    learners: list[tuple[int, int]] = field(default_factory=list)  # managers and staff
    champions: list[tuple[int, int]] = field(default_factory=list)
    partners: list[tuple[int, int]] = field(default_factory=list)
    # Partners by the area of their organisation: they cover it and every area inside it.
    partners_by_area: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    workers: list[int] = field(default_factory=list)
    joined: dict[int, datetime] = field(default_factory=dict)

    # Needs, per home index (for projects that link a need)
    needs_by_home: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self):
        self.now = datetime.combine(self.today, time(9, 0), tzinfo=UTC)

    def rng(self, section: str) -> random.Random:
        """Random numbers of their own for each section, so changing one section does not
        change the rows of the others."""
        return random.Random(f"{self.seed}:{section}")

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def theme_list(self, slugs: list[str]) -> list[int]:
        return [self.theme_ids[s] for s in slugs if s in self.theme_ids]


def split(total: int, parts: int, rng: random.Random, *, minimum: int = 0) -> list[int]:
    """`total` shared out over `parts` at random, each at least `minimum` (when possible);
    the shares always add up to `total`."""
    if parts <= 0:
        return []
    floor = min(minimum, total // parts)
    shares = [floor] * parts
    pick = rng.randrange
    for _ in range(total - floor * parts):
        shares[pick(parts)] += 1
    return shares


def at_day(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)
