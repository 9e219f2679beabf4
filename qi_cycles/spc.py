"""Run-chart and XmR (SPC) rule engine. Pure Python: standard library only, no Django.

Sources (see ``shared/research/mission-anchors.md`` section 2):

* Run charts follow the IHI / NHS rules (Perla, Provost & Murray 2011): median centre line,
  shift of 6+, trend of 5+, too few / too many runs from the standard table.
* XmR charts follow NHS England's *Making Data Count* (MDC) as implemented by the NHS-R
  reference package NHSRplotthedots (HEAD 050b07d). Where the two differ we follow
  NHSRplotthedots:

  - an equal value BREAKS the 7-point trend (MDC/IHI say repeats neither add nor break;
    NHSRplotthedots#24 is open and the package does not implement it);
  - "two of three" counts only points between 2 sigma and 3 sigma (``close_to_limits``),
    not points beyond the limits (MDC changed this in NHSRplotthedots#194; the package did
    not), needs all three points on the same side of the mean and flags only the close
    points;
  - a point exactly on the mean breaks the 7-points-on-one-side run;
  - outside limits uses strict inequalities (> UPL, < LPL);
  - moving ranges are screened (Nelson 1982) by default; the MDC Excel tool does not screen,
    pass ``screen_outliers=False`` to match it;
  - an improvement/concern conflict on one point is resolved by rule precedence (outside
    limits > trend > two of three > shift), as the package labels points; the MDC Single
    Chart tool instead always prefers "improvement".

  One deliberate departure from the package *code*: the short-group warning is raised when a
  segment has fewer than 12 points, as the MDC guidance, the package's own warning text
  ("n < 12") and our issue say. The package's default option ``ptd_spc.warning_threshold``
  is 13, which would also warn at exactly 12 points.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

LIMIT_FACTOR = 2.66  # 3 / d2 (d2 = 1.128), hard-coded by MDC and NHSRplotthedots
NEAR_LIMIT_FACTOR = LIMIT_FACTOR * 2 / 3  # 2 sigma, used by the two-of-three rule
SCREEN_FACTOR = 3.267  # D4 for n = 2: moving ranges >= 3.267 * mean mR are screened out
XMR_RUN_LENGTH = 7  # trend and shift length in NHSRplotthedots
SHORT_GROUP_POINTS = 12  # warn when a segment has fewer points than this
RUN_CHART_SHIFT = 6
RUN_CHART_TREND = 5
DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}

# Too few / too many runs (lower, upper) by number of useful observations: signal if
# runs < lower or runs > upper. 10-30 are the published Perla-Provost-Murray (IHI/NHS) values.
# An exact Swed-Eisenhart derivation (equal groups, 2.5% each tail) matches 13 of these 21
# rows but differs at 11, 12, 17, 20, 22, 23, 25 and 29 by one run; the published values win.
# 31-60 are not in our copy of the published table and come from that derivation.
RUNS_TABLE: dict[int, tuple[int, int]] = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (10, 19),
    28: (10, 20), 29: (10, 20), 30: (11, 21), 31: (11, 22), 32: (12, 22), 33: (12, 23),
    34: (12, 24), 35: (13, 24), 36: (13, 25), 37: (14, 25), 38: (14, 26), 39: (14, 26),
    40: (15, 27), 41: (15, 28), 42: (16, 28), 43: (16, 29), 44: (17, 29), 45: (17, 30),
    46: (17, 31), 47: (18, 31), 48: (18, 32), 49: (19, 32), 50: (19, 33), 51: (20, 33),
    52: (20, 34), 53: (20, 35), 54: (21, 35), 55: (21, 36), 56: (22, 36), 57: (22, 37),
    58: (23, 37), 59: (23, 38), 60: (24, 38),
}  # fmt: skip


@dataclass(frozen=True)
class XmRPoint:
    value: float
    mean: float
    lpl: float
    upl: float
    special_cause: str | None  # "improvement", "concern", "neutral" or None
    rule: str | None  # "outside_limits", "trend", "two_of_three", "shift" or None
    side: int = 0  # +1 high / increasing, -1 low / decreasing, 0 common cause


@dataclass(frozen=True)
class XmRResult:
    points: list[XmRPoint]
    variation_icon: str
    assurance_icon: str | None
    short_group_warning: bool


@dataclass(frozen=True)
class RunChartPoint:
    value: float
    shift: bool
    trend: bool


@dataclass(frozen=True)
class RunChartResult:
    median: float
    points: list[RunChartPoint]
    useful_observations: int
    runs: int
    too_few_runs: bool | None  # None when the table does not cover the count (< 10 or > 60)
    too_many_runs: bool | None


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _check_values(values: Sequence[float]) -> list[float]:
    out = [float(v) for v in values]
    if not out:
        raise ValueError("values must not be empty")
    if not all(math.isfinite(v) for v in out):
        raise ValueError("values must be finite numbers")
    return out


def _runs_of(keys: Sequence[int], min_length: int) -> list[tuple[int, int, int]]:
    """Maximal runs (start, end inclusive, key) of equal non-zero keys at least min_length."""
    found, start = [], 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if keys[start] != 0 and i - start >= min_length:
                found.append((start, i - 1, keys[start]))
            start = i
    return found


def _limits(baseline: list[float], screen: bool) -> tuple[float, float]:
    """Mean and mean moving range of the baseline, screening large mRs (Nelson 1982)."""
    mean = statistics.fmean(baseline)
    ranges = [abs(b - a) for a, b in zip(baseline, baseline[1:], strict=False)]
    if not ranges:
        return mean, 0.0
    mr_bar = statistics.fmean(ranges)
    if screen:
        kept = [r for r in ranges if r < SCREEN_FACTOR * mr_bar]
        if kept:  # empty only when every mR is 0, so mr_bar is already 0
            mr_bar = statistics.fmean(kept)
    return mean, mr_bar


def _segment_rules(seg: list[float], mean: float, mr_bar: float) -> list[tuple[str, int] | None]:
    """(rule, side) per point, highest precedence first (NHSRplotthedots ptd_spc_standard)."""
    upl, lpl = mean + LIMIT_FACTOR * mr_bar, mean - LIMIT_FACTOR * mr_bar
    near = NEAR_LIMIT_FACTOR * mr_bar
    n = len(seg)
    rel = [_sign(x - mean) for x in seg]
    outside = [x > upl or x < lpl for x in seg]
    close = [not outside[i] and (seg[i] > mean + near or seg[i] < mean - near) for i in range(n)]
    trend: list[int] = [0] * n
    diffs = [_sign(b - a) for a, b in zip(seg, seg[1:], strict=False)]
    for start, end, key in _runs_of(diffs, XMR_RUN_LENGTH - 1):
        for i in range(start, end + 2):  # diff i joins points i and i + 1
            trend[i] = key
    two_of_three: list[int] = [0] * n
    for i in range(n - 2):
        window = range(i, i + 3)
        if sum(close[j] for j in window) >= 2 and abs(sum(rel[j] for j in window)) == 3:
            for j in window:
                if close[j]:
                    two_of_three[j] = rel[j]
    shift: list[int] = [0] * n
    for start, end, key in _runs_of(rel, XMR_RUN_LENGTH):
        for i in range(start, end + 1):
            shift[i] = key
    out: list[tuple[str, int] | None] = []
    for i in range(n):
        candidates = [
            ("outside_limits", rel[i] if outside[i] else 0),
            ("trend", trend[i]),
            ("two_of_three", two_of_three[i]),
            ("shift", shift[i]),
        ]
        out.append(next(((r, s) for r, s in candidates if s), None))
    return out


def xmr(
    values: Sequence[float],
    *,
    improvement_direction: str,
    target: float | None = None,
    rebase_at: Sequence[int] = (),
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> XmRResult:
    """XmR chart with MDC special-cause rules, icons and rebasing (NHSRplotthedots).

    ``rebase_at`` holds indices where a new segment starts; each segment has its own mean,
    limits and rules, and no rule runs across a rebase. ``fix_after_n_points`` works out the
    mean and limits from the first n points of each segment and applies them to the whole
    segment.
    """
    data = _check_values(values)
    if improvement_direction not in DIRECTIONS:
        raise ValueError(f"improvement_direction must be one of {sorted(DIRECTIONS)}")
    if fix_after_n_points is not None and fix_after_n_points < 2:
        raise ValueError("fix_after_n_points must be at least 2")
    if any(not 0 <= i < len(data) for i in rebase_at):
        raise ValueError("rebase_at indices must lie within values")
    direction = DIRECTIONS[improvement_direction]
    bounds = sorted({0, *rebase_at, len(data)})
    points: list[XmRPoint] = []
    short = False
    for start, end in zip(bounds, bounds[1:], strict=False):
        seg = data[start:end]
        short = short or len(seg) < SHORT_GROUP_POINTS
        baseline = seg[:fix_after_n_points] if fix_after_n_points else seg
        mean, mr_bar = _limits(baseline, screen_outliers)
        upl, lpl = mean + LIMIT_FACTOR * mr_bar, mean - LIMIT_FACTOR * mr_bar
        for value, flag in zip(seg, _segment_rules(seg, mean, mr_bar), strict=True):
            cause, rule, side = None, None, 0
            if flag:
                rule, side = flag
                if direction == 0:
                    cause = "neutral"
                else:
                    cause = "improvement" if side * direction > 0 else "concern"
            points.append(XmRPoint(value, mean, lpl, upl, cause, rule, side))
    last = points[-1]
    return XmRResult(
        points=points,
        variation_icon=_variation_icon(last),
        assurance_icon=_assurance_icon(last, direction, target),
        short_group_warning=short,
    )


def _variation_icon(last: XmRPoint) -> str:
    """Icon from the last point (NHSRplotthedots geom_ptd_icon / summary)."""
    if last.special_cause is None:
        return "common_cause"
    if last.special_cause == "neutral":
        return "neutral_high" if last.side > 0 else "neutral_low"
    return f"{last.special_cause}_{'high' if last.side > 0 else 'low'}"


def _assurance_icon(last: XmRPoint, direction: int, target: float | None) -> str | None:
    """Target against the last segment's limits (NHSRplotthedots ptd_calculate_assurance_type)."""
    if target is None or direction == 0:
        return None
    if target > last.upl:
        return "consistent_fail" if direction > 0 else "consistent_pass"
    if target < last.lpl:
        return "consistent_pass" if direction > 0 else "consistent_fail"
    return "inconsistent"


