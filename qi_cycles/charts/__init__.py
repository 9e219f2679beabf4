"""A measure's chart as SVG geometry, a data table and a one-line plain-English summary.

    chart = measure_chart(measure, values, annotations, cycles)          # measure.chart_kind
    chart = measure_chart(measure, values, annotations, cycles, kind="xmr")
    {% include "qi_cycles/includes/measure_chart.html" with chart=chart %}      (web page)
    {% include "qi_cycles/includes/measure_chart_svg.html" with chart=chart %}  (PDF)

`values`, `annotations` and `cycles` are lists already loaded (no queries here). Pass the
cycles to draw: those linked to this measure plus those linked to no measure
(`qi_cycles.selectors_measures.cycles_for` picks them). Cycles need `change_idea` loaded.

Both charts put the values at equal steps in date order (as run charts and SPC charts
do), label some dates along the bottom, and draw the target, each annotation (numbered)
and each cycle start ("Cycle N") as a vertical marker at its date.

- Run chart (IHI rules, `qi_cycles.spc.run_chart`): the median; values in a shift (6 or
  more on one side) are orange squares, in a trend (5 or more up or down) purple
  triangles pointing the way of the trend, others blue dots.
- XmR chart (Making Data Count, `qi_cycles.spc.xmr`): the average (mean) and process
  limits of each period, broken where a new period starts; special-cause values are blue
  squares (improvement), orange diamonds (concern) or purple triangles (neither, when the
  measure has no better direction), common-cause values small grey dots. A lower limit
  below zero is not drawn when no value is below zero (the table still gives it).

Inside: `common` (colours, sizes, words), `summaries` (the sentences and run-chart
signals), `layout` (plot area, ticks, markers, legend) and `drawing` (each chart's geometry).

Variation icons use the Making Data Count names for both charts: for a run chart the
latest value is "special cause" when it is part of a shift or trend. Assurance icons
(meeting a target) need process limits, so only the XmR chart has them.
"""

from __future__ import annotations

from qi_cycles.analysis import analyse
from qi_cycles.charts.common import (
    ASSURANCE_LABELS,
    BLUE,
    DARK,
    GREY,
    KINDS,
    ORANGE,
    PURPLE,
    RED,
    RUN,
    VARIATION_LABELS,
    WIDTH,
    XMR,
    number_text,
)
from qi_cycles.charts.drawing import run_chart_svg, xmr_chart_svg
from qi_cycles.charts.layout import chart_markers, nice_ticks
from qi_cycles.charts.summaries import (
    periods,
    run_stats,
    run_summary,
    run_variation_icon,
    xmr_summary,
)
from qi_cycles.imports import long_date

__all__ = [
    "ASSURANCE_LABELS",
    "BLUE",
    "DARK",
    "GREY",
    "KINDS",
    "ORANGE",
    "PURPLE",
    "RED",
    "RUN",
    "VARIATION_LABELS",
    "WIDTH",
    "XMR",
    "measure_chart",
    "nice_ticks",
    "number_text",
    "summarise",
]


def measure_chart(measure, values, annotations, cycles, *, kind: str | None = None) -> dict:
    """Everything needed to show a measure's chart (see the module docstring). Keys:

    id, kind, title, description (for the SVG's <desc>), summary (one line), svg (geometry,
    None with no values), rows (the data table: date, value, signal, pk), markers (every
    annotation and cycle, with `index` None when outside the values' dates), periods (XmR),
    stats (run chart), variation_icon, variation_label, assurance_icon, assurance_label.
    """
    kind = kind if kind in KINDS else (measure.chart_kind if measure.chart_kind in KINDS else RUN)
    analysis = analyse(measure, values, annotations)
    markers = chart_markers(analysis, annotations, cycles)
    name = "Run chart" if kind == RUN else "SPC chart"
    chart = {
        "id": f"measure-{measure.pk}-{kind}",
        "kind": kind,
        "title": f"{name} of {measure.name}" + (f" ({measure.unit})" if measure.unit else ""),
        "svg": None,
        "rows": [],
        "markers": markers,
        "periods": periods(analysis) if kind == XMR else [],
        "stats": "",
        "variation_icon": None,
        "variation_label": "",
        "assurance_icon": None,
        "assurance_label": "",
    }
    if not analysis.values:
        chart["summary"] = "No values yet."
        chart["description"] = "No values yet."
        return chart
    if kind == RUN:
        chart["summary"] = run_summary(measure, analysis)
        chart["svg"], signals = run_chart_svg(measure, analysis, markers)
        chart["stats"] = run_stats(analysis)
        chart["variation_icon"] = run_variation_icon(measure, analysis)
    else:
        chart["summary"] = xmr_summary(measure, analysis)
        chart["svg"], signals = xmr_chart_svg(measure, analysis, markers)
        chart["variation_icon"] = analysis.xmr.variation_icon
        chart["assurance_icon"] = analysis.xmr.assurance_icon
    chart["variation_label"] = VARIATION_LABELS.get(chart["variation_icon"], "")
    chart["assurance_label"] = ASSURANCE_LABELS.get(chart["assurance_icon"] or "", "")
    ordered = sorted(values, key=lambda v: v.date)
    chart["rows"] = [
        {"pk": v.pk, "date": v.date, "value": number_text(v.value), "signal": signal}
        for v, signal in zip(ordered, signals, strict=True)
    ]
    dates = analysis.dates
    chart["description"] = (
        f"{chart['summary']} {len(dates)} values from {long_date(dates[0])} to "
        f"{long_date(dates[-1])}."
    )
    return chart


def summarise(measure, values, annotations, *, kind: str | None = None) -> dict:
    """Just the summary line and icons (no geometry), for lists of measures."""
    kind = kind if kind in KINDS else (measure.chart_kind if measure.chart_kind in KINDS else RUN)
    analysis = analyse(measure, values, annotations)
    if not analysis.values:
        return {
            "summary": "No values yet.",
            "variation_icon": None,
            "variation_label": "",
            "assurance_icon": None,
            "assurance_label": "",
            "kind": kind,
        }
    if kind == RUN:
        icon, assurance = run_variation_icon(measure, analysis), None
        summary = run_summary(measure, analysis)
    else:
        icon, assurance = analysis.xmr.variation_icon, analysis.xmr.assurance_icon
        summary = xmr_summary(measure, analysis)
    return {
        "kind": kind,
        "summary": summary,
        "variation_icon": icon,
        "variation_label": VARIATION_LABELS.get(icon, ""),
        "assurance_icon": assurance,
        "assurance_label": ASSURANCE_LABELS.get(assurance or "", ""),
    }
