"""The one-page PDF of an improvement project: title, home, aim, status, up to two key
measure charts with their icons and summaries, the PDSA cycles (compact) and what the
team learned, with the network's name and the date at the foot.

Everything is cut to fit one A4 page: the latest cycles only, and long text shortened
(the story page has the rest). Rendered by portal.pdf (local files only).
"""

from django.conf import settings
from django.utils import timezone

from portal import pdf
from qi_cycles import selectors_measures
from qi_cycles.models import Cycle, Project

TEMPLATE = "qi_cycles/pdf/project.html"
STYLESHEETS = ["css/report.css"]
MAX_CHARTS = 2
# With a chart there is room for fewer cycles and lessons.
MAX_CYCLES = (8, 6)
MAX_LEARNING = (3, 2)
_RESULTS = {
    Cycle.Decision.ADOPT: "Adopt",
    Cycle.Decision.ADAPT: "Adapt",
    Cycle.Decision.ABANDON: "Abandon",
}


def project_context(project: Project) -> dict:
    charts = selectors_measures.charts_for(project, key_only=True)[:MAX_CHARTS]
    max_cycles, max_learning = MAX_CYCLES[bool(charts)], MAX_LEARNING[bool(charts)]
    cycles = list(
        Cycle.objects.filter(project=project)
        .select_related("change_idea")
        .order_by("-starts_on", "-number", "-pk")[: max_cycles + 1]
    )
    more = 0
    if len(cycles) > max_cycles:
        more = Cycle.objects.filter(project=project).count() - max_cycles
    cycles = cycles[:max_cycles]
    cycles.reverse()
    for cycle in cycles:
        cycle.result = _RESULTS.get(cycle.decision) or Cycle.Stage(cycle.stage).label
        cycle.result_class = cycle.decision or "open"
    learning = [c for c in reversed(cycles) if c.study_learning][:max_learning]
    return {
        "project": project,
        "charts": charts,
        "cycles": cycles,
        "more_cycles": more,
        "learning": learning,
        "network_name": settings.SERVICE_NAME,
        "today": timezone.localdate(),
    }


def project_document(project: Project):
    """The laid-out document (`len(doc.pages)` is the number of pages)."""
    return pdf.render_document(TEMPLATE, project_context(project), stylesheets=STYLESHEETS)


def project_pdf(project: Project) -> bytes:
    return pdf.write_pdf(project_document(project))