def run_chart(values: Sequence[float]) -> RunChartResult:
    """Run chart with the IHI / NHS rules (Perla, Provost & Murray 2011).

    Shift: 6+ consecutive useful points on one side of the median; points on the median
    neither count nor break it (and are not flagged). Trend: 5+ points going up or down, each
    compared with the previous *different* value, so repeats neither add nor break (repeated
    points inside a trend are flagged). Runs are counted over useful points only.
    """
    data = _check_values(values)
    median = statistics.median(data)
    useful = [i for i, v in enumerate(data) if v != median]
    sides = [_sign(data[i] - median) for i in useful]
    shift = [False] * len(data)
    for start, end, _ in _runs_of(sides, RUN_CHART_SHIFT):
        for k in range(start, end + 1):
            shift[useful[k]] = True
    groups: list[list[int]] = []  # indices of consecutive equal values
    for i, v in enumerate(data):
        if groups and data[groups[-1][0]] == v:
            groups[-1].append(i)
        else:
            groups.append([i])
    steps = [_sign(data[b[0]] - data[a[0]]) for a, b in zip(groups, groups[1:], strict=False)]
    trend = [False] * len(data)
    for start, end, _ in _runs_of(steps, RUN_CHART_TREND - 1):
        for group in groups[start : end + 2]:
            for i in group:
                trend[i] = True
    runs = sum(1 for k, s in enumerate(sides) if k == 0 or s != sides[k - 1])
    limits = RUNS_TABLE.get(len(useful))
    return RunChartResult(
        median=median,
        points=[RunChartPoint(v, shift[i], trend[i]) for i, v in enumerate(data)],
        useful_observations=len(useful),
        runs=runs,
        too_few_runs=None if limits is None else runs < limits[0],
        too_many_runs=None if limits is None else runs > limits[1],
    )
