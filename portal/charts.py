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

# Each row is a label with its bar below it, so the chart stays narrow enough to read
# on a phone without shrinking the text.
BAR_AREA = 240
VALUE_WIDTH = 130
LABEL_HEIGHT = 20
BAR_HEIGHT = 22
ROW_GAP = 12
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
LEFT = 2


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
        y = index * ROW_HEIGHT
        bar_y = y + LABEL_HEIGHT
        bars.append(
            {
                "label": _shorten(label),
                "full_label": label,
                "display": display,
                "label_y": y + 15,
                "y": bar_y,
                "text_y": bar_y + BAR_HEIGHT / 2 + 5,
                "width": width,
                "value_x": LEFT + width + 6,
            }
        )
    return {
        "id": ident,
        "title": title,
        "description": description,
        "bars": bars,
        "left": LEFT,
        "bar_height": BAR_HEIGHT,
        "width": LEFT + BAR_AREA + VALUE_WIDTH,
        "height": ROW_HEIGHT * len(rows),
    }


def _shorten(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
