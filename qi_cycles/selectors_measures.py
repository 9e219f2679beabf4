"""Reads for improvement projects: measures, their values and charts.

Every function takes a project already checked with qi_cycles.access, or checks it here
(`get_measure`, `get_value`, `get_annotation`: 404 for unknown ids and for people who may
not see the project, 403 for those who may see but not do `action`).
"""

from collections import defaultdict
from datetime import date

from django.db.models import Q
from django.utils import timezone

from network.models import User
from qi_cycles import access, charts, imports
from qi_cycles.models import Annotation, Cycle, Measure, MeasureValue, Project


def get_measure(user: User, measure_pk: int, action: str = access.VIEW) -> Measure:
    """The measure with `measure.project` checked for `action`."""
    return access.get_in_project(user, Measure.objects.all(), measure_pk, action)


def get_value(user: User, value_pk: int, action: str = access.EDIT) -> MeasureValue:
    values = MeasureValue.objects.select_related("measure")
    return access.get_in_project(user, values, value_pk, action, via="measure")


def get_annotation(user: User, annotation_pk: int, action: str = access.EDIT) -> Annotation:
    notes = Annotation.objects.select_related("measure")
    return access.get_in_project(user, notes, annotation_pk, action, via="measure")


def import_preview(measure: Measure, text: str) -> imports.Parsed:
    """Every row of pasted or uploaded text with its date and value, or what is wrong with
    it (including dates already recorded, before the project started or in the future)."""
    existing = set(MeasureValue.objects.filter(measure=measure).values_list("date", flat=True))
    return imports.check(
        imports.parse(text),
        existing=existing,
        starts_on=measure.project.start_date,
        today=timezone.localdate(),
    )


def cycles_for(measure: Measure, cycles: list[Cycle], linked: dict[int, set[int]]) -> list[Cycle]:
    """The cycles drawn on a measure's chart: those linked to it and those linked to no
    measure (`linked` maps a cycle's id to the ids of its measures)."""
    return [c for c in cycles if measure.pk in linked.get(c.pk, ()) or not linked.get(c.pk)]


def _cycles_of(project: Project) -> tuple[list[Cycle], dict[int, set[int]]]:
    """The project's cycles and the measures each is linked to (2 queries)."""
    cycles = list(Cycle.objects.filter(project=project).select_related("change_idea"))
    linked: dict[int, set[int]] = defaultdict(set)
    through = Cycle.measures.through.objects.filter(cycle__project=project)
    for cycle_id, measure_id in through.values_list("cycle_id", "measure_id"):
        linked[cycle_id].add(measure_id)
    return cycles, linked


def measure_page(user: User, measure: Measure, *, kind: str | None = None) -> dict:
    """The chart and lists for a measure's page (a fixed number of queries)."""
    project = measure.project
    values = list(measure.values.all())
    notes = list(measure.annotations.all())
    cycles = list(
        Cycle.objects.filter(project=project)
        .filter(Q(measures=measure) | Q(measures__isnull=True))
        .select_related("change_idea")
        .distinct()
    )
    chart = charts.measure_chart(measure, values, notes, cycles, kind=kind)
    return {
        "chart": chart,
        "notes": [m for m in chart["markers"] if m["kind"] != "cycle"],
        "cycle_markers": [m for m in chart["markers"] if m["kind"] == "cycle"],
        "value_count": len(values),
        **access.permissions(user, project),
    }


def _project_measures(project: Project, *, key_only: bool = False):
    """Measures with their values and annotations, and the project's cycles (5 queries)."""
    measures = list(
        Measure.objects.filter(project=project, **({"is_key": True} if key_only else {}))
    )
    ids = [m.pk for m in measures]
    values: dict[int, list[MeasureValue]] = defaultdict(list)
    notes: dict[int, list[Annotation]] = defaultdict(list)
    if ids:
        for value in MeasureValue.objects.filter(measure_id__in=ids):
            values[value.measure_id].append(value)
        for note in Annotation.objects.filter(measure_id__in=ids):
            notes[note.measure_id].append(note)
    cycles, linked = _cycles_of(project) if ids else ([], {})
    return measures, values, notes, cycles, linked


def charts_for(project: Project, *, key_only: bool = False) -> list[tuple[Measure, dict]]:
    """Each measure (only those shown on the summary with `key_only`) with its chart, in
    the measures' order, in 5 queries whatever the number of measures and values. The
    caller must have checked that the person may see the project."""
    measures, values, notes, cycles, linked = _project_measures(project, key_only=key_only)
    return [
        (
            measure,
            charts.measure_chart(
                measure, values[measure.pk], notes[measure.pk], cycles_for(measure, cycles, linked)
            ),
        )
        for measure in measures
    ]


def project_panel(user: User, project: Project) -> dict:
    """Context for templates/qi_cycles/measures/_project_measures.html on the project's
    page: every measure with its summary line and icon, key measures with their chart
    (5 queries, whatever the project holds)."""
    measures, values, notes, cycles, linked = _project_measures(project)
    items = []
    for measure in measures:
        if measure.is_key:
            chart = charts.measure_chart(
                measure, values[measure.pk], notes[measure.pk], cycles_for(measure, cycles, linked)
            )
        else:
            chart = charts.summarise(measure, values[measure.pk], notes[measure.pk])
        items.append(
            {
                "measure": measure,
                "kind": measure.get_kind_display().split(":")[0],
                "chart": chart,
                "count": len(values[measure.pk]),
                "latest": values[measure.pk][-1] if values[measure.pk] else None,
            }
        )
    return {
        "measure_panel": {
            "items": items,
            "key_items": [item for item in items if item["measure"].is_key],
            "can_add": access.permissions(user, project)["can_edit"],
        }
    }


def csv_rows(measure: Measure) -> list[tuple[date, str]]:
    return [
        (value.date, charts.number_text(value.value))
        for value in MeasureValue.objects.filter(measure=measure).order_by("date")
    ]
