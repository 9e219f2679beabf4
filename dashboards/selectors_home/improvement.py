"""Improvement projects: projects by stage, PDSA cycles and their decisions, and the key
measures of the home's projects with their Making Data Count icons. Partners see shared
projects only (and the averages then count shared projects too)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from dashboards.selectors_home.common import (
    SCOPES,
    Period,
    Places,
    comparison_spec,
    count_figure,
    place_totals,
)
from network.models import Organisation, User
from network.roles import OrganisationKind
from network.selectors import is_network_wide, membership_in
from qi_cycles import charts
from qi_cycles.models import Annotation, Cycle, Measure, MeasureValue, Project


def sees_all_projects(user: User, home: Organisation) -> bool:
    """Members of the home, project workers and admins see its home-only projects."""
    if is_network_wide(user):
        return True
    membership = membership_in(user, home)
    return membership is not None and membership.role in ("manager", "staff")


def _projects(shared_only: bool):
    projects = Project.objects.filter(home__kind=OrganisationKind.CARE_HOME).order_by()
    if shared_only:
        projects = projects.filter(visibility=Project.Visibility.SHARED)
    return projects


@comparison_spec("projects")
def _projects_spec(period: Period, shared_only: bool):
    # Named n_home...: an annotation called "home" would hide the project's home field.
    return _projects(shared_only), "home", lambda where: {"n": Count("pk", filter=where)}, "status"


@comparison_spec("cycles")
def _cycles_spec(period: Period, shared_only: bool):
    cycles = Cycle.objects.filter(
        project__in=_projects(shared_only).values("pk"),
        starts_on__gte=period.start,
        starts_on__lte=period.end,
    ).order_by()

    def build(where: Q) -> dict:
        sums = {"started": Count("pk", filter=where)}
        for decision in Cycle.Decision.values:
            sums[decision] = Count("pk", filter=where & Q(decision=decision))
        return sums

    return cycles, "project__home", build, None


def improvement_section(user: User, places: Places, period: Period) -> dict:
    shared_only = not sees_all_projects(user, places.home)
    by_status = {
        status: {s: row[f"n_{s}"] or 0 for s in SCOPES}
        for status, row in place_totals("projects", places, period, shared_only).items()
    }
    statuses = []
    for status, label in Project.Status.choices:
        row = by_status.get(status, dict.fromkeys(SCOPES, 0))
        statuses.append(count_figure(label, row, places))
    total = {s: sum(row[s] for row in by_status.values()) for s in SCOPES}
    counts = place_totals("cycles", places, period, shared_only)[None]

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
        "measures": key_measures(places.home, shared_only=shared_only),
    }


@dataclass
class KeyMeasure:
    project: Project
    measure: Measure
    summary: dict = field(default_factory=dict)


def key_measures(home: Organisation, *, shared_only: bool) -> list[KeyMeasure]:
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
