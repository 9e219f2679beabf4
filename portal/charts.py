"""Server-side SVG charts, drawn by templates in templates/charts/. Each chart goes with a
data table (the page shows both), so it works on screen, in a PDF and for screen readers.

    chart = bar_chart(
        [("Falls", 12, "12 (40%)"), ("Dementia", None, "fewer than 5")],
        title="Training people want", description="Number of people choosing each topic",
    )
    {% include "charts/bar.html" with chart=chart %}

A row whose value is None is drawn without a bar: use it for suppressed counts, so the
length of a bar never gives away a number that is hidden.
"""

from itertools import count

_ids = count(1)

LABEL_WIDTH = 230
BAR_AREA = 220
VALUE_WIDTH = 120
ROW_HEIGHT = 34
BAR_HEIGHT = 22
TOP = 8


def bar_chart(
    rows: list[tuple[str, float | None, str]],
    *,
    title: str,
    description: str,
    max_value: float | None = None,
) -> dict:
    """A horizontal bar chart: one bar per (label, value, display text) row."""
    values = [value for _, value, _ in rows if value is not None]
    top = max_value if max_value is not None else max(values, default=0)
    ident = f"chart-{next(_ids)}"
    bars = []
    for index, (label, value, display) in enumerate(rows):
        width = 0 if not value or not top else round(BAR_AREA * value / top, 1)
        y = TOP + index * ROW_HEIGHT
        bars.append(
            {
                "label": _shorten(label),
                "full_label": label,
                "display": display,
                "y": y,
                "text_y": y + BAR_HEIGHT / 2 + 5,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "id": ident,
        "title": title,
        "description": description,
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        "height": TOP * 2 + ROW_HEIGHT * len(rows),
    }


def _shorten(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
