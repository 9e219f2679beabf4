"""The one-page PDF reports: the area summary, a care home's summary and the staff-room
poster for an improvement project. Access is the same as for the page each comes from
(dashboards.access for the dashboards, qi_cycles.access for the project); the documents
are built in dashboards.pdf."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from audit.hooks import audited_export
from dashboards import access
from dashboards.filters import scope_for
from dashboards.views.home import chosen_period
from qi_cycles import access as qi_access

logger = logging.getLogger(__name__)


def _reports():
    """dashboards.pdf, or None when WeasyPrint cannot load its system libraries (Pango).
    Imported here, not at the top: loading WeasyPrint takes a second and only PDF
    downloads need it (a server without it still serves every other page)."""
    try:
        from dashboards import pdf as reports
    except OSError:
        logger.exception("WeasyPrint could not load its system libraries (Pango)")
        return None
    return reports


def _unavailable(request: HttpRequest, back_url: str, back_text: str) -> HttpResponse:
    ctx = {"back_url": back_url, "back_text": back_text}
    return render(request, "pages/pdf_unavailable.html", ctx, status=503)


def _download(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _slug(text: str, fallback: str) -> str:
    return slugify(text)[:60].strip("-") or fallback


@audited_export("network.organisation")
def home_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    home = access.get_home(request.user, pk)
    _, period = chosen_period(request)
    reports = _reports()
    if reports is None:
        back = reverse("dashboards:home", args=[home.pk])
        return _unavailable(request, back, f"see {home.name}'s dashboard on screen")
    body = reports.home_pdf(request.user, home, period)
    return _download(body, f"{_slug(home.name, 'care-home')}-summary.pdf")


@audited_export("qi_cycles.project")
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    project = qi_access.get_project(request.user, pk, qi_access.VIEW)
    reports = _reports()
    if reports is None:
        back = reverse("qi:project_detail", args=[project.pk])
        return _unavailable(request, back, f"see {project.title} on screen")
    return _download(reports.poster_pdf(project), f"{_slug(project.title, 'project')}-poster.pdf")


@audited_export()
def area_pdf(request: HttpRequest) -> HttpResponse:
    _, scope = scope_for(request.user, request.GET)
    reports = _reports()
    if reports is None:
        back = f"{reverse('dashboards:area')}?{scope.query_string()}"
        return _unavailable(request, back, "see the area dashboard on screen")
    body = reports.area_pdf(scope)
    dates = f"{scope.start:%Y-%m-%d}-to-{scope.end:%Y-%m-%d}"
    name = f"area-summary-{_slug(scope.area_label, 'network')}-{dates}.pdf"
    return _download(body, name)
