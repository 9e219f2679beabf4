"""Unit tests for the run-chart and XmR rule engine (hand-worked and published examples).

Most XmR cases use BASE = [12, 10] * 6 with ``fix_after_n_points=12``: mean 11, every moving
range 2, so UPL = 11 + 2.66 * 2 = 16.32, LPL = 5.68 and the 2-sigma lines are
11 +/- 1.7733 * 2 = 14.547 / 7.453. BASE ends below the mean, so appended points start fresh.
"""

from math import comb

import pytest

from qi_cycles.spc import RUNS_TABLE, run_chart, xmr

BASE = [12.0, 10.0] * 6


def chart(tail, direction="increase", **kwargs):
    return xmr(BASE + list(tail), improvement_direction=direction, fix_after_n_points=12, **kwargs)


def rules(result, start=12):
    return [p.rule for p in result.points[start:]]


def causes(result, start=12):
    return [p.special_cause for p in result.points[start:]]


def test_base_limits_and_common_cause():
    result = chart([])
    point = result.points[0]
    assert point.mean == pytest.approx(11)
    assert point.upl == pytest.approx(16.32)
    assert point.lpl == pytest.approx(5.68)
    assert all(p.rule is None and p.special_cause is None for p in result.points)
    assert result.variation_icon == "common_cause"
    assert result.assurance_icon is None
    assert result.short_group_warning is False


# Outside limits -------------------------------------------------------------------------------


def test_point_above_upl_is_improvement_when_increase():
    result = chart([17])
    assert rules(result) == ["outside_limits"]
    assert causes(result) == ["improvement"]
    assert result.variation_icon == "improvement_high"


def test_point_below_lpl_is_concern_when_increase():
    result = chart([5])
    assert rules(result) == ["outside_limits"]
    assert causes(result) == ["concern"]
    assert result.variation_icon == "concern_low"


def test_point_just_inside_limit_does_not_flag():
    assert rules(chart([16.3])) == [None]


def test_point_exactly_on_upl_does_not_flag_strict_inequality():
    upl = chart([]).points[0].upl
    assert rules(chart([upl])) == [None]


# Trend (7 points, equal values break it: NHSRplotthedots) -------------------------------------


def test_seven_point_trend_flags_all_seven_including_first():
    result = chart([8, 9, 10, 11, 12, 13, 14])
    assert rules(result) == ["trend"] * 7
    assert causes(result) == ["improvement"] * 7
    assert result.points[11].rule is None  # the 10 before the 8 goes down, not part of it
    assert result.variation_icon == "improvement_high"


def test_decreasing_trend_is_concern_when_increase():
    result = chart([14, 13, 12, 11, 10, 9, 8])
    assert causes(result) == ["concern"] * 7
    assert result.variation_icon == "concern_low"


def test_six_increasing_points_then_equal_value_is_not_a_trend():
    assert rules(chart([8, 9, 10, 11, 12, 13, 13])) == [None] * 7


def test_equal_value_breaks_trend():
    # IHI/MDC would ignore the repeat; NHSRplotthedots (c(1:3, 3:6)) does not.
    assert rules(chart([8, 9, 10, 11, 11, 12, 13, 14])) == [None] * 8


def test_six_point_trend_is_not_enough():
    assert rules(chart([9, 10, 11, 12, 13, 14])) == [None] * 6


# Two of three beyond 2 sigma ------------------------------------------------------------------


def test_two_of_three_flags_only_the_close_points():
    result = chart([15, 11.5, 15])
    assert rules(result) == ["two_of_three", None, "two_of_three"]
    assert causes(result) == ["improvement", None, "improvement"]


def test_two_of_three_low_side_is_concern_when_increase():
    result = chart([7, 10.5, 7])
    assert rules(result) == ["two_of_three", None, "two_of_three"]
    assert causes(result) == ["concern", None, "concern"]
    assert result.variation_icon == "concern_low"


def test_two_of_three_needs_all_three_on_same_side():
    assert rules(chart([15, 10, 15])) == [None] * 3


def test_two_of_three_point_on_mean_breaks_it():
    assert rules(chart([15, 11, 15])) == [None] * 3


def test_two_of_three_ignores_points_beyond_limits():
    # NHSRplotthedots counts only points between 2 and 3 sigma (MDC #194 would count 17).
    assert rules(chart([17, 15, 11.5])) == ["outside_limits", None, None]


def test_one_close_point_is_not_enough():
    assert rules(chart([15, 11.5, 12])) == [None] * 3


