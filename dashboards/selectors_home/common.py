"""What every section of the home dashboard shares: the period, the places compared (the
home, its ICB area, the network) and a figure shown for all three."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from network.models import Area, Organisation
from network.roles import OrganisationKind
from network.selectors_directory import AreaTree
from portal import figures_cache
from portal.charts import bar_chart
from portal.forms import london_datetime
from portal.small_numbers import is_small, people_text

# The periods a home dashboard can show, in months, and the one it starts with.
PERIODS = {3: "the last 3 months", 12: "the last 12 months", 24: "the last 2 years"}
DEFAULT_MONTHS = 12
NOT_SHOWN = "not shown"
SCOPES = ("home", "area", "network")


# --- The period and the places compared --------------------------------------------------


@dataclass(frozen=True)
class Period:
    months: int
    start: date  # the first day counted
    end: date  # the last day counted (today)

    @property
    def label(self) -> str:
        return PERIODS.get(self.months, f"the last {self.months} months")

    @property
    def dates_label(self) -> str:
        return f"{_long(self.start)} to {_long(self.end)}"

    @property
    def starts_at(self) -> datetime:
        return london_datetime(self.start, time.min)

    @property
    def ends_at(self) -> datetime:
        return london_datetime(self.end + timedelta(days=1), time.min)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def period_of(months: int, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(months, months_before(today, months) + timedelta(days=1), today)


def comparison_area(tree: AreaTree, home: Organisation) -> Area:
    """The home's ICB area (or its own area when it is not inside one)."""
    area = tree.by_id.get(home.area_id) or home.area
    current = area
    seen = set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        if current.kind == Area.Kind.ICB:
            return current
        current = tree.by_id.get(current.parent_id)
    return area


@dataclass(frozen=True)
class Places:
    """This home, its comparison area (with every area inside it) and how many care homes
    each holds."""

    home: Organisation
    area: Area
    area_ids: frozenset[int]
    area_homes: int
    network_homes: int

    def q(self, scope: str, prefix: str) -> Q:
        """Rows of one scope, reached from the row through `prefix` ("organisation")."""
        if scope == "home":
            return Q(**{prefix: self.home.pk})
        if scope == "area":
            return Q(**{f"{prefix}__area_id__in": sorted(self.area_ids)})
        return Q()

    def homes(self, scope: str) -> int:
        return {"home": 1, "area": self.area_homes, "network": self.network_homes}[scope]


def places_for(home: Organisation, tree: AreaTree) -> Places:
    area = comparison_area(tree, home)
    area_ids = frozenset(tree.descendants(area.pk))
    counts = Organisation.objects.filter(kind=OrganisationKind.CARE_HOME).aggregate(
        network=Count("pk"), area=Count("pk", filter=Q(area_id__in=sorted(area_ids)))
    )
    return Places(home, area, area_ids, counts["area"], counts["network"])


# --- One figure, three places -------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One row of a comparison table: what this home shows, and the average home in the
    area and the network (already as text)."""

    label: str
    home: str
    area: str
    network: str
    hint: str = ""
    # The home's number for a chart bar (None when hidden or not a count).
    home_value: float | None = None
    area_value: float | None = None
    network_value: float | None = None


def _per_home(total: int | None, homes: int) -> float | None:
    return (total or 0) / homes if homes else None


def _average_text(value: float | None) -> str:
    if value is None:
        return NOT_SHOWN
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def count_figure(label: str, totals: dict, places: Places, hint: str = "") -> Figure:
    """A count of things (needs, projects, cycles): the home's number and the averages."""
    area = _per_home(totals["area"], places.area_homes)
    network = _per_home(totals["network"], places.network_homes)
    return Figure(
        label,
        f"{totals['home'] or 0:,}",
        _average_text(area),
        _average_text(network),
        hint,
        totals["home"] or 0,
        area,
        network,
    )


