"""The area dashboard's figures: one call, every section, a fixed number of queries.

    form, scope = dashboards.filters.scope_for(request.user, request.GET)
    figures = area_figures(scope)

Each section lives in dashboards/sections/ and is drawn by its own include in
templates/dashboards/area/. `csv_rows(figures)` gives the same figures for the
spreadsheet, with the same small-number rules.
"""

from dataclasses import dataclass

from dashboards.filters import Scope
from dashboards.sections.engagement import Engagement, engagement
from dashboards.sections.events import Events, events_section
from dashboards.sections.improvement import Improvement, improvement_section
from dashboards.sections.needs import Needs, needs_section
from dashboards.sections.outcomes import Outcomes, outcomes_section
from dashboards.sections.surveys import Surveys, surveys_section
from dashboards.sections.training import Training, training_section
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


def area_figures(scope: Scope) -> AreaFigures:
    return AreaFigures(
        scope=scope,
        engagement=engagement(scope),
        needs=needs_section(scope),
        surveys=surveys_section(scope),
        improvement=improvement_section(scope),
        training=training_section(scope),
        events=events_section(scope),
        outcomes=outcomes_section(scope),
    )


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
