"""Runs a measure's values through the rule engine (qi_cycles.spc) the way the portal
charts them: values in date order, a new XmR period from each annotation marked "starts a
new period", the measure's own screening and fixed-limit settings.

`refresh_signal(measure)` keeps `Measure.signal` (the variation icon of the latest point)
up to date; call it after any change to a measure's values, annotations or settings.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from qi_cycles import spc
from qi_cycles.models import Annotation, Measure, MeasureValue

IMPROVING = ("improvement_high", "improvement_low")
WORSENING = ("concern_high", "concern_low")


@dataclass(frozen=True)
class Analysis:
    dates: list[date]
    values: list[float]
    rebase_at: list[int]  # indices where a new XmR period starts
    xmr: spc.XmRResult | None  # None with no values
    run: spc.RunChartResult | None


def rebase_indices(dates: Sequence[date], annotations: Sequence[Annotation]) -> list[int]:
    """Index of the first value on or after each "starts a new period" annotation (never 0:
    the first period starts there anyway)."""
    found = set()
    for note in annotations:
        if not note.starts_new_period:
            continue
        index = next((i for i, d in enumerate(dates) if d >= note.date), None)
        if index:
            found.add(index)
    return sorted(found)


def analyse(
    measure: Measure, values: Sequence[MeasureValue], annotations: Sequence[Annotation]
) -> Analysis:
    ordered = sorted(values, key=lambda v: v.date)
    dates = [v.date for v in ordered]
    numbers = [float(v.value) for v in ordered]
    rebase = rebase_indices(dates, annotations)
    if not numbers:
        return Analysis(dates, numbers, rebase, None, None)
    result = spc.xmr(
        numbers,
        improvement_direction=measure.direction,
        target=float(measure.target) if measure.target is not None else None,
        rebase_at=rebase,
        fix_after_n_points=measure.fix_after_n_points
        if measure.fix_after_n_points and measure.fix_after_n_points >= 2
        else None,
        screen_outliers=measure.screen_outliers,
    )
    return Analysis(dates, numbers, rebase, result, spc.run_chart(numbers))


def refresh_signal(measure: Measure) -> str:
    """Work out and store the measure's latest variation icon ("" with no values)."""
    analysis = analyse(measure, list(measure.values.all()), list(measure.annotations.all()))
    signal = analysis.xmr.variation_icon if analysis.xmr else ""
    if signal != measure.signal:
        Measure.objects.filter(pk=measure.pk).update(signal=signal)
        measure.signal = signal
    return signal
