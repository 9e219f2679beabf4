"""The one-line plain-English summaries of a measure's chart, the run chart's signals
(shifts and trends), its variation icon, and the XmR chart's periods."""

from __future__ import annotations

from collections.abc import Sequence

from qi_cycles import spc
from qi_cycles.analysis import Analysis
from qi_cycles.charts.common import (
    MIN_POINTS_RUN_CHART,
    RULE_TEXT,
    SIDE_WORDS,
    segment_bounds,
    stat,
)
from qi_cycles.imports import long_date


def _stretch_end(points: Sequence[spc.XmRPoint]) -> int:
    """Start index of the run of points ending at the last one with its cause and side."""
    last = points[-1]
    start = len(points) - 1
    while (
        start > 0
        and points[start - 1].special_cause == last.special_cause
        and points[start - 1].side == last.side
    ):
        start -= 1
    return start


def _stretch_text(points: Sequence[spc.XmRPoint], values: Sequence[float]) -> str:
    """What the special-cause values at the end of the chart have in common."""
    last, count = points[-1], len(points)
    side = last.side
    if last.rule == "outside_limits" and count == 1:
        return f"the latest value is {RULE_TEXT['outside_limits'][side]}"
    if last.rule == "two_of_three" and count <= 3:
        return f"2 of the last 3 values are near the {'upper' if side > 0 else 'lower'} limit"
    steps = [(b > a) - (b < a) for a, b in zip(values, values[1:], strict=False)]
    sides = [(v > p.mean) - (v < p.mean) for v, p in zip(values, points, strict=True)]
    way = "up" if side > 0 else "down"
    if all(s == side for s in sides):
        what = f"{count} points {SIDE_WORDS[side]} the average"
    elif steps and all(step == side for step in steps):
        what = f"{count} values in a row going {way}"
    else:  # a trend, then values staying on one side: say both
        parts = []
        if "trend" in [p.rule for p in points]:
            first = [p.rule for p in points].index("trend")
            end = first
            while end < len(steps) and steps[end] == side:
                end += 1
            parts.append(f"{end - first + 1} values in a row going {way}")
        same = 0
        while same < count and sides[count - 1 - same] == side:
            same += 1
        if same >= spc.XMR_RUN_LENGTH:
            parts.append(f"{same} points {SIDE_WORDS[side]} the average")
        what = ", then ".join(parts) or f"{count} unusual values in a row"
    if last.rule == "outside_limits":
        what += f", the latest {RULE_TEXT['outside_limits'][side]}"
    return what


def xmr_summary(measure, analysis: Analysis) -> str:
    if analysis.xmr is None:
        return "No values yet."
    points = analysis.xmr.points
    last = points[-1]
    sentences = []
    last_start = segment_bounds(analysis)[-1][0]
    if last.special_cause:
        start = max(_stretch_end(points), last_start)
        if last.rule == "two_of_three":  # from the first of the 2 values near the limit
            start = min(
                (
                    i
                    for i in range(max(start - 2, last_start), start)
                    if points[i].rule == "two_of_three" and points[i].side == last.side
                ),
                default=start,
            )
        kind = {"improvement": "improvement", "concern": "concern"}.get(
            last.special_cause, "variation (neither better nor worse)"
        )
        what = _stretch_text(points[start:], analysis.values[start:])
        sentences.append(f"Special cause {kind} since {long_date(analysis.dates[start])}: {what}.")
    else:
        earlier = [i for i in range(last_start, len(points)) if points[i].special_cause is not None]
        if earlier:
            kind = {"improvement": "an improvement", "concern": "a concern"}.get(
                points[earlier[-1]].special_cause, "a change (neither better nor worse)"
            )
            sentences.append(
                "No signal in the latest value: it varies by chance (common cause). The last "
                f"special cause was {kind}, on {long_date(analysis.dates[earlier[-1]])}."
            )
        elif last_start:
            sentences.append(
                f"No signal since the new period started on {long_date(analysis.dates[last_start])}"
                ": the values vary by chance (common cause)."
            )
        else:
            sentences.append("No signal yet: the values vary by chance (common cause).")
    if analysis.xmr.short_group_warning:
        sentences.append("Fewer than 12 values: treat these limits as a first look.")
    return " ".join(sentences)


def _shift_runs(analysis: Analysis) -> list[dict]:
    """Shifts: consecutive useful values flagged as a shift on the same side of the median
    (values on the median are skipped: they neither count nor break the run)."""
    run = analysis.run
    found: list[dict] = []
    current = None
    for i, point in enumerate(run.points):
        side = (point.value > run.median) - (point.value < run.median)
        if side == 0:
            continue
        if point.shift and current and current["side"] == side:
            current["end"] = i
            current["count"] += 1
        elif point.shift:
            current = {"kind": "shift", "start": i, "end": i, "side": side, "count": 1}
            found.append(current)
        else:
            current = None
    return found


