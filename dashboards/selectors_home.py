"""Reads for the home dashboard and the home summary PDF: one care home next to the
average care home in its area and in the whole network.

- The area is the home's ICB area (a locality holds only a few homes, too few for a fair
  average); a home that sits straight in a region is compared with its region.
- Averages are per care home: the area's total divided by its number of care homes
  ("2.4 needs per home"). A median (days to a first response) is the median of every need
  in the area or network, not an average of medians.
- Improvement figures count the projects the viewer may see: everything for the home's own
  members, project workers and admins; only projects shared with the network for partners
  (and then the area and network figures count shared projects too, so like is compared
  with like). Home-only projects are never named to partners.
- Small numbers (portal/small_numbers.py): counts of people from 1 to 4 read "fewer than
  5"; a count of things people did (sessions completed, events attended) or an average is
  not shown when fewer than 5 people are behind it.

Every section is one or two aggregate queries over all homes at once, so the page takes
the same number of queries whatever the size of the network.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)
from django.utils import timezone

from dashboards.sections.needs import wait_text as area_wait_text
from network.models import Area, Organisation, Registration, User
from network.roles import OrganisationKind
from network.selectors import is_network_wide, membership_in
from network.selectors_directory import AreaTree
from portal.charts import bar_chart
from portal.forms import london_datetime
from portal.small_numbers import is_small, mean_text, people_text
from qi_cycles import charts
from qi_cycles.models import Annotation, Cycle, Measure, MeasureValue, Project
from surveys.models import Answer, Need
from training.models import CascadeDelivery, LearningRecord

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


# --- Needs ---------------------------------------------------------------------------------


class _Median(Aggregate):
    """PostgreSQL's median (percentile_cont); other databases work it out in Python."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _wait() -> ExpressionWrapper:
    return ExpressionWrapper(F("first_response_at") - F("created_at"), output_field=DurationField())


def median_waits(needs, places: Places) -> dict[str, timedelta | None]:
    """The median time from posting to a first response, for each scope (one query)."""
    answered = needs.filter(first_response_at__isnull=False)
    if connection.vendor == "postgresql":
        return answered.aggregate(
            **{s: _Median(_wait(), filter=places.q(s, "organisation")) for s in SCOPES}
        )
    waits: dict[str, list[timedelta]] = defaultdict(list)
    for org_id, area_id, posted, answered_at in answered.values_list(
        "organisation_id", "organisation__area_id", "created_at", "first_response_at"
    ):
        wait = answered_at - posted
        waits["network"].append(wait)
        if area_id in places.area_ids:
            waits["area"].append(wait)
        if org_id == places.home.pk:
            waits["home"].append(wait)
    return {s: median(waits[s]) if waits[s] else None for s in SCOPES}


def wait_text(wait: timedelta | None) -> str:
    """As on the area dashboard ("5 hours", "2.5 days"); "no responses yet" with nothing
    to measure."""
    return area_wait_text(wait) if wait is not None else "no responses yet"


def needs_section(places: Places, period: Period) -> dict:
    needs = Need.objects.filter(organisation__kind=OrganisationKind.CARE_HOME).order_by()
    posted = Q(created_at__gte=period.starts_at, created_at__lt=period.ends_at)
    met = Q(status=Need.Status.MET, closed_at__gte=period.starts_at, closed_at__lt=period.ends_at)
    still_open = Q(status__in=Need.OPEN_STATUSES)
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "organisation")
        sums[f"posted_{scope}"] = Count("pk", filter=where & posted)
        sums[f"met_{scope}"] = Count("pk", filter=where & met)
        sums[f"open_{scope}"] = Count("pk", filter=where & still_open)
    totals = needs.aggregate(**sums)

    def of(name: str) -> dict:
        return {scope: totals[f"{name}_{scope}"] for scope in SCOPES}

    waits = median_waits(needs.filter(posted), places)
    figures = [
        count_figure("Needs posted", of("posted"), places, f"Asked for help in {period.label}"),
        count_figure("Open now", of("open"), places, "Open or being addressed today"),
        count_figure("Met", of("met"), places, f"Marked as met in {period.label}"),
        Figure(
            "Time to a first response",
            wait_text(waits["home"]),
            wait_text(waits["area"]),
            wait_text(waits["network"]),
            "Half of the needs posted had a first response within this time (the median)",
        ),
    ]
    chart = comparison_chart(
        figures[0], places, title=f"Needs posted in {period.label}", unit="Needs posted"
    )
    return {"figures": figures, "chart": chart, "posted": totals["posted_home"]}


# --- Improvement ---------------------------------------------------------------------------


