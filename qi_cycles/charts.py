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

Variation icons use the Making Data Count names for both charts: for a run chart the
latest value is "special cause" when it is part of a shift or trend. Assurance icons
(meeting a target) need process limits, so only the XmR chart has them.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from qi_cycles import spc
from qi_cycles.analysis import Analysis, analyse
from qi_cycles.imports import long_date

BLUE = "#005eb8"
ORANGE = "#ed8b00"
GREY = "#768692"
PURPLE = "#330072"
RED = "#d5281b"
TEXT = "#212b32"
DARK = "#425563"
LIGHT = "#d8dde0"

WIDTH = 400  # viewBox units; the SVG is 100% wide (at most MAX_WIDTH px on screen)
MAX_WIDTH = 560
FONT = 15
SMALL = 14
CHAR = 0.58  # average character width, as a share of the font size
PLOT_HEIGHT = 190
RIGHT = 8
MARKER_ROW = 18
MAX_MARKER_ROWS = 3
LEGEND_ROW = 22
MIN_POINTS_RUN_CHART = 10

RUN, XMR = "run", "xmr"
KINDS = (RUN, XMR)

VARIATION_LABELS = {
    "common_cause": "Common cause variation: no significant change",
    "improvement_high": "Special cause improvement: higher values",
    "improvement_low": "Special cause improvement: lower values",
    "concern_high": "Special cause concern: higher values",
    "concern_low": "Special cause concern: lower values",
    "neutral_high": "Special cause variation: higher values (neither better nor worse)",
    "neutral_low": "Special cause variation: lower values (neither better nor worse)",
}
ASSURANCE_LABELS = {
    "consistent_pass": "The target will be met every time if nothing changes",
    "consistent_fail": "The target will not be met unless something changes",
    "inconsistent": "The target will be met some of the time, not always (hit and miss)",
}
RULE_TEXT = {
    "outside_limits": {1: "above the upper limit", -1: "below the lower limit"},
    "trend": {1: "7 or more going up", -1: "7 or more going down"},
    "two_of_three": {1: "2 of 3 near the upper limit", -1: "2 of 3 near the lower limit"},
    "shift": {1: "7 or more above the average", -1: "7 or more below the average"},
}
CAUSE_TEXT = {"improvement": "Improvement", "concern": "Concern", "neutral": "Special cause"}
CAUSE_STYLE = {  # shape, fill: colour and shape both differ, for colour-blind readers
    "improvement": ("square", BLUE),
    "concern": ("diamond", ORANGE),
    "neutral": ("triangle", PURPLE),
    None: ("circle", GREY),
}
SIDE_WORDS = {1: "above", -1: "below"}


# --- Numbers and dates -------------------------------------------------------------------


def number_text(value: float | Decimal, places: int | None = None) -> str:
    """12, 3.5, 1,234 (values as entered); `places` rounds (averages, limits)."""
    if places is not None:
        value = round(float(value), places)
    number = Decimal(str(value)).normalize()
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def _stat(value: float) -> str:
    """An average or limit: 2 decimal places at most."""
    return number_text(value, 2)


def _short_date(day: date, monthly: bool) -> str:
    return f"{day:%b}" if monthly else f"{day.day} {day:%b}"


