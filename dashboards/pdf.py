"""The one-page reports: the area summary for ICB boards, a care home's summary and the
staff-room poster for one improvement project. A4 portrait, rendered by portal.pdf (our
own static files only, nothing fetched from outside), with the same SVG charts as the
pages.

Import this module only when a PDF is asked for: loading WeasyPrint takes a second and
needs Pango (see dashboards/views/reports.py).
"""

from django.conf import settings
from django.utils import timezone

from dashboards import selectors_home
from dashboards.filters import Scope
from dashboards.selectors_area import area_figures
from network.models import Organisation, User
from portal import pdf
from qi_cycles import selectors_measures
from qi_cycles.models import Cycle, Project

STYLESHEETS = ["css/report.css"]
HOME_TEMPLATE = "dashboards/pdf/home.html"
POSTER_TEMPLATE = "dashboards/pdf/poster.html"
AREA_TEMPLATE = "dashboards/pdf/area.html"
# What fits on one page of the home summary.
HOME_MEASURES = 4
HOME_THEMES = 8
# What fits on the poster.
POSTER_CHANGES = 4
# What fits on the area summary.
AREA_MEASURES = 5
AREA_THEMES = 8
AREA_ROUNDS = 2
AREA_HOTSPOTS = 3


def _common() -> dict:
    return {"network_name": settings.SERVICE_NAME, "today": timezone.localdate()}


def one_page(template: str, context: dict):
    """The laid-out document, on one page: lists are already cut short and long text
    stops after a few lines, but if it still runs over, it is laid out again with the
    "compact" styles (smaller type and chart), which always fit."""
    document = pdf.render_document(template, context, stylesheets=STYLESHEETS)
    if len(document.pages) > 1:
        document = pdf.render_document(
            template, {**context, "compact": True}, stylesheets=STYLESHEETS
        )
    return document


def chart_sizes(*charts: tuple[dict | None, float]) -> list[tuple[str, float, float]]:
    """(chart id, width, height) in millimetres for each (bar chart, width) pair, keeping
    the shape of the chart's drawing: WeasyPrint does not work out an SVG's height from
    its width, so the templates set both (see dashboards/pdf/_chart_sizes.html)."""
    return [
        (chart["id"], width, round(width * chart["height"] / chart["width"], 1))
        for chart, width in charts
        if chart and chart["width"]
    ]


# --- Area summary --------------------------------------------------------------------------


def area_context(scope: Scope) -> dict:
    figures = area_figures(scope)
    surveys = figures.surveys
    rounds = surveys.rounds[-AREA_ROUNDS:]
    themes = [(row.theme, row.cells[-len(rounds) :]) for row in surveys.themes] if rounds else []
    measures = figures.improvement.measures
    return {
        **_common(),
        "scope": scope,
        "figures": figures,
        "rounds": rounds,
        "themes": themes[:AREA_THEMES],
        "more_themes": max(0, len(themes) - AREA_THEMES),
        "hotspots": figures.needs.hotspots[:AREA_HOTSPOTS],
        "measures": measures[:AREA_MEASURES],
        "more_measures": max(0, figures.improvement.key_measures - AREA_MEASURES),
        "chart_sizes": chart_sizes((figures.needs.chart, 62), (figures.improvement.chart, 62)),
    }


def area_document(scope: Scope):
    return one_page(AREA_TEMPLATE, area_context(scope))


def area_pdf(scope: Scope) -> bytes:
    return pdf.write_pdf(area_document(scope))


# --- Home summary --------------------------------------------------------------------------


def home_context(user: User, home: Organisation, period: selectors_home.Period) -> dict:
    ctx = selectors_home.home_dashboard(user, home, period)
    measures = ctx["improvement"]["measures"]
    themes = ctx["surveys"]["themes"]
    return {
        **ctx,
        **_common(),
        "measures": measures[:HOME_MEASURES],
        "more_measures": max(0, len(measures) - HOME_MEASURES),
        "themes": themes[:HOME_THEMES],
        "more_themes": max(0, len(themes) - HOME_THEMES),
        "chart_sizes": chart_sizes((ctx["needs"]["chart"], 62), (ctx["training"]["chart"], 62)),
    }


def home_document(user: User, home: Organisation, period: selectors_home.Period):
    """The laid-out document (`len(doc.pages)` is the number of pages)."""
    return one_page(HOME_TEMPLATE, home_context(user, home, period))


def home_pdf(user: User, home: Organisation, period: selectors_home.Period) -> bytes:
    return pdf.write_pdf(home_document(user, home, period))


# --- Staff-room poster ---------------------------------------------------------------------


def poster_context(project: Project) -> dict:
    """The aim, one chart (the first key measure, or else the first measure with values)
    and what the team changed: in their words if they wrote them, otherwise the change
    ideas they adopted."""
    charts = selectors_measures.charts_for(project, key_only=True)
    if not any(chart["svg"] for _, chart in charts):
        charts = selectors_measures.charts_for(project)
    chosen = next(((m, c) for m, c in charts if c["svg"]), None)
    adopted = []
    for title in (
        Cycle.objects.filter(project=project, decision=Cycle.Decision.ADOPT)
        .order_by("starts_on", "pk")
        .values_list("change_idea__title", flat=True)
    ):
        if title not in adopted:
            adopted.append(title)
    team = [person.full_name for person in project.team.all() if person.full_name][:6]
    return {
        **_common(),
        "project": project,
        "measure": chosen[0] if chosen else None,
        "chart": chosen[1] if chosen else None,
        "adopted": adopted[:POSTER_CHANGES],
        "more_adopted": max(0, len(adopted) - POSTER_CHANGES),
        "team": team,
    }


def poster_document(project: Project):
    return one_page(POSTER_TEMPLATE, poster_context(project))


def poster_pdf(project: Project) -> bytes:
    return pdf.write_pdf(poster_document(project))