def sees_all_projects(user: User, home: Organisation) -> bool:
    """Members of the home, project workers and admins see its home-only projects."""
    if is_network_wide(user):
        return True
    membership = membership_in(user, home)
    return membership is not None and membership.role in ("manager", "staff")


def improvement_section(user: User, places: Places, period: Period) -> dict:
    shared_only = not sees_all_projects(user, places.home)
    projects = Project.objects.filter(home__kind=OrganisationKind.CARE_HOME).order_by()
    if shared_only:
        projects = projects.filter(visibility=Project.Visibility.SHARED)
    # Named n_home...: an annotation called "home" would hide the project's home field.
    by_status = {
        row["status"]: {s: row[f"n_{s}"] for s in SCOPES}
        for row in projects.values("status").annotate(
            **{f"n_{s}": Count("pk", filter=places.q(s, "home")) for s in SCOPES}
        )
    }
    statuses = []
    for status, label in Project.Status.choices:
        row = by_status.get(status, dict.fromkeys(SCOPES, 0))
        statuses.append(count_figure(label, row, places))
    total = {s: sum(row[s] for row in by_status.values()) for s in SCOPES}
    cycles = Cycle.objects.filter(
        project__in=projects.values("pk"),
        starts_on__gte=period.start,
        starts_on__lte=period.end,
    ).order_by()
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "project__home")
        sums[f"started_{scope}"] = Count("pk", filter=where)
        for decision in Cycle.Decision.values:
            sums[f"{decision}_{scope}"] = Count("pk", filter=where & Q(decision=decision))
    counts = cycles.aggregate(**sums)

    def of(name: str) -> dict:
        return {scope: counts[f"{name}_{scope}"] for scope in SCOPES}

    cycle_figures = [
        count_figure("PDSA cycles started", of("started"), places, f"In {period.label}"),
        count_figure("Changes adopted", of("adopt"), places, "Kept as they were tested"),
        count_figure("Changes adapted", of("adapt"), places, "Changed and tested again"),
        count_figure("Changes abandoned", of("abandon"), places, "Stopped: they did not help"),
    ]
    return {
        "shared_only": shared_only,
        "total": count_figure("All projects", total, places),
        "statuses": statuses,
        "cycles": cycle_figures,
        "measures": key_measures(user, places.home, shared_only=shared_only),
    }


@dataclass
class KeyMeasure:
    project: Project
    measure: Measure
    summary: dict = field(default_factory=dict)


def key_measures(user: User, home: Organisation, *, shared_only: bool) -> list[KeyMeasure]:
    """The key measures of the projects this home runs or takes part in (only shared
    projects with `shared_only`), each with its variation and assurance icons and its
    one-line summary. Four queries whatever the number of projects, measures or values."""
    projects = Project.objects.filter(Q(home=home) | Q(participating_homes=home))
    if shared_only:
        projects = projects.filter(visibility=Project.Visibility.SHARED)
    measures = list(
        Measure.objects.filter(project__in=projects.values("pk"), is_key=True)
        .select_related("project")
        .order_by("project__title", "project_id", "position", "pk")
    )
    ids = [m.pk for m in measures]
    values: dict[int, list] = defaultdict(list)
    notes: dict[int, list] = defaultdict(list)
    if ids:
        for value in MeasureValue.objects.filter(measure_id__in=ids):
            values[value.measure_id].append(value)
        for note in Annotation.objects.filter(measure_id__in=ids):
            notes[note.measure_id].append(note)
    return [
        KeyMeasure(m.project, m, charts.summarise(m, values[m.pk], notes[m.pk])) for m in measures
    ]


# --- Training ------------------------------------------------------------------------------