def people_figure(label: str, people: dict, places: Places, hint: str = "") -> Figure:
    """A count of people: 1 to 4 reads "fewer than 5"; an average per home is not shown
    when fewer than 5 people are behind it."""
    values = {}
    for scope in ("area", "network"):
        total = people[scope] or 0
        values[scope] = None if is_small(total) else _per_home(total, places.homes(scope))
    home = people["home"] or 0
    return Figure(
        label,
        people_text(home),
        _average_text(values["area"]),
        _average_text(values["network"]),
        hint,
        None if is_small(home) else home,
        values["area"],
        values["network"],
    )


def done_figure(label: str, done: dict, people: dict, places: Places, hint: str = "") -> Figure:
    """A count of things people did: not shown when 1 to 4 people did them."""
    values = {}
    for scope in SCOPES:
        hidden = is_small(people[scope] or 0)
        values[scope] = None if hidden else _per_home(done[scope], places.homes(scope))
    home = NOT_SHOWN if values["home"] is None else f"{done['home'] or 0:,}"
    return Figure(
        label,
        home,
        _average_text(values["area"]),
        _average_text(values["network"]),
        hint,
        values["home"],
        values["area"],
        values["network"],
    )


def comparison_chart(figure: Figure, places: Places, *, title: str, unit: str) -> dict:
    """Three bars: this home, the average home in the area, the average home overall."""
    rows = [
        (places.home.name, figure.home_value, figure.home),
        (f"Average home in {places.area.name}", figure.area_value, figure.area),
        ("Average home in the network", figure.network_value, figure.network),
    ]
    return bar_chart(
        rows,
        title=title,
        description=f"{unit} at {places.home.name}, next to the average care home in "
        f"{places.area.name} and in the whole network. A figure that is not shown has no bar.",
    )


# --- Totals for the home, its area and the network -----------------------------------------

# name -> spec(period, *extra) -> (queryset, prefix to the home, build(where) -> {name: aggregate},
# field to group by or None). build() is called once per scope with that scope's filter.
_SPECS: dict = {}


def comparison_spec(name: str):
    def register(spec):
        _SPECS[name] = spec
        return spec

    return register


def _totals(name: str, period: Period, extra: tuple, places: Places, scopes, home_only: bool):
    queryset, prefix, build, group = _SPECS[name](period, *extra)
    if home_only:
        queryset = queryset.filter(places.q("home", prefix))
    sums = {f"{k}_{s}": agg for s in scopes for k, agg in build(places.q(s, prefix)).items()}
    if group is None:
        return {None: queryset.aggregate(**sums)}
    rows = queryset.values(group).annotate(**sums).order_by(group)
    return {row[group]: {k: v for k, v in row.items() if k != group} for row in rows}


def place_totals(name: str, places: Places, period: Period, *extra) -> dict:
    """{group: {"<figure>_<scope>": value}} for the home, its area and the network ({None:
    ...} when not grouped; a group with no rows in a scope reads None there).

    The home's own totals are counted now (a few rows). The area's and the network's are
    the same for every home in the area, so they are worked out once and kept in the figures
    cache (portal/figures_cache.py) until the data changes: national totals read millions
    of rows."""
    home = _totals(name, period, extra, places, ("home",), True)
    key = (name, places.area.pk, period.months, period.start, period.end, *extra)
    wide = figures_cache.figures(
        "home-comparison",
        key,
        lambda: _totals(name, period, extra, places, ("area", "network"), False),
    ).value
    build = _SPECS[name](period, *extra)[2]
    names = [f"{k}_{s}" for k in build(Q()) for s in SCOPES]
    return {
        group: {**dict.fromkeys(names), **wide.get(group, {}), **home.get(group, {})}
        for group in sorted(set(home) | set(wide), key=lambda g: (g is not None, g or ""))
    }


def _rebuild_comparison(key: tuple) -> dict:
    name, area_pk, months, start, end, *extra = key
    tree = AreaTree.load()
    places = Places(None, tree.by_id[area_pk], frozenset(tree.descendants(area_pk)), 0, 0)
    period = Period(months, start, end)
    return _totals(name, period, tuple(extra), places, ("area", "network"), False)


figures_cache.register("home-comparison", _rebuild_comparison)
