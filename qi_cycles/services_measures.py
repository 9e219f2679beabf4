"""Writes for improvement projects: measures, their values (one at a time or imported in
bulk) and annotations.

Each service checks that the actor may work on the project (PermissionDenied) and checks
the values again inside the transaction (ValidationError), then refreshes the measure's
signal (qi_cycles.analysis.refresh_signal) so lists and filters stay right.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from network.models import User
from qi_cycles import access
from qi_cycles import selectors_measures as selectors
from qi_cycles.analysis import refresh_signal
from qi_cycles.imports import long_date
from qi_cycles.models import Annotation, Measure, MeasureValue, Project

MEASURE_FIELDS = (
    "name",
    "kind",
    "definition",
    "unit",
    "direction",
    "target",
    "frequency",
    "chart_kind",
    "is_key",
    "screen_outliers",
    "fix_after_n_points",
)


def _require_edit(actor: User, project: Project) -> None:
    if not access.can_edit(access.person_for(actor), project):
        raise PermissionDenied(access.REFUSALS[access.EDIT])


def _locked(measure: Measure) -> Measure:
    """The measure's row, locked until the transaction ends (one writer at a time)."""
    return Measure.objects.select_for_update().get(pk=measure.pk)


def date_problem(day: date, project: Project, today: date | None = None) -> str:
    """Why a value cannot be recorded on `day` ("" if it can)."""
    today = today or timezone.localdate()
    if day < project.start_date:
        return (
            f"The date must be on or after {long_date(project.start_date)}, when the project "
            "started"
        )
    if day > today:
        return "The date must be today or in the past"
    return ""


# --- Measures ------------------------------------------------------------------------------


def create_measure(*, actor: User, project: Project, **fields) -> Measure:
    _require_edit(actor, project)
    measure = Measure(project=project, **{k: v for k, v in fields.items() if k in MEASURE_FIELDS})
    measure.full_clean(exclude=["project", "signal"])
    with transaction.atomic():
        top = Measure.objects.filter(project=project).aggregate(top=Max("position"))["top"]
        measure.position = (top or 0) + 1
        measure.save()
    return measure


def update_measure(*, actor: User, measure: Measure, **fields) -> Measure:
    _require_edit(actor, measure.project)
    for name, value in fields.items():
        if name in MEASURE_FIELDS:
            setattr(measure, name, value)
    measure.full_clean(exclude=["project", "signal"])
    with transaction.atomic():
        measure.save()
        refresh_signal(measure)
    return measure


# --- Values --------------------------------------------------------------------------------


def add_value(*, actor: User, measure: Measure, day: date, value: Decimal) -> MeasureValue:
    """Record one value; one per date, on or after the project's start, not in the future."""
    _require_edit(actor, measure.project)
    problem = date_problem(day, measure.project)
    if problem:
        raise ValidationError({"date": problem})
    try:
        with transaction.atomic():
            _locked(measure)
            if MeasureValue.objects.filter(measure=measure, date=day).exists():
                raise ValidationError(
                    {
                        "date": f"There is already a value for {long_date(day)}. Delete it "
                        "first if you want to change it"
                    }
                )
            recorded = MeasureValue.objects.create(
                measure=measure, date=day, value=value, entered_by=actor
            )
            refresh_signal(measure)
    except IntegrityError:
        raise ValidationError({"date": f"There is already a value for {long_date(day)}"}) from None
    return recorded


def delete_value(*, actor: User, value: MeasureValue) -> None:
    measure = value.measure
    _require_edit(actor, measure.project)
    with transaction.atomic():
        _locked(measure)
        MeasureValue.objects.filter(pk=value.pk).delete()
        refresh_signal(measure)


def import_values(*, actor: User, measure: Measure, text: str) -> int:
    """Save every row of pasted or uploaded text, or none: the rows are read and checked
    again here, against the values recorded now. Raises ValidationError with one message
    per problem ("Row 4: enter a number, like 12 or 3.5") if any row is wrong."""
    _require_edit(actor, measure.project)
    with transaction.atomic():
        _locked(measure)
        parsed = selectors.import_preview(measure, text)
        if not parsed.valid:
            raise ValidationError(parsed.problems or ["There are no values to add"])
        MeasureValue.objects.bulk_create(
            MeasureValue(measure=measure, date=row.date, value=row.value, entered_by=actor)
            for row in parsed.rows
        )
        refresh_signal(measure)
    return len(parsed.rows)


# --- Annotations ---------------------------------------------------------------------------


def add_annotation(
    *, actor: User, measure: Measure, day: date, text: str, starts_new_period: bool = False
) -> Annotation:
    _require_edit(actor, measure.project)
    note = Annotation(
        measure=measure,
        date=day,
        text=text.strip(),
        starts_new_period=starts_new_period,
        created_by=actor,
    )
    note.full_clean(exclude=["measure", "created_by"])
    with transaction.atomic():
        _locked(measure)
        note.save()
        refresh_signal(measure)
    return note


def delete_annotation(*, actor: User, annotation: Annotation) -> None:
    measure = annotation.measure
    _require_edit(actor, measure.project)
    with transaction.atomic():
        _locked(measure)
        Annotation.objects.filter(pk=annotation.pk).delete()
        refresh_signal(measure)
