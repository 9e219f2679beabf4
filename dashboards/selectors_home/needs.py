"""Needs: posted, open now, met, and the median time to a first response."""

from collections import defaultdict
from datetime import timedelta
from statistics import median

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q

from dashboards.sections.needs import wait_text as area_wait_text
from dashboards.selectors_home.common import (
    SCOPES,
    Figure,
    Period,
    Places,
    comparison_chart,
    comparison_spec,
    count_figure,
    place_totals,
)
from network.roles import OrganisationKind
from portal import figures_cache
from surveys.models import Need


class _Median(Aggregate):
    """PostgreSQL's median (percentile_cont); other databases work it out in Python."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _wait() -> ExpressionWrapper:
    return ExpressionWrapper(F("first_response_at") - F("created_at"), output_field=DurationField())


@comparison_spec("needs-wait")
def _wait_spec(period: Period):
    answered = Need.objects.filter(
        organisation__kind=OrganisationKind.CARE_HOME,
        created_at__gte=period.starts_at,
        created_at__lt=period.ends_at,
        first_response_at__isnull=False,
    ).order_by()
    return answered, "organisation", lambda where: {"wait": _Median(_wait(), filter=where)}, None


def median_waits(places: Places, period: Period) -> dict[str, timedelta | None]:
    """The median time from posting to a first response, for each scope (one query each
    for the home and, unless cached, for its area and the network)."""
    if connection.vendor == "postgresql":
        totals = place_totals("needs-wait", places, period)[None]
        return {s: totals[f"wait_{s}"] for s in SCOPES}
    # SQLite has no median: the same two reads (the home's needs, then everyone's, kept in
    # the figures cache), with the medians worked out here.
    answered = _wait_spec(period)[0].values_list(
        "organisation__area_id", "created_at", "first_response_at"
    )
    home = [done - posted for _, posted, done in answered.filter(organisation=places.home)]

    def wide() -> dict[str, timedelta | None]:
        waits: dict[str, list[timedelta]] = defaultdict(list)
        for area_id, posted, done in answered:
            waits["network"].append(done - posted)
            if area_id in places.area_ids:
                waits["area"].append(done - posted)
        return {s: median(waits[s]) if waits[s] else None for s in ("area", "network")}

    key = ("needs-wait", places.area.pk, period.months, period.start, period.end)
    return {
        "home": median(home) if home else None,
        **figures_cache.figures("home-waits", key, wide).value,
    }


def wait_text(wait: timedelta | None) -> str:
    """As on the area dashboard ("5 hours", "2.5 days"); "no responses yet" with nothing
    to measure."""
    return area_wait_text(wait) if wait is not None else "no responses yet"


@comparison_spec("needs")
def _needs_spec(period: Period):
    needs = Need.objects.filter(organisation__kind=OrganisationKind.CARE_HOME).order_by()
    posted = Q(created_at__gte=period.starts_at, created_at__lt=period.ends_at)
    met = Q(status=Need.Status.MET, closed_at__gte=period.starts_at, closed_at__lt=period.ends_at)
    still_open = Q(status__in=Need.OPEN_STATUSES)

    def build(where: Q) -> dict:
        return {
            "posted": Count("pk", filter=where & posted),
            "met": Count("pk", filter=where & met),
            "open": Count("pk", filter=where & still_open),
        }

    return needs, "organisation", build, None


def needs_section(places: Places, period: Period) -> dict:
    totals = place_totals("needs", places, period)[None]

    def of(name: str) -> dict:
        return {scope: totals[f"{name}_{scope}"] for scope in SCOPES}

    waits = median_waits(places, period)
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
