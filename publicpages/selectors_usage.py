"""How often public pages were read: views per item per month, for the training analytics
(project workers: the whole network). These count page views, not people, and nothing
about the visitors is kept, so the "fewer than 5" rule does not apply to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from publicpages.models import PageView
from publicpages.services import first_of_month
from qi_cycles.models import Project
from training.models import Collection, Session

REMOVED = "An item since removed"
MODELS = {
    PageView.Kind.SESSION: Session,
    PageView.Kind.COLLECTION: Collection,
    PageView.Kind.CASE_STUDY: Project,
}


@dataclass
class ItemViews:
    kind: str
    kind_label: str
    object_id: int
    title: str
    total: int = 0
    months: list[tuple[date, int]] = field(default_factory=list)


def views_by_item(start: date, end: date) -> list[ItemViews]:
    """Each item viewed in the months from `start` to `end`, most viewed first, with its
    views in each month (4 queries whatever the number of items and months)."""
    rows = list(
        PageView.objects.filter(month__gte=first_of_month(start), month__lte=end)
        .order_by("month")
        .values_list("kind", "object_id", "month", "views")
    )
    titles: dict[tuple[str, int], str] = {}
    for kind, model in MODELS.items():
        ids = {object_id for k, object_id, _, _ in rows if k == kind}
        if ids:
            for pk, title in model.objects.filter(pk__in=ids).values_list("pk", "title"):
                titles[(kind, pk)] = title
    labels = dict(PageView.Kind.choices)
    items: dict[tuple[str, int], ItemViews] = {}
    for kind, object_id, month, views in rows:
        key = (kind, object_id)
        item = items.get(key)
        if item is None:
            item = items[key] = ItemViews(
                kind=kind,
                kind_label=labels.get(kind, kind),
                object_id=object_id,
                title=titles.get(key, REMOVED),
            )
        item.total += views
        item.months.append((month, views))
    return sorted(items.values(), key=lambda i: (-i.total, i.kind_label, i.title))
