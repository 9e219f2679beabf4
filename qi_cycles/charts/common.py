"""Shared pieces of the measure charts: colours, sizes, the words used for signals and
icons, and number and date formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from qi_cycles.analysis import Analysis

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


def number_text(value: float | Decimal, places: int | None = None) -> str:
    """12, 3.5, 1,234 (values as entered); `places` rounds (averages, limits)."""
    if places is not None:
        value = round(float(value), places)
    number = Decimal(str(value)).normalize()
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def stat(value: float) -> str:
    """An average or limit: 2 decimal places at most."""
    return number_text(value, 2)


def short_date(day: date, monthly: bool) -> str:
    return f"{day:%b}" if monthly else f"{day.day} {day:%b}"


def text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * CHAR


def segment_bounds(analysis: Analysis) -> list[tuple[int, int]]:
    bounds = [0, *analysis.rebase_at, len(analysis.values)]
    return list(zip(bounds, bounds[1:], strict=False))
