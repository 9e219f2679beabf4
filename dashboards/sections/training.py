"""Training: people at care homes in scope who used the training library in the period,
views, sessions completed, training passed on to colleagues, and the change in how
confident people feel. Counted by training.selectors_impact, the same rules as the training
figures page (which the section links to with the same filters)."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Sum
from django.urls import reverse

from dashboards.filters import Scope
from portal.small_numbers import count_text, people_text
from training import selectors_impact as impact


@dataclass
class Training:
    people: int
    views: int
    completions: int
    completers: int
    times_passed_on: int
    colleagues: int
    confidence_people: int
    confidence_before: float | None
    confidence_after: float | None
    figures_url: str
    cascade_url: str

    @property
    def people_text(self) -> str:
        return people_text(self.people)

    @property
    def views_text(self) -> str | None:
        return count_text(self.views, self.people)

    @property
    def completions_text(self) -> str | None:
        return count_text(self.completions, self.completers)

    @property
    def colleagues_text(self) -> str:
        return people_text(self.colleagues)

    @property
    def confidence_people_text(self) -> str:
        return people_text(self.confidence_people)

    @property
    def confidence_change_text(self) -> str | None:
        return impact.change_text(
            self.confidence_before, self.confidence_after, self.confidence_people
        )

    @property
    def is_empty(self) -> bool:
        return not self.people and not self.times_passed_on


def _training_scope(scope: Scope):
    """training.selectors_impact's own scope and filters for the same homes and dates."""
    return (
        impact.Scope(area_ids=scope.area_ids, tree=scope.tree, network_wide=scope.network_wide),
        impact.AnalyticsFilters(start=scope.start, end=scope.end, theme=scope.theme),
    )


def training_section(scope: Scope) -> Training:
    """Two queries, whatever the number of learning records."""
    training_scope, filters = _training_scope(scope)
    both = Q(before_confidence__isnull=False, after_confidence__isnull=False)
    done = Q(completed_at__isnull=False)
    totals = impact.counted_records(training_scope, filters).aggregate(
        people=Count("user", distinct=True),
        views=Sum("view_count"),
        completions=Count("pk", filter=done),
        completers=Count("user", filter=done, distinct=True),
        confidence_people=Count("user", filter=both, distinct=True),
        before=Avg("before_confidence", filter=both),
        after=Avg("after_confidence", filter=both),
    )
    cascades = impact.counted_cascades(training_scope, filters).aggregate(
        times=Count("pk"), colleagues=Sum("attendees")
    )
    return Training(
        people=totals["people"],
        views=totals["views"] or 0,
        completions=totals["completions"],
        completers=totals["completers"],
        times_passed_on=cascades["times"],
        colleagues=cascades["colleagues"] or 0,
        confidence_people=totals["confidence_people"],
        confidence_before=totals["before"],
        confidence_after=totals["after"],
        figures_url=f"{reverse('training:analytics')}?{scope.query_string()}",
        cascade_url=reverse("training:cascade_list"),
    )