def training_section(places: Places, period: Period) -> dict:
    records = LearningRecord.objects.filter(
        organisation__kind=OrganisationKind.CARE_HOME,
        started_at__gte=period.starts_at,
        started_at__lt=period.ends_at,
    ).order_by()
    done = Q(completed_at__isnull=False)
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "organisation")
        sums[f"people_{scope}"] = Count("user", filter=where, distinct=True)
        sums[f"completions_{scope}"] = Count("pk", filter=where & done)
        sums[f"completers_{scope}"] = Count("user", filter=where & done, distinct=True)
    totals = records.aggregate(**sums)
    cascades = CascadeDelivery.objects.filter(
        home__kind=OrganisationKind.CARE_HOME,
        delivered_on__gte=period.start,
        delivered_on__lte=period.end,
    ).order_by()
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "home")
        sums[f"times_{scope}"] = Count("pk", filter=where)
        sums[f"reached_{scope}"] = Sum("attendees", filter=where)
    passed = cascades.aggregate(**sums)

    def of(source: dict, name: str) -> dict:
        return {scope: source[f"{name}_{scope}"] or 0 for scope in SCOPES}

    completions = done_figure(
        "Sessions completed",
        of(totals, "completions"),
        of(totals, "completers"),
        places,
        "One person can complete several sessions",
    )
    figures = [
        people_figure(
            "People who started a session",
            of(totals, "people"),
            places,
            f"Staff who opened a training session in {period.label}",
        ),
        completions,
        count_figure(
            "Times training was passed on",
            of(passed, "times"),
            places,
            "Champions and managers sharing a session with colleagues",
        ),
        people_figure("Colleagues reached", of(passed, "reached"), places),
    ]
    chart = comparison_chart(
        completions,
        places,
        title=f"Training sessions completed in {period.label}",
        unit="Training sessions completed",
    )
    return {"figures": figures, "chart": chart}


# --- Surveys -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    home: str
    area: str
    network: str
    home_value: float | None


def survey_section(places: Places, period: Period) -> dict:
    """The average rating (1 to 5) of every survey question on each theme, from answers
    sent by people at care homes in the period. Not shown from fewer than 5 people."""
    answers = Answer.objects.filter(
        rating__isnull=False,
        question__theme__isnull=False,
        response__submitted_at__gte=period.starts_at,
        response__submitted_at__lt=period.ends_at,
        response__organisation__kind=OrganisationKind.CARE_HOME,
    ).order_by()
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "response__organisation")
        sums[f"mean_{scope}"] = Avg("rating", filter=where)
        sums[f"people_{scope}"] = Count("response", filter=where, distinct=True)
    rows = (
        answers.values("question__theme__name").annotate(**sums).order_by("question__theme__name")
    )
    themes = []
    for row in rows:
        shown = {s: mean_text(row[f"mean_{s}"], row[f"people_{s}"] or 0) for s in SCOPES}
        home = shown["home"] or (NOT_SHOWN if row["people_home"] else "no answers")
        themes.append(
            ThemeScore(
                row["question__theme__name"],
                home,
                shown["area"] or NOT_SHOWN,
                shown["network"] or NOT_SHOWN,
                float(shown["home"]) if shown["home"] else None,
            )
        )
    chart = None
    if any(t.home_value is not None for t in themes):
        chart = bar_chart(
            [(t.theme, t.home_value, t.home) for t in themes],
            title=f"Survey scores at {places.home.name} by theme",
            description="Average rating from 1 (very poor) to 5 (very good) given by people at "
            "this home. Themes with answers from fewer than 5 people have no bar.",
            max_value=5,
        )
    return {"themes": themes, "chart": chart}


# --- Events --------------------------------------------------------------------------------


def events_section(places: Places, period: Period) -> dict:
    """Places taken up at events (people marked as attended) by members of care homes."""
    attended = Registration.objects.filter(
        attended=True,
        event__starts_at__gte=period.starts_at,
        event__starts_at__lt=period.ends_at,
        user__memberships__organisation__kind=OrganisationKind.CARE_HOME,
    ).order_by()
    sums = {}
    for scope in SCOPES:
        where = places.q(scope, "user__memberships__organisation")
        sums[f"places_{scope}"] = Count("pk", filter=where, distinct=True)
        sums[f"people_{scope}"] = Count("user", filter=where, distinct=True)
    totals = attended.aggregate(**sums)

    def of(name: str) -> dict:
        return {scope: totals[f"{name}_{scope}"] or 0 for scope in SCOPES}

    return {
        "figures": [
            people_figure(
                "People who went to an event",
                of("people"),
                places,
                f"Webinars, peer support and network meetings in {period.label}",
            ),
            done_figure(
                "Event places attended",
                of("places"),
                of("people"),
                places,
                "One person at three events counts three times",
            ),
        ]
    }


# --- Everything ----------------------------------------------------------------------------


def home_dashboard(user: User, home: Organisation, period: Period) -> dict:
    """Everything the home dashboard and the home summary PDF show (a fixed number of
    queries, whatever the number of homes, needs, projects or learning records)."""
    tree = AreaTree.load()
    places = places_for(home, tree)
    return {
        "home": home,
        "places": places,
        "area_path": tree.path(home.area_id),
        "period": period,
        "periods": PERIODS,
        "needs": needs_section(places, period),
        "improvement": improvement_section(user, places, period),
        "training": training_section(places, period),
        "surveys": survey_section(places, period),
        "events": events_section(places, period),
    }
