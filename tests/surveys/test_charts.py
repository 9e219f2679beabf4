from django.template.loader import render_to_string

from portal.charts import bar_chart


def test_bars_scale_to_the_largest_value_and_suppressed_rows_have_no_bar():
    chart = bar_chart(
        [
            ("Falls", 10, "10 (50%)"),
            ("Dementia", 5, "5 (25%)"),
            ("Medicines", None, "fewer than 5"),
        ],
        title="Training wanted",
        description="People choosing each topic",
    )
    falls, dementia, medicines = chart["bars"]
    assert falls["width"] == 240
    assert dementia["width"] == 120
    assert medicines["width"] == 0
    assert medicines["display"] == "fewer than 5"
    assert dementia["y"] > falls["y"]


def test_long_labels_are_shortened_but_kept_whole_for_the_table():
    chart = bar_chart([("A" * 60, 1, "1")], title="t", description="d")
    assert len(chart["bars"][0]["label"]) == 44
    assert chart["bars"][0]["full_label"] == "A" * 60


def test_template_is_an_accessible_image_with_title_and_description():
    chart = bar_chart(
        [("Falls", 10, "10"), ("Dementia", None, "fewer than 5")],
        title="Training wanted",
        description="People choosing each topic",
    )
    svg = render_to_string("charts/bar.html", {"chart": chart})
    assert 'role="img"' in svg
    assert f'aria-labelledby="{chart["id"]}-title {chart["id"]}-desc"' in svg
    assert "<title" in svg and "Training wanted" in svg
    assert "<desc" in svg
    assert svg.count("<rect") == 1  # no bar for the suppressed row
    assert "fewer than 5" in svg


def test_no_values_draws_no_bars():
    chart = bar_chart([("Falls", 0, "0")], title="t", description="d")
    assert chart["bars"][0]["width"] == 0