def trend_runs(analysis: Analysis) -> list[dict]:
    """Trends: 5 or more values going up (or down), repeats neither adding nor breaking
    (as qi_cycles.spc.run_chart)."""
    values = analysis.values
    groups: list[list[int]] = []  # first and last index of consecutive equal values
    for i, v in enumerate(values):
        if groups and values[groups[-1][0]] == v:
            groups[-1][1] = i
        else:
            groups.append([i, i])
    steps = [
        (values[b[0]] > values[a[0]]) - (values[b[0]] < values[a[0]])
        for a, b in zip(groups, groups[1:], strict=False)
    ]
    found, start = [], 0
    for k in range(1, len(steps) + 1):
        if k == len(steps) or steps[k] != steps[start]:
            if k - start >= spc.RUN_CHART_TREND - 1:
                found.append(
                    {
                        "kind": "trend",
                        "start": groups[start][0],
                        "end": groups[k][1],
                        "side": steps[start],
                        "count": k - start + 1,
                    }
                )
            start = k
    return found


def run_signals(analysis: Analysis) -> list[dict]:
    """Each shift and trend on the run chart (kind, start, end, side, count), by end."""
    if analysis.run is None:
        return []
    found = _shift_runs(analysis) + trend_runs(analysis)
    return sorted(found, key=lambda s: (s["end"], s["kind"] == "shift"))


def _better(measure, side: int) -> str:
    direction = spc.DIRECTIONS.get(measure.direction, 0)
    if not direction or not side:
        return ""
    return ", an improvement" if side * direction > 0 else ", a change for the worse"


def run_summary(measure, analysis: Analysis) -> str:
    run = analysis.run
    if run is None:
        return "No values yet."
    signals = run_signals(analysis)
    n = len(analysis.values)
    last_index = n - 1
    if signals:
        signal = signals[-1]
        first = long_date(analysis.dates[signal["start"]])
        ongoing = signal["end"] == last_index or all(
            analysis.values[i] == run.median for i in range(signal["end"] + 1, n)
        )
        when = (
            f"since {first}"
            if ongoing
            else f"from {first} to {long_date(analysis.dates[signal['end']])}"
        )
        if signal["kind"] == "shift":
            return (
                f"A shift: {signal['count']} values in a row {SIDE_WORDS[signal['side']]} "
                f"the median {when}{_better(measure, signal['side'])}."
            )
        way = "up" if signal["side"] > 0 else "down"
        return (
            f"A trend: {signal['count']} values in a row going {way} {when}"
            f"{_better(measure, signal['side'])}."
        )
    if run.too_few_runs:
        return (
            f"Too few runs ({run.runs} in {run.useful_observations} values): the values are "
            "not just varying by chance."
        )
    if run.too_many_runs:
        return (
            f"Too many runs ({run.runs} in {run.useful_observations} values): the values "
            "swap above and below the median more than chance would. Check how they are "
            "counted."
        )
    if n < MIN_POINTS_RUN_CHART:
        return "Fewer than 10 values: keep adding values before looking for signals."
    return "No signal: the values vary around the median by chance."


def run_variation_icon(measure, analysis: Analysis) -> str | None:
    """The Making Data Count icon for the latest value of a run chart."""
    if analysis.run is None:
        return None
    last_index = len(analysis.values) - 1
    median = analysis.run.median
    for signal in reversed(run_signals(analysis)):
        tail = range(signal["end"] + 1, last_index + 1)
        if signal["end"] == last_index or all(analysis.values[i] == median for i in tail):
            direction = spc.DIRECTIONS.get(measure.direction, 0)
            high = "high" if signal["side"] > 0 else "low"
            if not direction:
                return f"neutral_{high}"
            cause = "improvement" if signal["side"] * direction > 0 else "concern"
            return f"{cause}_{high}"
    return "common_cause"


def periods(analysis: Analysis) -> list[dict]:
    """Each XmR period: from, number of values, average and limits (as text)."""
    if analysis.xmr is None:
        return []
    found = []
    for number, (start, end) in enumerate(segment_bounds(analysis), 1):
        p = analysis.xmr.points[start]
        found.append(
            {
                "number": number,
                "starts": analysis.dates[start],
                "count": end - start,
                "mean": stat(p.mean),
                "lpl": stat(p.lpl),
                "upl": stat(p.upl),
                "short": end - start < spc.SHORT_GROUP_POINTS,
            }
        )
    return found


def run_stats(analysis: Analysis) -> str:
    run = analysis.run
    text = (
        f"Median {stat(run.median)}. {len(analysis.values)} values, "
        f"{run.useful_observations} of them not on the median (useful values), "
        f"in {run.runs} run{'s' if run.runs != 1 else ''}."
    )
    limits = spc.RUNS_TABLE.get(run.useful_observations)
    if limits:
        text += (
            f" With {run.useful_observations} useful values, expect {limits[0]} to "
            f"{limits[1]} runs."
        )
    return text
