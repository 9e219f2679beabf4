"""Results: each measure month by month for the network, an area or a home, as the
person asking may see them, with an XmR chart drawn by the qi_cycles chart code.

    viewer = access.viewer_for(request.user, request.membership)
    series = measure_series(measure, viewer, scope=network_scope(), months=months)

Totals are summed in the database (one query per series, or one for every measure at
once in `latest_summaries`), so the number of queries does not grow with homes or months.

Rules for what is shown:
- A count is the sum of the homes' figures. A rate is the sum of numerators ÷ the sum of
  denominators, worked out only for months where the same homes sent both.
- Where a measure counts people, a total of 1 to 4 reads "fewer than 5", and a rate worked
  out from fewer than 5 people (or from 1 to 4) is not shown (portal.small_numbers). A
  home's own staff and project workers see the home's figures exactly as sent.
- Totals shown to care home members come from at least 3 homes (access.Viewer.min_homes).
- A month whose window is still open is left out of total charts (not every home has sent
  yet); the table says so. A home's own chart includes it once sent.
- A chart is drawn only when every month can be shown: with a hidden month it would give
  the hidden figure away. The table still lists each month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum

from network.models import Organisation
from outcomes import windows
from outcomes.access import Viewer
from outcomes.models import NetworkMeasure, ReturnValue
from portal import small_numbers
from qi_cycles import charts

MONTHS_SHOWN = 24
NETWORK, AREA, HOME = "network", "area", "home"


@dataclass(frozen=True)
class Scope:
    """Whose figures: the whole network, the homes in some areas, or one home."""

    kind: str
    label: str
    area_ids: frozenset[int] | None = None
    home: Organisation | None = None

    def where(self, prefix: str = "monthly_return__") -> Q:
        if self.kind == HOME:
            return Q(**{f"{prefix}home": self.home})
        if self.kind == AREA:
            return Q(**{f"{prefix}home__area_id__in": sorted(self.area_ids or ())})
        return Q()

    @property
    def in_text(self) -> str:
        """The label inside a sentence: "the whole network", "Southampton"."""
        return self.label[:1].lower() + self.label[1:] if self.kind == NETWORK else self.label

    @property
    def key(self) -> str:
        if self.kind == HOME:
            return f"home-{self.home.pk}"
        return self.kind if self.kind == NETWORK else f"area-{min(self.area_ids or {0})}"


def network_scope() -> Scope:
    return Scope(NETWORK, "The whole network")


def area_scope(viewer: Viewer, area_id: int) -> Scope:
    area = viewer.tree.by_id[area_id]
    return Scope(AREA, area.name, frozenset(viewer.tree.descendants(area_id)))


def home_scope(home: Organisation) -> Scope:
    return Scope(HOME, home.name, home=home)


@dataclass
class Cell:
    """One count summed over a scope for one month."""

    total: int = 0
    homes: int = 0
    corrected: int = 0
    late: int = 0


@dataclass
class Point:
    month: date
    value: float | None  # None: nothing sent, not shown, or not worked out
    text: str
    homes: int = 0
    corrected: bool = False
    late: bool = False
    provisional: bool = False  # the month's window is still open
    hidden: bool = False  # held back by the small-number rules
    signal: str = ""

    @property
    def label(self) -> str:
        return windows.month_label(self.month)


@dataclass
class Series:
    measure: NetworkMeasure
    scope: Scope
    points: list[Point]
    chart: dict | None = None
    note: str = ""  # why there is no chart
    exact: bool = False  # figures as sent (a home's own staff, project workers)
    summary: dict = field(default_factory=dict)

    @property
    def latest(self) -> Point | None:
        shown = [p for p in self.points if p.homes and not p.provisional]
        return shown[-1] if shown else None

    @property
    def corrected_count(self) -> int:
        return sum(1 for p in self.points if p.corrected)


@dataclass(frozen=True)
class ChartMeasure:
    """What qi_cycles.charts reads from a measure (it was written for project measures)."""

    pk: str
    name: str
    unit: str
    direction: str
    target: float | None
    chart_kind: str = charts.XMR
    frequency: str = "monthly"
    fix_after_n_points: int | None = None
    screen_outliers: bool = True


@dataclass(frozen=True)
class ChartValue:
    date: date
    value: float
    pk: None = None


def parts_of(measure: NetworkMeasure) -> list[int]:
    return [measure.numerator_id, measure.denominator_id] if measure.is_rate else [measure.pk]


def cells(measure_ids, scope: Scope, months: list[date]) -> dict[tuple[int, date], Cell]:
    """(measure id, month) -> Cell for the scope (one query)."""
    rows = (
        ReturnValue.objects.filter(
            scope.where(),
            measure_id__in=sorted(set(measure_ids)),
            monthly_return__month__gte=months[0],
            monthly_return__month__lte=months[-1],
        )
        .values("measure_id", "monthly_return__month")
        .annotate(
            total=Sum("value"),
            homes=Count("pk"),
            corrected=Count("pk", filter=Q(corrected_at__isnull=False)),
            late=Count("pk", filter=Q(monthly_return__is_late=True)),
        )
        .order_by()
    )
    return {
        (r["measure_id"], r["monthly_return__month"]): Cell(
            r["total"], r["homes"], r["corrected"], r["late"]
        )
        for r in rows
    }


def _count_point(measure, cell: Cell, month, *, exact: bool, min_homes: int) -> Point:
    point = Point(month, None, "no figures sent", cell.homes, bool(cell.corrected), bool(cell.late))
    if not cell.homes:
        return point
    if cell.homes < min_homes:
        point.text, point.hidden = f"not shown (fewer than {min_homes} homes sent figures)", True
    elif measure.counts_people and not exact and small_numbers.is_small(cell.total):
        point.text, point.hidden = small_numbers.FEWER_THAN_5, True
    else:
        point.value, point.text = float(cell.total), f"{cell.total:,}"
    return point


def _rate_point(measure, part: Cell, whole: Cell, month, *, exact: bool, min_homes: int) -> Point:
    homes = whole.homes
    point = Point(
        month,
        None,
        "no figures sent",
        homes,
        bool(part.corrected or whole.corrected),
        bool(part.late or whole.late),
    )
    if not homes:
        return point
    if part.homes != whole.homes:
        point.text = "not worked out (not every home sent both figures)"
    elif homes < min_homes:
        point.text, point.hidden = f"not shown (fewer than {min_homes} homes sent figures)", True
    elif not whole.total:
        point.text = f"not worked out (no {measure.denominator.title.lower()})"
    elif (
        measure.counts_people and not exact and not small_numbers.rate_text(part.total, whole.total)
    ):
        point.text, point.hidden = "not shown (fewer than 5 people)", True
    else:
        point.value = round(100 * part.total / whole.total, 1)
        point.text = f"{charts.number_text(point.value)}% ({part.total:,} of {whole.total:,})"
        if measure.counts_people and not exact:
            point.text = f"{charts.number_text(point.value)}%"
    return point


def trim(months: list[date], found: dict[tuple[int, date], Cell]) -> list[date]:
    """The months from the first with any figures (for any measure in `found`)."""
    sent = {month for (_, month) in found}
    first = next((i for i, month in enumerate(months) if month in sent), len(months) - 1)
    return months[first:]


def build_points(
    measure: NetworkMeasure,
    found: dict[tuple[int, date], Cell],
    months: list[date],
    *,
    exact: bool,
    min_homes: int,
    open_month: date | None,
    hide_open: bool = False,
) -> list[Point]:
    """`hide_open`: totals for a month whose window is still open are not shown: as each
    home sends, the change in the total would give away that home's figure."""
    points = []
    for month in months:
        if measure.is_rate:
            part = found.get((measure.numerator_id, month), Cell())
            whole = found.get((measure.denominator_id, month), Cell())
            point = _rate_point(measure, part, whole, month, exact=exact, min_homes=min_homes)
        else:
            cell = found.get((measure.pk, month), Cell())
            point = _count_point(measure, cell, month, exact=exact, min_homes=min_homes)
        point.provisional = open_month is not None and month >= open_month
        if point.provisional and hide_open and not point.hidden:
            point.value, point.hidden = None, True
            point.text = "not shown until every home has had the chance to send"
        points.append(point)
    return points


