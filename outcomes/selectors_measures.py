"""Reads about the measures themselves and the reporting window."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from network.models import Organisation
from network.selectors_directory import AreaTree
from outcomes import windows
from outcomes.access import ancestors
from outcomes.models import NetworkMeasure, ReportingWindow


def get_window() -> ReportingWindow:
    """The reporting window (the defaults, unsaved, until a project worker sets one)."""
    return ReportingWindow.objects.order_by("pk").first() or ReportingWindow()


def reporting_month(month: date, window: ReportingWindow | None = None) -> windows.ReportingMonth:
    window = window or get_window()
    return windows.reporting_month(month, window.opens_day, window.closes_day)


def current_month(today: date, window: ReportingWindow | None = None) -> windows.ReportingMonth:
    window = window or get_window()
    return windows.current_month(today, window.opens_day, window.closes_day)


def latest_open_month(today: date, window: ReportingWindow | None = None):
    window = window or get_window()
    return windows.latest_open_month(today, window.opens_day, window.closes_day)


def all_measures() -> QuerySet[NetworkMeasure]:
    return NetworkMeasure.objects.select_related("numerator", "denominator")


def get_measure(pk: int) -> NetworkMeasure:
    return get_object_or_404(all_measures(), pk=pk)


def active_counts() -> list[NetworkMeasure]:
    """Counts homes are asked for, with who reports them (3 queries)."""
    return list(
        NetworkMeasure.objects.filter(kind=NetworkMeasure.Kind.COUNT, retired_at__isnull=True)
        .prefetch_related("areas", "homes")
        .order_by("position", "pk")
    )


def active_rates() -> list[NetworkMeasure]:
    return list(
        all_measures()
        .filter(kind=NetworkMeasure.Kind.RATE, retired_at__isnull=True)
        .order_by("position", "pk")
    )


def area_chain(tree: AreaTree, area_id: int | None) -> set[int]:
    """The area and every area it sits in."""
    return set(ancestors(tree, area_id))


def applies_to(measure: NetworkMeasure, home: Organisation, chain: set[int]) -> bool:
    """Whether `home` (whose area and the areas above it are `chain`) reports `measure`.
    Needs `areas` and `homes` prefetched."""
    if measure.reporting == NetworkMeasure.Reporting.ALL:
        return True
    if measure.reporting == NetworkMeasure.Reporting.AREAS:
        return any(area.pk in chain for area in measure.areas.all())
    return any(h.pk == home.pk for h in measure.homes.all())


def measures_for_home(home: Organisation, tree: AreaTree, counts=None) -> list[NetworkMeasure]:
    """The counts this home sends each month, in form order."""
    chain = area_chain(tree, home.area_id)
    return [
        m for m in (counts if counts is not None else active_counts()) if applies_to(m, home, chain)
    ]


def rate_rules(
    measures: list[NetworkMeasure], rates=None
) -> list[tuple[NetworkMeasure, NetworkMeasure]]:
    """(numerator, denominator) pairs among `measures`: the numerator cannot be more."""
    present = {m.pk: m for m in measures}
    pairs = []
    for rate in rates if rates is not None else active_rates():
        if rate.numerator_id in present and rate.denominator_id in present:
            pairs.append((present[rate.numerator_id], present[rate.denominator_id]))
    return pairs
