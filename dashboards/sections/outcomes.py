"""Network measures: a Making Data Count summary table, one row per measure: the network
total (project workers) or the total for the areas shown (partners), the latest complete
month, the variation and assurance icons, and a link to the measure's chart.

Three queries whatever the number of homes, months or measures (the window, the measures,
and one grouped sum for all of them: outcomes.selectors_results.latest_summaries).
Totals follow the same rules as the measure pages, including "fewer than 5".
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from dashboards.filters import Scope
from outcomes import selectors_measures as measures
from outcomes import selectors_results as results
from outcomes import windows
from outcomes.access import Viewer


@dataclass
class OutcomeRow:
    measure: str
    unit: str
    is_rate: bool
    latest: str
    latest_month: str
    variation_icon: str | None
    variation_label: str
    assurance_icon: str | None
    assurance_label: str
    summary: str
    url: str


@dataclass
class Outcomes:
    label: str
    rows: list[OutcomeRow]
    url: str


def outcomes_section(scope: Scope) -> Outcomes:
    today = timezone.localdate()
    latest = measures.latest_open_month(today)
    open_month = latest.month if latest.state(today) == windows.OPEN else None
    active = list(
        measures.all_measures().filter(retired_at__isnull=True).order_by("position", "pk")
    )
    viewer = Viewer(network_wide=scope.network_wide, tree=scope.tree, area_ids=scope.own_area_ids)
    if scope.area_ids is None:
        where = results.network_scope()
    else:
        where = results.Scope(results.AREA, scope.area_label, frozenset(scope.area_ids))
    series = results.latest_summaries(
        active,
        viewer,
        scope=where,
        months=results.month_range(latest.month),
        open_month=open_month,
    )
    query = urlencode({"area": scope.link_area_id}) if scope.link_area_id else ""
    rows = []
    for s in series:
        point = s.latest
        summary = s.summary or {}
        url = reverse("outcomes:measure_detail", args=[s.measure.pk])
        rows.append(
            OutcomeRow(
                measure=s.measure.title,
                unit="" if s.measure.is_rate else s.measure.unit,
                is_rate=s.measure.is_rate,
                latest=point.text if point else "",
                latest_month=point.label if point else "",
                variation_icon=summary.get("variation_icon"),
                variation_label=summary.get("variation_label") or "Not enough months to tell yet",
                assurance_icon=summary.get("assurance_icon"),
                assurance_label=summary.get("assurance_label")
                or (
                    "No target set"
                    if s.measure.target is None
                    else "The target is for each home, not the total"
                ),
                summary=summary.get("summary") or s.note,
                url=f"{url}?{query}" if query else url,
            )
        )
    label = "the whole network" if scope.area_ids is None else scope.area_label
    return Outcomes(label=label, rows=rows, url=reverse("outcomes:index"))