def _chart_measure(measure: NetworkMeasure, scope: Scope) -> ChartMeasure:
    # A count's target is for one home in a month; a rate's holds at any level.
    target = None
    if measure.target is not None and (measure.is_rate or scope.kind == HOME):
        target = float(measure.target)
    return ChartMeasure(
        pk=f"{measure.pk}-{scope.key}",
        name=f"{measure.title}, {scope.in_text}",
        unit="%" if measure.is_rate else measure.unit,
        direction=measure.direction,
        target=target,
    )


def chart_points(series: Series) -> list[Point]:
    """The months drawn: sent, shown, and (for totals) with the window closed."""
    own = series.scope.kind == HOME
    return [p for p in series.points if p.value is not None and (own or not p.provisional)]


def add_chart(series: Series, *, draw: bool = True) -> Series:
    """Give the series its chart (or a note saying why there is none) and its summary
    (the one-line summary and Making Data Count icons)."""
    # A month still open is never drawn for a total (chart_points), so hiding it gives
    # nothing away; any other hidden month would show through the chart's shape.
    if any(p.hidden and not p.provisional for p in series.points):
        series.note = (
            "The chart is not shown because some months cannot be shown (see the table): "
            "drawing it would give those figures away."
        )
        return series
    drawn = chart_points(series)
    if len(drawn) < 2:
        series.note = "There are not enough months with figures to draw a chart yet."
        return series
    chart_measure = _chart_measure(series.measure, series.scope)
    values = [ChartValue(p.month, p.value) for p in drawn]
    if draw:
        series.chart = charts.measure_chart(chart_measure, values, [], [], kind=charts.XMR)
        signals = {row["date"]: row["signal"] for row in series.chart["rows"]}
        for point in series.points:
            point.signal = signals.get(point.month, "")
        summary = {
            key: series.chart[key]
            for key in (
                "summary",
                "variation_icon",
                "variation_label",
                "assurance_icon",
                "assurance_label",
            )
        }
    else:
        summary = charts.summarise(chart_measure, values, [], kind=charts.XMR)
    if series.corrected_count:
        n = series.corrected_count
        summary["summary"] += (
            f" {n} month{'s' if n != 1 else ''} include{'s' if n == 1 else ''} a figure "
            "corrected after it was sent (marked in the table)."
        )
    series.summary = summary
    return series