# Shift: 7 on one side of the mean -------------------------------------------------------------


def test_seven_points_above_mean_is_a_shift():
    result = chart([11.5, 12, 11.5, 12, 11.5, 12, 11.5])
    assert rules(result) == ["shift"] * 7
    assert causes(result) == ["improvement"] * 7


def test_six_points_above_mean_is_not_a_shift():
    assert rules(chart([11.5, 12, 11.5, 12, 11.5, 12, 10])) == [None] * 7


def test_point_on_mean_breaks_shift():
    assert rules(chart([11.5, 12, 11.5, 11, 12, 11.5, 12, 11.5])) == [None] * 8


# Precedence and conflicts ---------------------------------------------------------------------


def test_point_outside_limits_and_in_trend_is_labelled_outside_limits():
    result = chart([8, 9, 10, 11, 12, 13, 17])
    assert rules(result) == ["trend"] * 6 + ["outside_limits"]


def test_trend_beats_shift_and_two_of_three():
    # 11.5 .. 14.5 rising, all above the mean: trend labels them, not shift.
    result = chart([11.5, 12, 12.5, 13, 13.5, 14, 14.5])
    assert rules(result) == ["trend"] * 7


def test_improvement_concern_conflict_resolved_by_precedence():
    # 17 is above UPL (improvement) and starts a falling trend (concern): outside wins.
    result = chart([17, 14, 13, 12, 11, 10, 9])
    assert rules(result) == ["outside_limits"] + ["trend"] * 6
    assert causes(result) == ["improvement"] + ["concern"] * 6


# Direction and icons --------------------------------------------------------------------------


def test_decrease_direction_flips_improvement_and_concern():
    high = chart([17], direction="decrease")
    assert causes(high) == ["concern"]
    assert high.variation_icon == "concern_high"
    low = chart([5], direction="decrease")
    assert causes(low) == ["improvement"]
    assert low.variation_icon == "improvement_low"


def test_neutral_direction():
    high = chart([17], direction="neutral", target=20)
    assert causes(high) == ["neutral"]
    assert high.variation_icon == "neutral_high"
    assert high.assurance_icon is None
    low = chart([14, 13, 12, 11, 10, 9, 8], direction="neutral")
    assert causes(low) == ["neutral"] * 7
    assert low.variation_icon == "neutral_low"


def test_variation_icon_comes_from_last_point_only():
    result = chart([17, 12])
    assert rules(result) == ["outside_limits", None]
    assert result.variation_icon == "common_cause"


@pytest.mark.parametrize(
    ("direction", "target", "icon"),
    [
        ("increase", 20, "consistent_fail"),
        ("increase", 3, "consistent_pass"),
        ("increase", 11, "inconsistent"),
        ("decrease", 20, "consistent_pass"),
        ("decrease", 3, "consistent_fail"),
        ("decrease", 11, "inconsistent"),
        ("increase", None, None),
        ("decrease", None, None),
    ],
)
def test_assurance_icons(direction, target, icon):
    assert chart([], direction=direction, target=target).assurance_icon == icon


def test_assurance_uses_last_segment_limits():
    values = BASE + [22.0, 20.0] * 6  # second segment: mean 21, limits 15.68 .. 26.32
    result = xmr(values, improvement_direction="increase", target=14, rebase_at=[12])
    assert result.assurance_icon == "consistent_pass"
    unrebased = xmr(values, improvement_direction="increase", target=14)
    assert unrebased.assurance_icon == "inconsistent"


# Rebase, fixing, screening --------------------------------------------------------------------


def test_rebase_gives_each_segment_its_own_mean_and_limits():
    values = BASE + [22.0, 20.0] * 6
    result = xmr(values, improvement_direction="increase", rebase_at=[12])
    assert [p.mean for p in result.points] == [11.0] * 12 + [21.0] * 12
    assert result.points[12].upl == pytest.approx(26.32)
    assert all(p.rule is None for p in result.points)
    assert result.short_group_warning is False
    unrebased = xmr(values, improvement_direction="increase")
    assert unrebased.points[-1].rule == "two_of_three"  # mean 16, 20 lies past 2 sigma


def test_rules_do_not_run_across_a_rebase():
    values = [1, 2, 3, 4, 5, 6, 7]
    assert [p.rule for p in xmr(values, improvement_direction="increase").points] == (
        ["outside_limits"] + ["trend"] * 5 + ["outside_limits"]
    )
    rebased = xmr(values, improvement_direction="increase", rebase_at=[4])
    assert [p.rule for p in rebased.points] == [None] * 7
    assert [p.mean for p in rebased.points] == [2.5] * 4 + [6.0] * 3


