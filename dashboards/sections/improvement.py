"""Improvement: projects by where they are now, PDSA cycles by what was decided, and a
Making Data Count summary of the key measures of projects shared with the network.

Home-only projects are counted in the numbers but never named: partners may not see them
(qi_cycles.access). The measures table lists shared projects only, for everyone, so the
same page can go to an ICB board.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from dashboards.filters import Scope
from dashboards.sections.common import Figure
from portal.charts import bar_chart
from qi_cycles.analysis import IMPROVING, WORSENING, analyse
from qi_cycles.charts import ASSURANCE_LABELS, VARIATION_LABELS, number_text
from qi_cycles.imports import long_date
from qi_cycles.models import Annotation, Cycle, Measure, MeasureValue, Project

# The measures table lists this many key measures, most recently changed first.
MEASURE_ROWS = 12
NO_DECISION = "none"
DECISIONS = [
    (Cycle.Decision.ADOPT, "Adopt"),
    (Cycle.Decision.ADAPT, "Adapt"),
    (Cycle.Decision.ABANDON, "Abandon"),
    (NO_DECISION, "Not decided yet"),
]


@dataclass
class StageRow:
    """Projects at one stage: all of them, and those shared with the network (the list
    behind the link: the learning library, which has shared projects only)."""

    label: str
    count: int
    shared: int
    url: str


@dataclass
class MeasureRow:
    measure: str
    project: str
    home: str
    unit: str
    latest: str
    latest_on: str
    variation_icon: str
    variation_label: str
    assurance_icon: str | None
    assurance_label: str
    url: str


@dataclass
class Improvement:
    projects: int
    shared: int
    statuses: list[StageRow]
    cycles: int
    decisions: list[Figure]
    key_measures: int
    improving: int
    concern: int
    measures: list[MeasureRow]
    projects_url: str
    library_url: str
    chart: dict | None = field(default=None, repr=False)

    @property
    def home_only(self) -> int:
        return self.projects - self.shared

    @property
    def measures_left_off(self) -> int:
        return max(0, self.key_measures - len(self.measures))


def scoped_projects(scope: Scope):
    """Projects led by care homes in scope that had started by the end of the period."""
    qs = Project.objects.filter(scope.home_q("home__"), start_date__lte=scope.end)
    if scope.theme is not None:
        qs = qs.filter(pk__in=Project.objects.filter(themes=scope.theme).values("pk"))
    return qs.order_by()


def _measure_rows(projects) -> tuple[int, int, int, list[MeasureRow]]:
    """The key measures of shared projects: how many, how many show improvement or
    concern (from the stored signal, one query), and the table of the latest ones with
    their variation and assurance icons (three more queries, at most MEASURE_ROWS)."""
    key = Measure.objects.filter(
        is_key=True,
        project__in=projects.filter(visibility=Project.Visibility.SHARED).values("pk"),
    ).order_by()
    totals = key.aggregate(
        n=Count("pk"),
        improving=Count("pk", filter=Q(signal__in=IMPROVING)),
        concern=Count("pk", filter=Q(signal__in=WORSENING)),
    )
    if not totals["n"]:
        return 0, 0, 0, []
    measures = list(
        key.select_related("project", "project__home").order_by("-updated_at", "-pk")[:MEASURE_ROWS]
    )
    ids = [m.pk for m in measures]
    values, notes = defaultdict(list), defaultdict(list)
    for value in MeasureValue.objects.filter(measure_id__in=ids).order_by("date", "pk"):
        values[value.measure_id].append(value)
    for note in Annotation.objects.filter(measure_id__in=ids, starts_new_period=True):
        notes[note.measure_id].append(note)
    rows = []
    for measure in measures:
        analysis = analyse(measure, values[measure.pk], notes[measure.pk])
        variation = measure.signal or (analysis.xmr.variation_icon if analysis.xmr else "")
        assurance = analysis.xmr.assurance_icon if analysis.xmr else None
        rows.append(
            MeasureRow(
                measure=measure.name,
                project=measure.project.title,
                home=measure.project.home.name,
                unit=measure.unit,
                latest=number_text(analysis.values[-1]) if analysis.values else "",
                latest_on=long_date(analysis.dates[-1]) if analysis.dates else "",
                variation_icon=variation,
                variation_label=VARIATION_LABELS.get(variation, "No values yet"),
                assurance_icon=assurance,
                assurance_label=ASSURANCE_LABELS.get(assurance, "No target set")
                if assurance
                else ("No target set" if measure.target is None else "Not worked out yet"),
                url=reverse("qi:measure_detail", args=[measure.pk]),
            )
        )
    return totals["n"], totals["improving"], totals["concern"], rows


def improvement_section(scope: Scope) -> Improvement:
    """Three queries, and four more when shared projects have key measures."""
    projects = scoped_projects(scope)
    shared = Q(visibility=Project.Visibility.SHARED)
    by_status = {}
    for value in Project.Status.values:
        by_status[value] = Count("pk", filter=Q(status=value))
        by_status[f"shared_{value}"] = Count("pk", filter=Q(status=value) & shared)
    counts = projects.aggregate(total=Count("pk"), shared=Count("pk", filter=shared), **by_status)
    project_list = reverse("qi:project_list")
    library = reverse("qi:library")
    theme = {"theme": scope.theme.pk} if scope.theme is not None else {}
    # The learning library lists shared projects by area; the project list (for project
    # workers) has every project but no area filter.
    shared_filters = {**theme, **({"area": scope.link_area_id} if scope.link_area_id else {})}
    statuses = [
        StageRow(
            label,
            counts[value],
            counts[f"shared_{value}"],
            f"{library}?{urlencode({'status': value, **shared_filters})}",
        )
        for value, label in Project.Status.choices
    ]
    cycles = Cycle.objects.filter(
        project__in=projects.values("pk"),
        starts_on__gte=scope.start,
        starts_on__lte=scope.end,
    ).order_by()
    decided = cycles.aggregate(
        total=Count("pk"),
        **{value: Count("pk", filter=Q(decision=value)) for value in Cycle.Decision.values},
        none=Count("pk", filter=Q(decision="")),
    )
    decisions = [Figure(label, decided[value]) for value, label in DECISIONS]
    key_measures, improving, concern, measures = _measure_rows(projects)
    chart = None
    if counts["total"]:
        chart = bar_chart(
            [(s.label, s.count, f"{s.count:,}") for s in statuses],
            title="Improvement projects by where they are now",
            description="Number of projects at each stage. The table beside it has the "
            "same figures.",
        )
    return Improvement(
        projects=counts["total"],
        shared=counts["shared"],
        statuses=statuses,
        cycles=decided["total"],
        decisions=decisions,
        key_measures=key_measures,
        improving=improving,
        concern=concern,
        measures=measures,
        projects_url=f"{project_list}?{urlencode(theme)}".rstrip("?"),
        library_url=f"{library}?{urlencode(shared_filters)}".rstrip("?"),
        chart=chart,
    )