def measure_series(
    measure: NetworkMeasure,
    viewer: Viewer,
    *,
    scope: Scope,
    months: list[date],
    open_month: date | None,
) -> Series:
    """The measure month by month for one scope, with its chart (one query)."""
    exact = scope.kind == HOME and viewer.exact_for(scope.home)
    min_homes = 1 if scope.kind == HOME else viewer.min_homes
    found = cells(parts_of(measure), scope, months)
    points = build_points(
        measure,
        found,
        trim(months, found),
        exact=exact,
        min_homes=min_homes,
        open_month=open_month,
        hide_open=_hide_open(viewer, scope),
    )
    return add_chart(Series(measure, scope, points, exact=exact))


def _hide_open(viewer: Viewer, scope: Scope) -> bool:
    """Open-month totals are for project workers, who chase the returns; a single home's
    own figures are shown as they arrive."""
    return not viewer.network_wide and scope.kind != HOME


def latest_summaries(
    measures: list[NetworkMeasure],
    viewer: Viewer,
    *,
    scope: Scope,
    months: list[date],
    open_month: date | None,
) -> list[Series]:
    """Every measure's series for one scope, with summary and icons but no chart geometry
    (one query for all of them)."""
    ids = [pk for m in measures for pk in parts_of(m)]
    if not ids:
        return []
    found = cells(ids, scope, months)
    min_homes = 1 if scope.kind == HOME else viewer.min_homes
    exact = scope.kind == HOME and viewer.exact_for(scope.home)
    out = []
    for measure in measures:
        points = build_points(
            measure,
            found,
            months,
            exact=exact,
            min_homes=min_homes,
            open_month=open_month,
            hide_open=_hide_open(viewer, scope),
        )
        out.append(add_chart(Series(measure, scope, points, exact=exact), draw=False))
    return out


def month_range(latest: date, count: int = MONTHS_SHOWN) -> list[date]:
    return windows.months_back(latest, count)


def homes_in_areas(area_ids: set[int] | None):
    """Care homes in these areas (None: all), by name."""
    from network.roles import OrganisationKind

    qs = Organisation.objects.filter(kind=OrganisationKind.CARE_HOME).only("pk", "name", "area_id")
    if area_ids is not None:
        qs = qs.filter(area_id__in=sorted(area_ids))
    return qs.order_by("name")


def default_area(viewer: Viewer) -> int | None:
    """The area shown first: a care home member's smallest area with enough homes for its
    totals to be shown; a partner's own area (the top one); nobody else."""
    if viewer.network_wide:
        return None
    if viewer.own_home is not None:
        return None  # care home members see the network total only (outcomes.access)
    roots = [
        pk for pk in viewer.area_ids or () if viewer.tree.by_id[pk].parent_id not in viewer.area_ids
    ]
    return sorted(roots, key=lambda pk: viewer.tree.by_id[pk].name)[0] if roots else None