def test_rebase_at_zero_and_duplicates_are_harmless():
    plain = xmr(BASE, improvement_direction="increase")
    assert xmr(BASE, improvement_direction="increase", rebase_at=[0, 0]) == plain


def test_fix_after_n_points_applies_baseline_limits_to_whole_segment():
    values = BASE + [20.0, 20.0, 20.0]
    fixed = xmr(values, improvement_direction="increase", fix_after_n_points=12)
    assert {p.mean for p in fixed.points} == {11.0}
    assert all(p.upl == pytest.approx(16.32) for p in fixed.points)
    assert rules(fixed) == ["outside_limits"] * 3
    floating = xmr(values, improvement_direction="increase")
    assert floating.points[0].mean == pytest.approx(192 / 15)


def test_fix_after_n_points_is_per_segment():
    values = BASE + [22.0, 20.0] * 6 + [30.0]
    result = xmr(values, improvement_direction="increase", rebase_at=[12], fix_after_n_points=12)
    assert result.points[-1].mean == 21.0
    assert result.points[-1].rule == "outside_limits"


# Worked example from the NHSRplotthedots deviations vignette (reconstructed: 18 points).
SCREEN_EXAMPLE = [1, 2, 1, 2, 10] + [1, 2] * 6 + [1]


def test_screening_drops_large_moving_ranges():
    # mR: 1,1,1,8,9 then twelve 1s -> mean 32/17 = 1.882; 8 and 9 >= 3.267 * 1.882 go, leaving 1.
    point = xmr(SCREEN_EXAMPLE, improvement_direction="increase").points[0]
    assert point.mean == pytest.approx(35 / 18)
    assert point.upl == pytest.approx(4.6, abs=0.01)
    assert point.lpl == pytest.approx(-0.72, abs=0.01)


def test_screening_can_be_switched_off():
    result = xmr(SCREEN_EXAMPLE, improvement_direction="increase", screen_outliers=False)
    assert result.points[0].upl == pytest.approx(6.95, abs=0.01)
    assert result.points[0].lpl == pytest.approx(-3.06, abs=0.01)
    assert result.points[4].rule == "outside_limits"


def test_zero_moving_range():
    result = xmr([5] * 15, improvement_direction="increase", target=6)
    assert all((p.mean, p.lpl, p.upl) == (5, 5, 5) for p in result.points)
    assert all(p.rule is None for p in result.points)
    assert result.variation_icon == "common_cause"
    assert result.assurance_icon == "consistent_fail"
    assert xmr([5] * 15, improvement_direction="increase", target=5).assurance_icon == (
        "inconsistent"
    )


def test_single_point():
    result = xmr([3], improvement_direction="decrease")
    assert (result.points[0].lpl, result.points[0].upl) == (3, 3)
    assert result.short_group_warning is True


# Short groups ---------------------------------------------------------------------------------


def test_short_group_warning_at_11_not_12_points():
    assert xmr(BASE[:11], improvement_direction="increase").short_group_warning is True
    assert xmr(BASE, improvement_direction="increase").short_group_warning is False


def test_short_group_warning_for_any_short_segment():
    values = BASE + BASE[:11]
    assert xmr(values, improvement_direction="increase").short_group_warning is False
    rebased = xmr(values, improvement_direction="increase", rebase_at=[12])
    assert rebased.short_group_warning is True


@pytest.mark.parametrize(
    "kwargs",
    [
        {"values": [], "improvement_direction": "increase"},
        {"values": [1, 2], "improvement_direction": "up"},
        {"values": [1, float("nan")], "improvement_direction": "increase"},
        {"values": [1, 2], "improvement_direction": "increase", "rebase_at": [2]},
        {"values": [1, 2], "improvement_direction": "increase", "rebase_at": [-1]},
        {"values": [1, 2], "improvement_direction": "increase", "fix_after_n_points": 1},
    ],
)
def test_xmr_rejects_bad_input(kwargs):
    values = kwargs.pop("values")
    with pytest.raises(ValueError):
        xmr(values, **kwargs)


# Run chart ------------------------------------------------------------------------------------


def test_run_chart_median_and_ties_on_median():
    result = run_chart([1, 2, 3, 3, 3, 4, 5])
    assert result.median == 3
    assert result.useful_observations == 4
    assert result.runs == 2