def _text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * CHAR


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round numbers covering lo..hi (about `count` of them)."""
    if hi - lo < 1e-9:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw - 1e-12)
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    return [round(start + k * step, 10) for k in range(round((end - start) / step) + 1)]


# --- Frame: data to viewBox units ---------------------------------------------------------


class Frame:
    def __init__(self, *, left: float, top: float, n: int, lo: float, hi: float) -> None:
        self.left, self.top = left, top
        self.right = WIDTH - RIGHT
        self.bottom = top + PLOT_HEIGHT
        self.n, self.lo, self.hi = max(n, 1), lo, hi
        self.step = (self.right - self.left) / self.n

    def x(self, index: float) -> float:
        return round(self.left + self.step * (index + 0.5), 1)

    def y(self, value: float) -> float:
        share = (value - self.lo) / (self.hi - self.lo)
        return round(self.bottom - share * PLOT_HEIGHT, 1)


def _shape(shape: str, x: float, y: float, size: float = 4.5, down: bool = False) -> dict:
    """A marker: a circle (cx, cy, r) or a polygon (points)."""
    if shape == "circle":
        return {"shape": "circle", "cx": x, "cy": y, "r": round(size * 0.8, 1)}
    if shape == "square":
        corners = [(-size, -size), (size, -size), (size, size), (-size, size)]
    elif shape == "diamond":
        s = size * 1.3
        corners = [(0, -s), (s, 0), (0, s), (-s, 0)]
    else:  # triangle, pointing up (or down)
        s = size * 1.25
        corners = (
            [(0, s), (s, -s * 0.8), (-s, -s * 0.8)]
            if down
            else [(0, -s), (s, s * 0.8), (-s, s * 0.8)]
        )
    points = " ".join(f"{round(x + dx, 1)},{round(y + dy, 1)}" for dx, dy in corners)
    return {"shape": "polygon", "points": points}


def _line(x1, y1, x2, y2, stroke, width=1.5, dash="") -> dict:
    return {"d": f"M{x1},{y1} L{x2},{y2}", "stroke": stroke, "width": width, "dash": dash}


# --- Markers (annotations and cycle starts) ----------------------------------------------


def _position(day: date, dates: Sequence[date]) -> float | None:
    """Where `day` falls among the values, as a fractional index (None outside them)."""
    if not dates or day < dates[0] or day > dates[-1]:
        return None
    i = bisect_left(dates, day)
    if dates[i] == day:
        return float(i)
    before, after = dates[i - 1], dates[i]
    return i - 1 + (day - before).days / (after - before).days


def _markers(analysis: Analysis, annotations, cycles) -> list[dict]:
    """Annotations (numbered in date order) and cycle starts, each with its position."""
    dates = analysis.dates
    items = []
    for number, note in enumerate(sorted(annotations, key=lambda a: (a.date, a.pk or 0)), 1):
        index = _position(note.date, dates)
        if note.starts_new_period:
            start = next((i for i, d in enumerate(dates) if d >= note.date), None)
            index = start - 0.5 if start else None
        items.append(
            {
                "kind": "rebase" if note.starts_new_period else "note",
                "number": number,
                "label": str(number),
                "date": note.date,
                "text": note.text,
                "pk": note.pk,
                "index": index,
            }
        )
    for cycle in sorted(cycles, key=lambda c: (c.starts_on, c.number, c.pk or 0)):
        items.append(
            {
                "kind": "cycle",
                "number": cycle.number,
                "label": f"Cycle {cycle.number}",
                "date": cycle.starts_on,
                "text": f"Cycle {cycle.number} of \u201c{cycle.change_idea.title}\u201d started",
                "pk": cycle.pk,
                "index": _position(cycle.starts_on, dates),
            }
        )
    return items


def _place_labels(markers: list[dict], frame_x) -> int:
    """Give each drawn marker a label row above the plot so labels do not overlap;
    returns the number of rows used."""
    ends: list[float] = []
    for marker in sorted((m for m in markers if m["index"] is not None), key=lambda m: m["index"]):
        x = frame_x(marker["index"])
        half = _text_width(marker["label"], SMALL) / 2 + 3
        centre = min(max(x, half), WIDTH - half)
        row = next((r for r, end in enumerate(ends) if end < centre - half), None)
        if row is None:
            if len(ends) < MAX_MARKER_ROWS:
                ends.append(0)
                row = len(ends) - 1
            else:
                row = min(range(len(ends)), key=lambda r: ends[r])
        ends[row] = centre + half
        marker["x"] = x
        marker["label_x"] = round(centre, 1)
        marker["row"] = row
    return len(ends)


MARKER_STYLE = {
    "cycle": (PURPLE, "4 3", 1.5),
    "note": (DARK, "2 2", 1.5),
    "rebase": (TEXT, "", 2),
}


# --- Summary sentences --------------------------------------------------------------------


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


def _segment_bounds(analysis: Analysis) -> list[tuple[int, int]]:
    bounds = [0, *analysis.rebase_at, len(analysis.values)]
    return list(zip(bounds, bounds[1:], strict=False))


def _stretch_text(points: Sequence[spc.XmRPoint], values: Sequence[float]) -> str:
    """What the special-cause values at the end of the chart have in common."""
    last, count = points[-1], len(points)
    side = last.side
    if last.rule == "outside_limits" and count == 1:
        return f"the latest value is {RULE_TEXT['outside_limits'][side]}"
    if last.rule == "two_of_three" and count <= 3:
        return f"2 of the last 3 values are near the {'upper' if side > 0 else 'lower'} limit"
    steps = [(b > a) - (b < a) for a, b in zip(values, values[1:], strict=False)]
    if all((v > p.mean) - (v < p.mean) == side for v, p in zip(values, points, strict=True)):
        what = f"{count} points {SIDE_WORDS[side]} the average"
    elif steps and all(step == side for step in steps):
        what = f"{count} values in a row going {'up' if side > 0 else 'down'}"
    else:
        what = f"{count} unusual values in a row"
    if last.rule == "outside_limits":
        what += f", the latest {RULE_TEXT['outside_limits'][side]}"
    return what


def xmr_summary(measure, analysis: Analysis) -> str:
    if analysis.xmr is None:
        return "No values yet."
    points = analysis.xmr.points
    last = points[-1]
    sentences = []
    last_start = _segment_bounds(analysis)[-1][0]
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


def _trend_runs(analysis: Analysis) -> list[dict]:
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
    found = _shift_runs(analysis) + _trend_runs(analysis)
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


# --- The charts ----------------------------------------------------------------------------


def _value_range(values: Sequence[float], extra: Sequence[float]) -> tuple[float, float]:
    numbers = [*values, *extra]
    return min(numbers), max(numbers)


def _frame(lo: float, hi: float, n: int, markers: list[dict]) -> tuple[Frame, list[dict]]:
    """The plot area and value ticks; places the markers' labels in rows above the plot."""
    ticks = nice_ticks(lo, hi)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    places = next(p for p in range(7) if abs(round(step, p) - step) < 1e-9)
    labels = [number_text(t, places) for t in ticks]
    left = round(max(_text_width(label) for label in labels) + 10, 1)
    # x positions do not depend on the top, so the label rows can be worked out first
    rows = _place_labels(markers, Frame(left=left, top=0, n=n, lo=0, hi=1).x)
    top = 10 + rows * MARKER_ROW
    frame = Frame(left=left, top=top, n=n, lo=ticks[0], hi=ticks[-1])
    return frame, [
        {
            "y": frame.y(t),
            "label": label,
            "x_text": round(frame.left - 5, 1),
            "y_text": round(frame.y(t) + FONT * 0.35, 1),
        }
        for t, label in zip(ticks, labels, strict=True)
    ]


