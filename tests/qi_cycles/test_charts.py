"""A measure's chart (qi_cycles.charts): geometry, markers, summary sentences and icons.
Unsaved model objects only: no database."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from qi_cycles import charts
from qi_cycles.models import Annotation, ChangeIdea, Cycle, Measure, MeasureValue

START = date(2026, 1, 5)  # a Monday
BASE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9]  # 12 weeks of common cause


def week(i: int) -> date:
    return START + timedelta(weeks=i)


def measure(**fields) -> Measure:
    defaults = {
        "pk": 7,
        "name": "Falls at night",
        "unit": "falls",
        "direction": "decrease",
        "chart_kind": "xmr",
        "frequency": "weekly",
    }
    return Measure(**{**defaults, **fields})


def values(numbers) -> list[MeasureValue]:
    return [
        MeasureValue(pk=i + 1, date=week(i), value=Decimal(str(v))) for i, v in enumerate(numbers)
    ]


def chart(numbers, *, notes=(), cycles=(), kind=None, **fields) -> dict:
    return charts.measure_chart(
        measure(**fields), values(numbers), list(notes), list(cycles), kind=kind
    )


def cycle(number: int, starts_on: date) -> Cycle:
    return Cycle(
        pk=number,
        number=number,
        starts_on=starts_on,
        change_idea=ChangeIdea(title="Comfort rounds"),
    )


# --- Run chart -----------------------------------------------------------------------------

# Median 7: the two 7s are on it. Six values above (skipping the 7s), then six below.
SHIFT_SERIES = [8, 9, 7, 8, 9, 8, 7, 8, 3, 2, 3, 2, 3, 2]


def test_run_chart_flags_a_known_shift_with_a_different_colour_and_shape():
    result = chart(SHIFT_SERIES, kind="run")
    points = result["svg"]["points"]
    assert len(points) == len(SHIFT_SERIES)
    flagged = [i for i, p in enumerate(points) if p["fill"] == charts.ORANGE]
    # Points on the median neither count nor break the shift, and are not flagged.
    assert flagged == [0, 1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]
    assert {points[i]["shape"] for i in flagged} == {"polygon"}  # squares
    assert points[2]["shape"] == points[6]["shape"] == "circle"
    assert points[2]["fill"] == charts.BLUE
    assert result["summary"] == (
        "A shift: 6 values in a row below the median since 2 March 2026, an improvement."
    )
    assert result["variation_icon"] == "improvement_low"
    assert result["rows"][8]["signal"] == "Shift: 6 or more below the median"
    assert result["rows"][2]["signal"] == ""


def test_run_chart_median_line_and_stats():
    result = chart(SHIFT_SERIES, kind="run")
    svg = result["svg"]
    median_y = svg["points"][2]["cy"]  # a point on the median
    assert any(
        line["d"].endswith(f",{median_y}") and line["stroke"] == charts.DARK
        for line in svg["lines"]
    )
    assert (
        "Median 7. 14 values, 12 of them not on the median (useful values), in 2 runs."
        in (result["stats"])
    )
    assert "expect 3 to 11 runs" in result["stats"]


def test_a_shift_that_has_ended_gives_its_dates():
    result = chart([*SHIFT_SERIES, 8, 9], kind="run", direction="increase")
    assert result["summary"] == (
        "A shift: 6 values in a row below the median from 2 March 2026 to 6 April 2026, "
        "a change for the worse."
    )
    assert result["variation_icon"] == "common_cause"


def test_run_chart_trend_ignores_repeats_and_points_the_triangles_its_way():
    result = chart([1, 2, 3, 4, 5, 6, 6, 7], kind="run", direction="increase")
    assert result["summary"] == (
        "A trend: 7 values in a row going up since 5 January 2026, an improvement."
    )
    assert all(p["fill"] == charts.PURPLE for p in result["svg"]["points"])
    assert result["variation_icon"] == "improvement_high"


def test_run_chart_too_many_runs():
    result = chart([5, 1] * 7, kind="run")
    assert result["summary"].startswith("Too many runs (14 in 14 values)")


def test_run_chart_with_no_signal_and_with_few_values():
    assert chart(BASE, kind="run")["summary"] == (
        "No signal: the values vary around the median by chance."
    )
    assert chart(BASE[:5], kind="run")["summary"] == (
        "Fewer than 10 values: keep adding values before looking for signals."
    )


def test_run_chart_has_no_assurance_icon():
    result = chart(BASE, kind="run", target=Decimal("9"))
    assert result["assurance_icon"] is None
    assert result["variation_icon"] == "common_cause"


# --- XmR chart -----------------------------------------------------------------------------

DROP = [*BASE, 8, 7, 8, 7, 8, 7, 8, 7]  # 9 values below the average at the end


@pytest.mark.parametrize(
    ("direction", "summary", "icon", "fill"),
    [
        (
            "decrease",
            "Special cause improvement since 23 March 2026: 9 points below the average.",
            "improvement_low",
            charts.BLUE,
        ),
        (
            "increase",
            "Special cause concern since 23 March 2026: 9 points below the average.",
            "concern_low",
            charts.ORANGE,
        ),
        (
            "neutral",
            "Special cause variation (neither better nor worse) since 23 March 2026: "
            "9 points below the average.",
            "neutral_low",
            charts.PURPLE,
        ),
    ],
)
def test_xmr_shift_by_direction(direction, summary, icon, fill):
    result = chart(DROP, direction=direction)
    assert result["summary"] == summary
    assert result["variation_icon"] == icon
    last = result["svg"]["points"][-1]
    assert last["fill"] == fill and last["shape"] == "polygon"
    assert result["svg"]["points"][0]["fill"] == charts.GREY
    assert result["svg"]["points"][0]["shape"] == "circle"
    assert result["rows"][-1]["signal"].endswith("7 or more below the average")


def test_xmr_point_outside_the_limits():
    result = chart([*BASE, 25])
    assert result["summary"] == (
        "Special cause concern since 30 March 2026: the latest value is above the upper limit."
    )
    assert result["variation_icon"] == "concern_high"
    assert result["rows"][-1]["signal"] == "Concern: above the upper limit"


def test_xmr_trend_ending_outside_the_limits():
    result = chart([*BASE, 9, 10, 11, 12, 13, 14, 15])
    assert result["summary"] == (
        "Special cause concern since 30 March 2026: 7 values in a row going up, the latest "
        "above the upper limit."
    )


def test_xmr_two_of_three_near_a_limit():
    # Limits fixed on 12 values of 10 and 11: average 10.5, near limit 12.27, upper 13.16.
    result = chart([10, 11] * 6 + [12.5, 11, 12.5], direction="increase", fix_after_n_points=12)
    assert result["summary"] == (
        "Special cause improvement since 30 March 2026: 2 of the last 3 values are near the "
        "upper limit."
    )
    assert result["rows"][-2]["signal"] == ""
    assert result["rows"][-1]["signal"] == "Improvement: 2 of 3 near the upper limit"


def test_xmr_common_cause_and_short_groups():
    assert chart(BASE)["summary"] == "No signal yet: the values vary by chance (common cause)."
    assert chart(BASE[:8])["summary"] == (
        "No signal yet: the values vary by chance (common cause). Fewer than 12 values: "
        "treat these limits as a first look."
    )


def test_xmr_earlier_signal_then_common_cause():
    result = chart([*BASE, 25, *BASE[:2]])
    assert result["summary"].startswith("No signal in the latest value")
    assert result["summary"].endswith("The last special cause was a concern, on 30 March 2026.")


def test_xmr_limits_are_drawn_per_period_with_a_break_at_a_rebase():
    numbers = [*BASE, *[v + 20 for v in BASE]]
    note = Annotation(pk=1, date=week(12), text="Drinks trolley", starts_new_period=True)
    result = chart(numbers, notes=[note], direction="increase")
    svg = result["svg"]
    means = [line for line in svg["lines"] if line["stroke"] == charts.DARK]
    limits = [line for line in svg["lines"] if line["dash"] == "6 4"]
    assert len(means) == 2 and len(limits) == 4
    # The value line is broken at the new period too.
    assert (
        len([line for line in svg["lines"] if line["stroke"] == charts.GREY and not line["dash"]])
        == 2
    )
    first_end = float(re.findall(r"L([\d.]+),", means[0]["d"])[0])
    second_start = float(re.findall(r"M([\d.]+),", means[1]["d"])[0])
    assert first_end < second_start
    assert [(p["number"], p["mean"], p["count"]) for p in result["periods"]] == [
        (1, "10.17", 12),
        (2, "30.17", 12),
    ]
    assert result["summary"] == (
        "No signal since the new period started on 30 March 2026: the values vary by chance "
        "(common cause)."
    )
    marker = next(m for m in svg["markers"] if m["kind"] == "rebase")
    assert first_end < marker["x"] < second_start  # between the periods


def test_negative_lower_limit_is_not_drawn_for_counts():
    result = chart([0, 3, 0, 4, 1, 0, 5, 1, 0, 2, 0, 3])
    assert float(result["periods"][0]["lpl"]) < 0
    assert min(float(t["label"]) for t in result["svg"]["y_ticks"]) == 0
    assert len([line for line in result["svg"]["lines"] if line["dash"] == "6 4"]) == 1


def test_assurance_icon_and_target_line():
    result = chart(BASE, target=Decimal("20"), direction="increase")
    assert result["assurance_icon"] == "consistent_fail"
    assert result["assurance_label"] == "The target will not be met unless something changes"
    targets = [line for line in result["svg"]["lines"] if line["stroke"] == charts.RED]
    assert len(targets) == 1
    assert any(item["label"] == "Target: 20" for item in result["svg"]["legend"])
    assert chart(BASE, target=Decimal("10"))["assurance_icon"] == "inconsistent"
    assert chart(BASE, target=Decimal("20"), direction="neutral")["assurance_icon"] is None


# --- Markers -------------------------------------------------------------------------------


def test_cycle_starts_and_notes_are_drawn_at_their_dates():
    notes = [Annotation(pk=1, date=week(3), text="Staff off sick")]
    cycles = [cycle(1, week(5)), cycle(2, week(8) + timedelta(days=3)), cycle(3, week(40))]
    result = chart(BASE, notes=notes, cycles=cycles)
    drawn = {m["label"]: m for m in result["svg"]["markers"]}
    assert set(drawn) == {"1", "A", "B"}  # cycles are lettered; C starts after the last value
    points = result["svg"]["points"]
    assert drawn["A"]["x"] == points[5]["cx"]
    assert points[8]["cx"] < drawn["B"]["x"] < points[9]["cx"]
    assert drawn["1"]["x"] == points[3]["cx"]
    off_chart = [m for m in result["markers"] if m["index"] is None]
    assert [m["label"] for m in off_chart] == ["C"]
    assert result["markers"][1]["text"] == "Cycle 1 of “Comfort rounds” started"


def test_cycle_letters_run_past_z():
    from qi_cycles.charts.layout import cycle_letter

    assert [cycle_letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


def test_marker_labels_that_would_overlap_go_on_separate_rows():
    cycles = [cycle(1, week(5)), cycle(2, week(5))]
    result = chart(BASE, cycles=cycles)
    rows = sorted(m["row"] for m in result["svg"]["markers"])
    assert rows == [0, 1]


# --- Dates, ticks, output ------------------------------------------------------------------


def test_date_labels_fit_and_show_the_year_when_it_changes():
    numbers = list(range(60))
    result = chart(numbers)
    ticks = result["svg"]["x_ticks"]
    assert 2 <= len(ticks) <= 5
    assert ticks[0]["label"] == "5 Jan" and ticks[0]["year"] == "2026"
    assert ticks[-1]["year"] == "2027"
    assert all(0 < t["text_x"] < charts.WIDTH for t in ticks)


def test_no_values():
    result = chart([])
    assert result["svg"] is None
    assert result["summary"] == "No values yet."
    assert result["rows"] == []


def test_a_single_value():
    result = chart([4])
    assert len(result["svg"]["points"]) == 1
    assert "Fewer than 12 values" in result["summary"]


def test_the_svg_is_accessible_and_self_contained():
    notes = [Annotation(pk=1, date=week(14), text="New mats", starts_new_period=True)]
    result = chart(DROP, notes=notes, cycles=[cycle(1, week(6))], target=Decimal("8"))
    html = render_to_string("qi_cycles/includes/measure_chart_svg.html", {"chart": result})
    assert 'role="img"' in html
    assert 'aria-labelledby="measure-7-xmr-title measure-7-xmr-desc"' in html
    assert '<title id="measure-7-xmr-title">SPC chart of Falls at night (falls)</title>' in html
    assert result["summary"] in html
    assert 'viewBox="0 0 400 ' in html and 'width="100%"' in html
    start = html.rindex("<svg ", 0, html.index('viewBox="0 0 400'))  # the chart, not an icon
    svg = html[start : html.index("</svg>", start)]
    inside = svg[svg.index(">") + 1 :]  # the root may carry a class for the page's stylesheet
    for banned in ("<script", "class=", "href=", "<image", "url("):
        assert banned not in inside
    assert result["variation_label"] and result["variation_label"] in html  # icon's text
    assert result["assurance_label"] and result["assurance_label"] in html


def test_full_include_has_a_data_table():
    result = chart(DROP)
    html = render_to_string("qi_cycles/includes/measure_chart.html", {"chart": result})
    assert html.count('<tr class="nhsuk-table__row">') == len(DROP) + 1
    assert "Improvement: 7 or more below the average" in html
    assert "average 9.1, process limits" in html


def test_numbers_are_shown_simply():
    assert charts.number_text(Decimal("3.5000")) == "3.5"
    assert charts.number_text(Decimal("1234.0000")) == "1,234"
    assert charts.number_text(10.166666, 2) == "10.17"
    assert charts.nice_ticks(2, 8) == [2, 4, 6, 8]
    assert charts.nice_ticks(0.3, 0.9) == [0.2, 0.4, 0.6, 0.8, 1.0]
    assert charts.nice_ticks(5, 5) == [4.5, 5, 5.5] or charts.nice_ticks(5, 5)[0] < 5


def test_xmr_trend_then_a_run_above_the_average_says_both():
    result = chart([*BASE, 9, 10, 11, 12, 13, 14, 15, 12, 14, 12, 13, 12], direction="increase")
    assert result["summary"] == (
        "Special cause improvement since 30 March 2026: 7 values in a row going up, then 9 "
        "points above the average."
    )