def test_run_chart_shift_skips_points_on_median():
    values = [9, 9, 9, 5, 9, 9, 9, 1, 1, 1, 1, 1, 1, 5]
    result = run_chart(values)
    assert result.median == 5
    assert result.useful_observations == 12
    assert [p.shift for p in result.points] == [True] * 3 + [False] + [True] * 9 + [False]
    assert result.runs == 2
    assert result.too_few_runs is True  # 12 useful: fewer than 3 runs
    assert result.too_many_runs is False


def test_run_chart_five_on_one_side_is_not_a_shift():
    result = run_chart([9, 9, 9, 9, 9, 1, 1, 1, 1, 1])
    assert not any(p.shift for p in result.points)
    assert result.runs == 2
    assert result.too_few_runs is True


def test_run_chart_trend_of_five():
    result = run_chart([3, 1, 2, 3, 4, 5, 3, 3])
    assert [p.trend for p in result.points] == [False, True, True, True, True, True, False, False]


def test_run_chart_repeats_neither_add_nor_break_trend():
    assert [p.trend for p in run_chart([1, 2, 2, 3, 4, 5]).points] == [True] * 6
    assert [p.trend for p in run_chart([5, 4, 4, 3, 2, 1]).points] == [True] * 6
    assert not any(p.trend for p in run_chart([1, 2, 2, 3, 4, 4]).points)


def test_run_chart_four_increases_are_not_a_trend():
    assert not any(p.trend for p in run_chart([1, 2, 3, 4, 1, 2, 3, 4]).points)


def test_run_chart_too_many_runs():
    result = run_chart([1, 9] * 5)
    assert (result.useful_observations, result.runs) == (10, 10)
    assert result.too_many_runs is True
    assert result.too_few_runs is False


def test_run_chart_runs_at_table_edges_do_not_signal():
    upper = run_chart([1, 9, 1, 9, 1, 9, 1, 9, 9, 1])
    assert upper.runs == 9
    assert (upper.too_few_runs, upper.too_many_runs) == (False, False)
    lower = run_chart([1, 1, 1, 9, 9, 9, 9, 9, 1, 1])
    assert lower.runs == 3
    assert (lower.too_few_runs, lower.too_many_runs) == (False, False)


def test_run_chart_median_points_do_not_break_runs():
    result = run_chart([1, 5, 1, 9, 5, 9, 1, 9, 1, 9, 1, 9])
    assert result.median == 5
    assert result.useful_observations == 10
    assert result.runs == 8


def test_run_chart_with_nine_useful_observations_has_no_runs_verdict():
    result = run_chart([1, 9, 1, 9, 5, 1, 9, 1, 9, 5, 1])
    assert result.useful_observations == 9
    assert (result.too_few_runs, result.too_many_runs) == (None, None)


def test_run_chart_beyond_table_has_no_runs_verdict():
    result = run_chart(list(range(1, 63)))
    assert result.useful_observations == 62
    assert result.too_few_runs is None


def test_run_chart_rejects_empty():
    with pytest.raises(ValueError):
        run_chart([])


# Runs table -----------------------------------------------------------------------------------

PUBLISHED = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12), 16: (5, 13),
    17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16), 22: (7, 17), 23: (7, 17),
    24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (10, 19), 28: (10, 20), 29: (10, 20),
    30: (11, 21),
}  # fmt: skip


def swed_eisenhart(n, tail=0.025):
    """Runs limits for n useful points split as evenly as possible, ~2.5% in each tail."""
    n1, n2 = n // 2, n - n // 2

    def pmf(r):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * comb(n1 - 1, k - 1) * comb(n2 - 1, k - 1)
        else:
            ways = comb(n1 - 1, k) * comb(n2 - 1, k - 1) + comb(n1 - 1, k - 1) * comb(n2 - 1, k)
        return ways / comb(n, n1)

    def first_over(rs):
        total = 0.0
        for r in rs:
            total += pmf(r)
            if total > tail:
                return r

    return first_over(range(2, n + 1)), first_over(range(n, 1, -1))


def test_runs_table_matches_published_values():
    assert {n: RUNS_TABLE[n] for n in PUBLISHED} == PUBLISHED
    assert sorted(RUNS_TABLE) == list(range(10, 61))


def test_runs_table_beyond_30_is_the_swed_eisenhart_derivation():
    for n in range(31, 61):
        assert RUNS_TABLE[n] == swed_eisenhart(n)
    for n in PUBLISHED:  # published rows are within one run of the derivation
        derived = swed_eisenhart(n)
        assert all(abs(a - b) <= 1 for a, b in zip(derived, PUBLISHED[n], strict=True))