def _date_ticks(frame: Frame, dates: Sequence[date], monthly: bool) -> list[dict]:
    n = len(dates)
    if not n:
        return []
    room = max(2, int((frame.right - frame.left) // 80))
    if n <= room:
        chosen = list(range(n))
    else:
        chosen = sorted({round(k * (n - 1) / (room - 1)) for k in range(room)})
    ticks, year = [], None
    for index in chosen:
        day = dates[index]
        label = _short_date(day, monthly)
        half = _text_width(label, SMALL) / 2 + 1
        ticks.append(
            {
                "x": frame.x(index),
                "text_x": round(min(max(frame.x(index), half), WIDTH - half), 1),
                "label": label,
                "year": str(day.year) if day.year != year else "",
            }
        )
        year = day.year
    return ticks


def _target_line(measure, frame: Frame) -> dict | None:
    if measure.target is None:
        return None
    y = frame.y(float(measure.target))
    return _line(frame.left, y, frame.right, y, RED, 2, "8 3 2 3")


def _legend(items: list[tuple[str, dict]], top: float) -> tuple[list[dict], float]:
    """Samples and labels below the chart, in two columns if the labels fit, else one;
    returns (items, height)."""
    placed = []
    column = (WIDTH - 4) / 2
    columns = 2 if all(30 + _text_width(label, SMALL) < column for label, _ in items) else 1
    for k, (label, sample) in enumerate(items):
        x = 2 + (k % columns) * column
        y = top + (k // columns) * LEGEND_ROW
        entry = {"label": label, "text_x": round(x + 30, 1), "text_y": round(y + 4.5, 1)}
        if sample["type"] == "line":
            entry["line"] = _line(
                x, y, x + 24, y, sample["stroke"], sample["width"], sample["dash"]
            )
        elif sample["type"] == "vline":
            entry["line"] = _line(
                x + 12, y - 7, x + 12, y + 7, sample["stroke"], sample["width"], sample["dash"]
            )
        else:
            entry["marker"] = {
                **_shape(sample["shape"], x + 12, y, down=sample.get("down", False)),
                "fill": sample["fill"],
            }
        placed.append(entry)
    rows = math.ceil(len(items) / columns)
    return placed, rows * LEGEND_ROW


def _marker_geometry(markers: list[dict], frame: Frame) -> list[dict]:
    drawn = []
    for marker in markers:
        if marker["index"] is None:
            continue
        stroke, dash, width = MARKER_STYLE[marker["kind"]]
        label_y = 6 + marker["row"] * MARKER_ROW + SMALL * 0.85
        drawn.append(
            {
                **marker,
                "line": _line(
                    marker["x"], frame.top, marker["x"], frame.bottom, stroke, width, dash
                ),
                "label_y": round(label_y, 1),
                "colour": stroke,
            }
        )
    return drawn


def _marker_legend(markers: list[dict]) -> list[tuple[str, dict]]:
    kinds = {m["kind"] for m in markers if m["index"] is not None}
    items = []
    for kind, label in (
        ("cycle", "PDSA cycle starts"),
        ("note", "Note (numbered, listed below)"),
        ("rebase", "New period starts"),
    ):
        if kind in kinds:
            stroke, dash, width = MARKER_STYLE[kind]
            items.append((label, {"type": "vline", "stroke": stroke, "dash": dash, "width": width}))
    return items


def _value_paths(frame: Frame, values: Sequence[float], breaks: Sequence[int]) -> list[dict]:
    bounds = [0, *breaks, len(values)]
    paths = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if end - start < 2:
            continue
        d = " ".join(
            f"{'M' if i == start else 'L'}{frame.x(i)},{frame.y(values[i])}"
            for i in range(start, end)
        )
        paths.append({"d": d, "stroke": GREY, "width": 1.5, "dash": ""})
    return paths


def _assemble(
    *,
    measure,
    kind: str,
    analysis: Analysis,
    frame: Frame,
    y_ticks: list[dict],
    lines: list[dict],
    points: list[dict],
    markers: list[dict],
    legend_items: list[tuple[str, dict]],
) -> dict:
    monthly = measure.frequency == "monthly"
    x_ticks = _date_ticks(frame, analysis.dates, monthly)
    axis_y = frame.bottom + 18
    legend_top = frame.bottom + (50 if any(t["year"] for t in x_ticks) else 32) + 8
    legend, legend_height = _legend(legend_items, legend_top)
    for tick in x_ticks:
        tick["y"] = axis_y
        tick["year_y"] = axis_y + 16
    return {
        "width": WIDTH,
        "height": round(legend_top + legend_height, 1),
        "max_width": MAX_WIDTH,
        "left": frame.left,
        "right": frame.right,
        "top": frame.top,
        "bottom": frame.bottom,
        "font": FONT,
        "small": SMALL,
        "y_ticks": y_ticks,
        "x_ticks": x_ticks,
        "lines": lines,
        "points": points,
        "markers": _marker_geometry(markers, frame),
        "legend": legend,
        "text_colour": TEXT,
        "grid_colour": LIGHT,
    }


def _run_chart(measure, analysis: Analysis, markers: list[dict]) -> tuple[dict, list[dict]]:
    run = analysis.run
    values = analysis.values
    extra = [run.median] + ([float(measure.target)] if measure.target is not None else [])
    lo, hi = _value_range(values, extra)
    frame, y_ticks = _frame(lo, hi, len(values), markers)
    lines = _value_paths(frame, values, ())
    y = frame.y(run.median)
    lines.append(_line(frame.left, y, frame.right, y, DARK, 2))
    target = _target_line(measure, frame)
    if target:
        lines.append(target)
    trend_side = {
        i: signal["side"]
        for signal in _trend_runs(analysis)
        for i in range(signal["start"], signal["end"] + 1)
    }
    points, table = [], []
    for i, point in enumerate(run.points):
        if point.shift:
            shape, fill = "square", ORANGE
        elif point.trend:
            shape, fill = "triangle", PURPLE
        else:
            shape, fill = "circle", BLUE
        side = (point.value > run.median) - (point.value < run.median)
        notes = []
        if point.shift:
            notes.append(f"Shift: 6 or more {SIDE_WORDS[side]} the median")
        if point.trend:
            notes.append(f"Trend: 5 or more going {'up' if trend_side.get(i, 1) > 0 else 'down'}")
        signal = "; ".join(notes)
        x, y = frame.x(i), frame.y(point.value)
        points.append(
            {
                **_shape(shape, x, y, down=trend_side.get(i, 1) < 0),
                "fill": fill,
                "title": f"{long_date(analysis.dates[i])}: {number_text(point.value)}"
                + (f". {signal}" if signal else ""),
            }
        )
        table.append(signal)
    legend = [
        ("Values", {"type": "line", "stroke": GREY, "width": 1.5, "dash": ""}),
        (
            f"Median (middle value): {_stat(run.median)}",
            {"type": "line", "stroke": DARK, "width": 2, "dash": ""},
        ),
    ]
    if any(p.shift for p in run.points):
        legend.append(
            ("Shift (6 or more on one side)", {"type": "point", "shape": "square", "fill": ORANGE})
        )
    if any(p.trend and not p.shift for p in run.points):
        legend.append(
            ("Trend (5 or more up or down)", {"type": "point", "shape": "triangle", "fill": PURPLE})
        )
    if target:
        legend.append(
            (
                f"Target: {number_text(measure.target)}",
                {"type": "line", "stroke": RED, "width": 2, "dash": "8 3 2 3"},
            )
        )
    legend += _marker_legend(markers)
    svg = _assemble(
        measure=measure,
        kind=RUN,
        analysis=analysis,
        frame=frame,
        y_ticks=y_ticks,
        lines=lines,
        points=points,
        markers=markers,
        legend_items=legend,
    )
    return svg, table


def _xmr_chart(measure, analysis: Analysis, markers: list[dict]) -> tuple[dict, list[dict]]:
    result = analysis.xmr
    values = analysis.values
    segments = _segment_bounds(analysis)
    limits = []
    for start, _ in segments:
        p = result.points[start]
        limits += [p.mean, p.upl, p.lpl]
    target = [float(measure.target)] if measure.target is not None else []
    clip_zero = min(values) >= 0 and (not target or target[0] >= 0)
    drawn_limits = [v for v in limits if not (clip_zero and v < 0)]
    lo, hi = _value_range(values, [*drawn_limits, *target])
    if clip_zero:
        lo = max(lo, 0)
    frame, y_ticks = _frame(lo, hi, len(values), markers)
    lines = _value_paths(frame, values, analysis.rebase_at)
    half = frame.step * 0.4
    for start, end in segments:
        p = result.points[start]
        x1, x2 = round(frame.x(start) - half, 1), round(frame.x(end - 1) + half, 1)
        lines.append(_line(x1, frame.y(p.mean), x2, frame.y(p.mean), DARK, 2))
        for limit in (p.upl, p.lpl):
            if clip_zero and limit < 0:
                continue
            lines.append(_line(x1, frame.y(limit), x2, frame.y(limit), GREY, 1.5, "6 4"))
    target_line = _target_line(measure, frame)
    if target_line:
        lines.append(target_line)
    points, table = [], []
    for i, point in enumerate(result.points):
        shape, fill = CAUSE_STYLE[point.special_cause]
        x, y = frame.x(i), frame.y(point.value)
        signal = ""
        if point.special_cause:
            signal = f"{CAUSE_TEXT[point.special_cause]}: {RULE_TEXT[point.rule][point.side]}"
        size = 4.5 if point.special_cause else 3.6
        points.append(
            {
                **_shape(shape, x, y, size=size, down=point.side < 0),
                "fill": fill,
                "title": f"{long_date(analysis.dates[i])}: {number_text(point.value)}"
                + (f". {signal}" if signal else ""),
            }
        )
        table.append(signal)
    last = result.points[-1]
    legend = [
        ("Values (common cause)", {"type": "point", "shape": "circle", "fill": GREY}),
        (f"Average: {_stat(last.mean)}", {"type": "line", "stroke": DARK, "width": 2, "dash": ""}),
        (
            f"Limits: {_stat(last.lpl)} to {_stat(last.upl)}",
            {"type": "line", "stroke": GREY, "width": 1.5, "dash": "6 4"},
        ),
    ]
    causes = {p.special_cause for p in result.points}
    for cause, label in (
        ("improvement", "Special cause improvement"),
        ("concern", "Special cause concern"),
        ("neutral", "Special cause (neither way)"),
    ):
        if cause in causes:
            shape, fill = CAUSE_STYLE[cause]
            legend.append((label, {"type": "point", "shape": shape, "fill": fill}))
    if target_line:
        legend.append(
            (
                f"Target: {number_text(measure.target)}",
                {"type": "line", "stroke": RED, "width": 2, "dash": "8 3 2 3"},
            )
        )
    legend += _marker_legend(markers)
    svg = _assemble(
        measure=measure,
        kind=XMR,
        analysis=analysis,
        frame=frame,
        y_ticks=y_ticks,
        lines=lines,
        points=points,
        markers=markers,
        legend_items=legend,
    )
    return svg, table


def periods(analysis: Analysis) -> list[dict]:
    """Each XmR period: from, number of values, average and limits (as text)."""
    if analysis.xmr is None:
        return []
    found = []
    for number, (start, end) in enumerate(_segment_bounds(analysis), 1):
        p = analysis.xmr.points[start]
        found.append(
            {
                "number": number,
                "starts": analysis.dates[start],
                "count": end - start,
                "mean": _stat(p.mean),
                "lpl": _stat(p.lpl),
                "upl": _stat(p.upl),
                "short": end - start < spc.SHORT_GROUP_POINTS,
            }
        )
    return found


def _run_stats(analysis: Analysis) -> str:
    run = analysis.run
    text = (
        f"Median {_stat(run.median)}. {len(analysis.values)} values, "
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


def measure_chart(measure, values, annotations, cycles, *, kind: str | None = None) -> dict:
    """Everything needed to show a measure's chart (see the module docstring). Keys:

    id, kind, title, description (for the SVG's <desc>), summary (one line), svg (geometry,
    None with no values), rows (the data table: date, value, signal, pk), markers (every
    annotation and cycle, with `index` None when outside the values' dates), periods (XmR),
    stats (run chart), variation_icon, variation_label, assurance_icon, assurance_label.
    """
    kind = kind if kind in KINDS else (measure.chart_kind if measure.chart_kind in KINDS else RUN)
    analysis = analyse(measure, values, annotations)
    markers = _markers(analysis, annotations, cycles)
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
        chart["svg"], signals = _run_chart(measure, analysis, markers)
        chart["stats"] = _run_stats(analysis)
        chart["variation_icon"] = run_variation_icon(measure, analysis)
    else:
        chart["summary"] = xmr_summary(measure, analysis)
        chart["svg"], signals = _xmr_chart(measure, analysis, markers)
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
