"""Needs: what care homes in scope asked for in the period, where those needs are now, how
long they waited for a first response, their themes, and the open needs other homes need
too ("hotspots")."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.urls import reverse

from dashboards.filters import Scope
from dashboards.sections.common import Figure
from portal.charts import bar_chart
from surveys.models import Need

TOP_THEMES = 5
HOTSPOTS = 5


@dataclass
class Hotspot:
    title: str
    home: str
    area: str
    others: int
    url: str


@dataclass
class Needs:
    posted: int
    statuses: list[Figure]
    answered: int
    median_wait: timedelta | None
    themes: list[Figure]
    hotspots: list[Hotspot]
    posted_url: str
    open_url: str
    chart: dict | None = field(default=None, repr=False)

    @property
    def waiting(self) -> int:
        """Needs posted in the period nobody has responded to yet."""
        return self.posted - self.answered

    @property
    def median_wait_text(self) -> str:
        return wait_text(self.median_wait)


def wait_text(wait: timedelta | None) -> str:
    """ "3 days", "1.5 days", "5 hours", "less than an hour"; "" for no wait measured."""
    if wait is None:
        return ""
    days = wait.total_seconds() / 86400
    if days >= 1:
        shown = f"{days:.1f}".removesuffix(".0")
        return f"{shown} day{'' if shown == '1' else 's'}"
    hours = int(wait.total_seconds() // 3600)
    if hours >= 1:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return "less than an hour"


def posted_needs(scope: Scope):
    """Needs posted by care homes in scope during the period (on the theme, if chosen)."""
    qs = Need.objects.filter(scope.home_q("organisation__"), scope.during("created_at"))
    if scope.theme is not None:
        qs = qs.filter(themes=scope.theme)
    return qs.order_by()


def _median_wait(needs, answered: int) -> timedelta | None:
    """The median time to a first response, worked out in the database: the one or two
    waits in the middle when sorted (one query, however many needs)."""
    if not answered:
        return None
    waits = (
        needs.filter(first_response_at__isnull=False)
        .annotate(wait=ExpressionWrapper(F("first_response_at") - F("created_at"), DurationField()))
        .order_by("wait", "pk")
        .values_list("wait", flat=True)
    )
    middle = list(waits[(answered - 1) // 2 : answered // 2 + 1])
    if not middle:
        return None
    return sum(middle, timedelta()) / len(middle)


def needs_section(scope: Scope) -> Needs:
    """Four queries (five with needs answered), whatever the number of needs."""
    needs = posted_needs(scope)
    by_status = {status: Count("pk", filter=Q(status=status)) for status in Need.Status.values}
    counts = needs.aggregate(
        posted=Count("pk"),
        answered=Count("pk", filter=Q(first_response_at__isnull=False)),
        **by_status,
    )
    need_list = reverse("surveys:need_list")
    # The needs list keeps needs posted in the same period.
    posted = {"posted_from": scope.start.isoformat(), "posted_to": scope.end.isoformat()}
    statuses = [
        Figure(label, counts[value], f"{need_list}?{scope.list_query(status=value, **posted)}")
        for value, label in Need.Status.choices
    ]
    theme_rows = (
        Need.themes.through.objects.filter(need__in=needs.values("pk"))
        .values("theme_id", "theme__name")
        .annotate(n=Count("need_id"))
        .order_by("-n", "theme__name")[:TOP_THEMES]
    )
    themes = [
        Figure(
            row["theme__name"],
            row["n"],
            f"{need_list}?{scope.list_query(theme=row['theme_id'], status='all', **posted)}",
        )
        for row in theme_rows
    ]
    hotspot_rows = (
        needs.filter(status__in=Need.OPEN_STATUSES)
        .annotate(others=Count("endorsements"))
        .filter(others__gt=0)
        .select_related("organisation", "organisation__area")
        .order_by("-others", "-created_at", "-pk")[:HOTSPOTS]
    )
    hotspots = [
        Hotspot(
            title=need.title,
            home=need.organisation.name,
            area=need.organisation.area.name,
            others=need.others,
            url=reverse("surveys:need_detail", args=[need.pk]),
        )
        for need in hotspot_rows
    ]
    chart = None
    if counts["posted"]:
        chart = bar_chart(
            [(link.label, link.count, f"{link.count:,}") for link in statuses],
            title="Where the needs posted in these dates are now",
            description="Number of needs by status. The table beside it has the same figures.",
        )
    return Needs(
        posted=counts["posted"],
        statuses=statuses,
        answered=counts["answered"],
        median_wait=_median_wait(needs, counts["answered"]),
        themes=themes,
        hotspots=hotspots,
        posted_url=f"{need_list}?{scope.list_query(status='all', **posted)}",
        open_url=f"{need_list}?{scope.list_query(**posted)}",
        chart=chart,
    )
