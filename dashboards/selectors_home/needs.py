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
    count_figure,
)
from network.roles import OrganisationKind
from surveys.models import Need


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
