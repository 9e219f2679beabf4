"""The area dashboard's figures: one call, every section, a fixed number of queries.

    form, scope = dashboards.filters.scope_for(request.user, request.GET)
    figures = area_figures(scope)

Each section lives in dashboards/sections/ and is drawn by its own include in
templates/dashboards/area/. `csv_rows(figures)` gives the same figures for the
spreadsheet, with the same small-number rules.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from dashboards.filters import Scope
from dashboards.sections.engagement import Engagement, engagement
from dashboards.sections.events import Events, events_section
from dashboards.sections.improvement import Improvement, improvement_section
from dashboards.sections.needs import Needs, needs_section
from dashboards.sections.outcomes import Outcomes, outcomes_section
from dashboards.sections.surveys import Surveys, surveys_section
from dashboards.sections.training import Training, training_section
from network.models import Theme
from network.selectors_directory import AreaTree
from portal import figures_cache
from portal.small_numbers import NOT_SHOWN


@dataclass
class AreaFigures:
    scope: Scope
    engagement: Engagement
    needs: Needs
    surveys: Surveys
    improvement: Improvement
    training: Training
    events: Events
    outcomes: Outcomes
    worked_out_at: datetime | None = field(default=None, compare=False)
    stale: bool = field(default=False, compare=False)


def _sections(scope: Scope) -> tuple:
    return (
        engagement(scope),
        needs_section(scope),
        surveys_section(scope),
        improvement_section(scope),
        training_section(scope),
        events_section(scope),
        outcomes_section(scope),
    )


def _ids(ids) -> tuple[int, ...] | None:
    return None if ids is None else tuple(sorted(ids))


def cache_key(scope: Scope) -> tuple:
    """Everything the figures depend on: the areas counted and the viewer's own areas
    (which decide what they may see), the chosen area, dates and theme, and today."""
    return (
        _ids(scope.own_area_ids),
        _ids(scope.area_ids),
        scope.area.pk if scope.area is not None else None,
        scope.start,
        scope.end,
        scope.theme.pk if scope.theme is not None else None,
        scope.is_default_period,
        timezone.localdate(),
    )


def scope_from_key(key: tuple) -> Scope:
    own, area_ids, area_id, start, end, theme_id, is_default_period, _today = key
    tree = AreaTree.load()
    return Scope(
        start=start,
        end=end,
        theme=Theme.objects.filter(pk=theme_id).first() if theme_id else None,
        area=tree.by_id.get(area_id) if area_id else None,
        area_ids=None if area_ids is None else set(area_ids),
        own_area_ids=None if own is None else set(own),
        tree=tree,
        is_default_period=is_default_period,
    )


figures_cache.register("area", lambda key: _sections(scope_from_key(key)))


def area_figures(scope: Scope) -> AreaFigures:
    """Every section, from the cache when the data has not changed (portal/figures_cache)."""
    cached = figures_cache.figures("area", cache_key(scope), lambda: _sections(scope))
    return AreaFigures(scope, *cached.value, cached.worked_out_at, cached.stale)


def csv_rows(figures: AreaFigures) -> list[list]:
    """Section, figure, value rows (the view makes each text cell safe for spreadsheets)."""
    e, n, s, i, t, v = (
        figures.engagement,
        figures.needs,
        figures.surveys,
        figures.improvement,
        figures.training,
        figures.events,
    )
    rows: list[list] = [
        ["Engagement", "Care homes", e.homes],
        ["Engagement", "Care homes active in the last 90 days", e.active],
        ["Engagement", "Share of care homes active in the last 90 days", e.active_percent],
        ["Engagement", "Members at these care homes", e.members_text],
        ["Needs", "Needs posted", n.posted],
    ]
    rows += [["Needs", f"Needs posted that are now: {f.label}", f.count] for f in n.statuses]
    rows += [
        ["Needs", "Needs with a response", n.answered],
        ["Needs", "Median time to a first response", n.median_wait_text or "no responses yet"],
    ]
    rows += [["Needs", f"Top theme: {f.label}", f.count] for f in n.themes]
    rows += [["Needs", f"We need this too: {h.title} ({h.home})", h.others] for h in n.hotspots]
    for row in s.themes:
        for round_, cell in zip(s.rounds, row.cells, strict=True):
            rows.append(
                [
                    "Surveys",
                    f"Average rating for {row.theme}, {round_.title}",
                    cell.text or NOT_SHOWN,
                ]
            )
    for round_ in s.rounds:
        rows.append(["Surveys", f"Responses to {round_.title}", round_.responses_text])
    rows.append(["Improvement", "Improvement projects", i.projects])
    rows.append(["Improvement", "Projects shared with the network", i.shared])
    for stage in i.statuses:
        rows.append(["Improvement", f"Projects: {stage.label}", stage.count])
        rows.append(["Improvement", f"Shared projects: {stage.label}", stage.shared])
    rows.append(["Improvement", "PDSA cycles started", i.cycles])
    rows += [["Improvement", f"PDSA cycles: {f.label}", f.count] for f in i.decisions]
    rows += [
        ["Improvement", "Key measures of shared projects", i.key_measures],
        ["Improvement", "Key measures showing improvement", i.improving],
        ["Improvement", "Key measures showing concern", i.concern],
    ]
    rows += [
        [
            "Improvement",
            f"{m.measure} ({m.project}, {m.home})",
            f"{m.variation_label}. {m.assurance_label}.",
        ]
        for m in i.measures
    ]
    rows += [
        ["Training", "People who used the training library", t.people_text],
        ["Training", "Views", t.views_text or NOT_SHOWN],
        ["Training", "Sessions completed", t.completions_text or NOT_SHOWN],
        ["Training", "Times training was passed on", t.times_passed_on],
        ["Training", "Colleagues reached by passing training on", t.colleagues_text],
        ["Training", "People who rated confidence before and after", t.confidence_people_text],
        ["Training", "Change in confidence (1 to 5)", t.confidence_change_text or NOT_SHOWN],
        ["Events", "Events held", v.held],
        [
            "Events",
            "Events someone from these care homes attended",
            v.attended_events_text or NOT_SHOWN,
        ],
        ["Events", "People who attended", v.people_text],
        ["Events", "Places taken up", v.attendances_text or NOT_SHOWN],
        ["Events", "People who gave feedback", v.feedback_people_text],
        ["Events", "Average rating (1 to 5)", v.rating_text or NOT_SHOWN],
    ]
    for m in figures.outcomes.rows:
        latest = f"{m.latest} {m.unit}".strip() + f" ({m.latest_month})" if m.latest else "none"
        rows.append(["Network measures", f"{m.measure}: latest", latest])
        rows.append(["Network measures", f"{m.measure}: variation", m.variation_label])
        rows.append(["Network measures", f"{m.measure}: target", m.assurance_label])
    return rows
