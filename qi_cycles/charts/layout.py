"""Placing things on a chart: the plot area and value ticks, date labels, markers for
notes and cycle starts (with their labels in rows that do not overlap), point shapes,
lines and the legend. Everything is in viewBox units (the chart is WIDTH wide)."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date

from qi_cycles.analysis import Analysis
from qi_cycles.charts.common import (
    DARK,
    FONT,
    GREY,
    LEGEND_ROW,
    MARKER_ROW,
    MAX_MARKER_ROWS,
    PLOT_HEIGHT,
    PURPLE,
    RED,
    RIGHT,
    SMALL,
    TEXT,
    WIDTH,
    number_text,
    short_date,
    text_width,
)


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


def marker_shape(shape: str, x: float, y: float, size: float = 4.5, down: bool = False) -> dict:
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


def line_path(x1, y1, x2, y2, stroke, width=1.5, dash="") -> dict:
    return {"d": f"M{x1},{y1} L{x2},{y2}", "stroke": stroke, "width": width, "dash": dash}


def _position(day: date, dates: Sequence[date]) -> float | None:
    """Where `day` falls among the values, as a fractional index (None outside them)."""
    if not dates or day < dates[0] or day > dates[-1]:
        return None
    i = bisect_left(dates, day)
    if dates[i] == day:
        return float(i)
    before, after = dates[i - 1], dates[i]
    return i - 1 + (day - before).days / (after - before).days


def chart_markers(analysis: Analysis, annotations, cycles) -> list[dict]:
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
    # Cycles are lettered A, B, C... in date order (the list under the chart uses the same
    # letters): "Cycle 1" of two change ideas would be two identical, wide labels.
    ordered = sorted(cycles, key=lambda c: (c.starts_on, c.number, c.pk or 0))
    for position, cycle in enumerate(ordered):
        items.append(
            {
                "kind": "cycle",
                "number": cycle.number,
                "label": cycle_letter(position),
                "date": cycle.starts_on,
                "text": f"Cycle {cycle.number} of \u201c{cycle.change_idea.title}\u201d started",
                "pk": cycle.pk,
                "index": _position(cycle.starts_on, dates),
            }
        )
    return items


def cycle_letter(position: int) -> str:
    """A, B, ... Z, then AA, AB, ..."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _place_labels(markers: list[dict], frame_x) -> int:
    """Give each drawn marker a label row above the plot so labels do not overlap;
    returns the number of rows used."""
    ends: list[float] = []
    for marker in sorted((m for m in markers if m["index"] is not None), key=lambda m: m["index"]):
        x = frame_x(marker["index"])
        half = text_width(marker["label"], SMALL) / 2 + 3
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


def value_range(values: Sequence[float], extra: Sequence[float]) -> tuple[float, float]:
    numbers = [*values, *extra]
    return min(numbers), max(numbers)


def make_frame(lo: float, hi: float, n: int, markers: list[dict]) -> tuple[Frame, list[dict]]:
    """The plot area and value ticks; places the markers' labels in rows above the plot."""
    ticks = nice_ticks(lo, hi)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    places = next(p for p in range(7) if abs(round(step, p) - step) < 1e-9)
    labels = [number_text(t, places) for t in ticks]
    left = round(max(text_width(label) for label in labels) + 10, 1)
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


def date_ticks(frame: Frame, dates: Sequence[date], monthly: bool) -> list[dict]:
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
        label = short_date(day, monthly)
        half = text_width(label, SMALL) / 2 + 1
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


TARGET_DASH = "8 3 2 3"


def target_path(measure, frame: Frame) -> dict | None:
    if measure.target is None:
        return None
    y = frame.y(float(measure.target))
    return line_path(frame.left, y, frame.right, y, RED, 2, TARGET_DASH)


def target_legend(measure) -> list[tuple[str, dict]]:
    """The legend entry for the target line (none without a target)."""
    if measure.target is None:
        return []
    sample = {"type": "line", "stroke": RED, "width": 2, "dash": TARGET_DASH}
    return [(f"Target: {number_text(measure.target)}", sample)]


def place_legend(items: list[tuple[str, dict]], top: float) -> tuple[list[dict], float]:
    """Samples and labels below the chart, in two columns if the labels fit, else one;
    returns (items, height)."""
    placed = []
    column = (WIDTH - 4) / 2
    columns = 2 if all(30 + text_width(label, SMALL) < column for label, _ in items) else 1
    for k, (label, sample) in enumerate(items):
        x = 2 + (k % columns) * column
        y = top + (k // columns) * LEGEND_ROW
        entry = {"label": label, "text_x": round(x + 30, 1), "text_y": round(y + 4.5, 1)}
        if sample["type"] == "line":
            entry["line"] = line_path(
                x, y, x + 24, y, sample["stroke"], sample["width"], sample["dash"]
            )
        elif sample["type"] == "vline":
            entry["line"] = line_path(
                x + 12, y - 7, x + 12, y + 7, sample["stroke"], sample["width"], sample["dash"]
            )
        else:
            entry["marker"] = {
                **marker_shape(sample["shape"], x + 12, y, down=sample.get("down", False)),
                "fill": sample["fill"],
            }
        placed.append(entry)
    rows = math.ceil(len(items) / columns)
    return placed, rows * LEGEND_ROW


def marker_geometry(markers: list[dict], frame: Frame) -> list[dict]:
    drawn = []
    for marker in markers:
        if marker["index"] is None:
            continue
        stroke, dash, width = MARKER_STYLE[marker["kind"]]
        label_y = 6 + marker["row"] * MARKER_ROW + SMALL * 0.85
        drawn.append(
            {
                **marker,
                "line": line_path(
                    marker["x"], frame.top, marker["x"], frame.bottom, stroke, width, dash
                ),
                "label_y": round(label_y, 1),
                "colour": stroke,
            }
        )
    return drawn


def marker_legend(markers: list[dict]) -> list[tuple[str, dict]]:
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


def value_paths(frame: Frame, values: Sequence[float], breaks: Sequence[int]) -> list[dict]:
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
