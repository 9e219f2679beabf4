"""Defining network measures and setting the reporting window (project workers)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from network.models import Area, Organisation, User
from outcomes import access
from outcomes.models import NetworkMeasure, ReportingWindow

MEASURE_FIELDS = (
    "title",
    "definition",
    "unit",
    "direction",
    "target",
    "counts_people",
    "reporting",
)


class EditConflict(Exception):
    """Someone else saved this measure after this person opened it: nothing was saved."""


def _check(
    *,
    measure: NetworkMeasure,
    numerator: NetworkMeasure | None,
    denominator: NetworkMeasure | None,
    areas: list[Area],
    homes: list[Organisation],
) -> None:
    errors: dict[str, str] = {}
    clash = NetworkMeasure.objects.filter(
        title__iexact=measure.title.strip(), retired_at__isnull=True
    ).exclude(pk=measure.pk)
    if clash.exists():
        errors["title"] = f"There is already a measure called ‘{measure.title}’"
    if measure.is_rate:
        for name, part in (("numerator", numerator), ("denominator", denominator)):
            if part is None:
                what = "count to divide" if name == "numerator" else "count to divide by"
                errors[name] = f"Choose the {what}"
            elif part.is_rate or part.is_retired:
                errors[name] = "Choose a count that homes still send"
        if numerator and denominator and numerator.pk == denominator.pk:
            errors["denominator"] = "Choose a different count to divide by"
    else:
        if measure.reporting == NetworkMeasure.Reporting.AREAS and not areas:
            errors["areas"] = "Choose at least one area"
        if measure.reporting == NetworkMeasure.Reporting.HOMES and not homes:
            errors["homes"] = "Choose at least one care home"
    if measure.target is not None and measure.target < 0:
        errors["target"] = "The target cannot be less than 0"
    if errors:
        raise ValidationError(errors)


def _save(measure, *, numerator, denominator, areas, homes) -> NetworkMeasure:
    if measure.is_rate:
        measure.numerator, measure.denominator = numerator, denominator
        measure.reporting = NetworkMeasure.Reporting.ALL
        measure.counts_people = numerator.counts_people or denominator.counts_people
        areas, homes = [], []
    else:
        measure.numerator = measure.denominator = None
        if measure.reporting != NetworkMeasure.Reporting.AREAS:
            areas = []
        if measure.reporting != NetworkMeasure.Reporting.HOMES:
            homes = []
    measure.full_clean(exclude=["areas", "homes", "created_by"])
    measure.save()
    measure.areas.set(areas)
    measure.homes.set(homes)
    if not measure.is_rate:
        _refresh_rates_made_from(measure)
    return measure


def _refresh_rates_made_from(count: NetworkMeasure) -> None:
    """A rate counts people when either of its counts does: keep the rates made from this
    count in step when its "counts people" changes (or a rate would show what the count
    hides as "fewer than 5")."""
    rates = NetworkMeasure.objects.filter(Q(numerator=count) | Q(denominator=count))
    for rate in rates.select_related("numerator", "denominator"):
        counts_people = rate.numerator.counts_people or rate.denominator.counts_people
        if rate.counts_people != counts_people:
            rate.counts_people = counts_people
            rate.save(update_fields=["counts_people"])


def create_measure(
    *,
    actor: User,
    kind: str,
    title: str,
    definition: str,
    unit: str,
    direction: str,
    target: Decimal | None = None,
    counts_people: bool = True,
    reporting: str = NetworkMeasure.Reporting.ALL,
    numerator: NetworkMeasure | None = None,
    denominator: NetworkMeasure | None = None,
    areas: list[Area] = (),
    homes: list[Organisation] = (),
) -> NetworkMeasure:
    access.require_define(actor)
    measure = NetworkMeasure(
        kind=kind,
        title=title.strip(),
        definition=definition.strip(),
        unit=unit.strip(),
        direction=direction,
        target=target,
        counts_people=counts_people,
        reporting=reporting,
        created_by=actor,
    )
    _check(
        measure=measure,
        numerator=numerator,
        denominator=denominator,
        areas=list(areas),
        homes=list(homes),
    )
    with transaction.atomic():
        top = NetworkMeasure.objects.aggregate(top=Max("position"))["top"]
        measure.position = (top or 0) + 1
        return _save(
            measure,
            numerator=numerator,
            denominator=denominator,
            areas=list(areas),
            homes=list(homes),
        )


def update_measure(
    *,
    actor: User,
    measure: NetworkMeasure,
    numerator: NetworkMeasure | None = None,
    denominator: NetworkMeasure | None = None,
    areas: list[Area] = (),
    homes: list[Organisation] = (),
    version: int | None = None,
    **fields,
) -> NetworkMeasure:
    """Change a measure's wording, direction, target or who reports it. Its kind (count or
    rate) stays as it was: figures already sent depend on it. With `version` (the one the
    form was loaded at), raises EditConflict and saves nothing when someone else saved the
    measure since. The changes go onto the measure as it is now (read under a row lock), not
    the copy the form was loaded with, so a measure retired meanwhile stays retired. Returns
    the saved measure."""
    access.require_define(actor)
    for name in fields:
        if name not in MEASURE_FIELDS:
            raise TypeError(f"update_measure() got an unexpected field {name!r}")
    with transaction.atomic():
        locked = NetworkMeasure.objects.select_for_update().get(pk=measure.pk)
        if version is not None and locked.version != version:
            raise EditConflict
        for name, value in fields.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _check(
            measure=locked,
            numerator=numerator,
            denominator=denominator,
            areas=list(areas),
            homes=list(homes),
        )
        locked.version += 1
        return _save(
            locked,
            numerator=numerator,
            denominator=denominator,
            areas=list(areas),
            homes=list(homes),
        )


def retire_measure(*, actor: User, measure: NetworkMeasure) -> NetworkMeasure:
    """Stop asking for a measure; its figures and charts stay."""
    access.require_define(actor)
    if measure.is_retired:
        return measure
    users = NetworkMeasure.objects.filter(retired_at__isnull=True, kind=NetworkMeasure.Kind.RATE)
    using = users.filter(numerator=measure) | users.filter(denominator=measure)
    names = sorted(using.values_list("title", flat=True))
    if names:
        raise ValidationError(f"‘{names[0]}’ is worked out from this count. Retire it first.")
    measure.retired_at = timezone.now()
    measure.save(update_fields=["retired_at", "updated_at"])
    return measure


def reinstate_measure(*, actor: User, measure: NetworkMeasure) -> NetworkMeasure:
    """Ask for a retired measure again."""
    access.require_define(actor)
    if measure.is_rate and (
        (measure.numerator and measure.numerator.is_retired)
        or (measure.denominator and measure.denominator.is_retired)
    ):
        raise ValidationError("Ask for both counts again before the rate made from them.")
    clash = NetworkMeasure.objects.filter(
        title__iexact=measure.title, retired_at__isnull=True
    ).exclude(pk=measure.pk)
    if clash.exists():
        raise ValidationError(f"There is already a measure called ‘{measure.title}’.")
    measure.retired_at = None
    measure.save(update_fields=["retired_at", "updated_at"])
    return measure


def update_window(*, actor: User, opens_day: int, closes_day: int) -> ReportingWindow:
    """Set the days each month's return opens and closes (1 to 31; a day past a month's
    end means its last day)."""
    access.require_define(actor)
    errors: dict[str, str] = {}
    for name, day in (("opens_day", opens_day), ("closes_day", closes_day)):
        if not isinstance(day, int) or not 1 <= day <= 31:
            errors[name] = "Enter a day of the month from 1 to 31"
    if not errors and closes_day < opens_day:
        errors["closes_day"] = "The closing day must be the same as or after the opening day"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        window = ReportingWindow.objects.select_for_update().order_by("pk").first()
        window = window or ReportingWindow()
        window.opens_day, window.closes_day, window.updated_by = opens_day, closes_day, actor
        window.save()
    return window
