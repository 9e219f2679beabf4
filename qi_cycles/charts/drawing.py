"""The geometry of the run chart and the XmR chart, ready for templates/charts/spc_svg.html,
and the signal text of each value for the data table."""

from __future__ import annotations

from qi_cycles.analysis import Analysis
from qi_cycles.charts.common import (
    BLUE,
    CAUSE_STYLE,
    CAUSE_TEXT,
    DARK,
    FONT,
    GREY,
    LIGHT,
    MAX_WIDTH,
    ORANGE,
    PURPLE,
    RULE_TEXT,
    RUN,
    SIDE_WORDS,
    SMALL,
    TEXT,
    WIDTH,
    XMR,
    number_text,
    segment_bounds,
    stat,
)
from qi_cycles.charts.layout import (
    Frame,
    date_ticks,
    line_path,
    make_frame,
    marker_geometry,
    marker_legend,
    marker_shape,
    place_legend,
    target_legend,
    target_path,
    value_paths,
    value_range,
)
from qi_cycles.charts.summaries import trend_runs
from qi_cycles.imports import long_date


def assemble(
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
    x_ticks = date_ticks(frame, analysis.dates, monthly)
    axis_y = frame.bottom + 18
    legend_top = frame.bottom + (50 if any(t["year"] for t in x_ticks) else 32) + 8
    legend, legend_height = place_legend(legend_items, legend_top)
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
        "markers": marker_geometry(markers, frame),
        "legend": legend,
        "text_colour": TEXT,
        "grid_colour": LIGHT,
    }


def run_chart_svg(measure, analysis: Analysis, markers: list[dict]) -> tuple[dict, list[dict]]:
    run = analysis.run
    values = analysis.values
    extra = [run.median] + ([float(measure.target)] if measure.target is not None else [])
    lo, hi = value_range(values, extra)
    frame, y_ticks = make_frame(lo, hi, len(values), markers)
    lines = value_paths(frame, values, ())
    y = frame.y(run.median)
    lines.append(line_path(frame.left, y, frame.right, y, DARK, 2))
    target = target_path(measure, frame)
    if target:
        lines.append(target)
    trend_side = {
        i: signal["side"]
        for signal in trend_runs(analysis)
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
                **marker_shape(shape, x, y, down=trend_side.get(i, 1) < 0),
                "fill": fill,
                "title": f"{long_date(analysis.dates[i])}: {number_text(point.value)}"
                + (f". {signal}" if signal else ""),
            }
        )
        table.append(signal)
    legend = [
        ("Values", {"type": "line", "stroke": GREY, "width": 1.5, "dash": ""}),
        (
            f"Median (middle value): {stat(run.median)}",
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
    legend += target_legend(measure)
    legend += marker_legend(markers)
    svg = assemble(
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


def xmr_chart_svg(measure, analysis: Analysis, markers: list[dict]) -> tuple[dict, list[dict]]:
    result = analysis.xmr
    values = analysis.values
    segments = segment_bounds(analysis)
    limits = []
    for start, _ in segments:
        p = result.points[start]
        limits += [p.mean, p.upl, p.lpl]
    target = [float(measure.target)] if measure.target is not None else []
    clip_zero = min(values) >= 0 and (not target or target[0] >= 0)
    drawn_limits = [v for v in limits if not (clip_zero and v < 0)]
    lo, hi = value_range(values, [*drawn_limits, *target])
    if clip_zero:
        lo = max(lo, 0)
    frame, y_ticks = make_frame(lo, hi, len(values), markers)
    lines = value_paths(frame, values, analysis.rebase_at)
    half = frame.step * 0.4
    for start, end in segments:
        p = result.points[start]
        x1, x2 = round(frame.x(start) - half, 1), round(frame.x(end - 1) + half, 1)
        lines.append(line_path(x1, frame.y(p.mean), x2, frame.y(p.mean), DARK, 2))
        for limit in (p.upl, p.lpl):
            if clip_zero and limit < 0:
                continue
            lines.append(line_path(x1, frame.y(limit), x2, frame.y(limit), GREY, 1.5, "6 4"))
    target_line = target_path(measure, frame)
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
                **marker_shape(shape, x, y, size=size, down=point.side < 0),
                "fill": fill,
                "title": f"{long_date(analysis.dates[i])}: {number_text(point.value)}"
                + (f". {signal}" if signal else ""),
            }
        )
        table.append(signal)
    last = result.points[-1]
    legend = [
        ("Values (common cause)", {"type": "point", "shape": "circle", "fill": GREY}),
        (f"Average: {stat(last.mean)}", {"type": "line", "stroke": DARK, "width": 2, "dash": ""}),
        (
            f"Limits: {stat(last.lpl)} to {stat(last.upl)}",
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
    legend += target_legend(measure)
    legend += marker_legend(markers)
    svg = assemble(
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
