"""The public learning pages: readable without an account, no forms and no cookies.

Each item lives at a stable address with its number and a slug from its title
(/learn/training/12-what-is-a-pdsa-cycle/); an old or wrong slug redirects there for good
(301). A view of an item's page is counted (public.services.count_view) when it is a GET
answered with the page, not from an obvious robot. Nothing about the visitor is kept.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from publicpages import access, selectors, services
from publicpages.models import PageView
from publicpages.paths import case_study_path, collection_path, session_path


def absolute(request: HttpRequest, path: str) -> str:
    """The full address of a path on this site: SITE_URL when set, else the request's."""
    base = getattr(settings, "SITE_URL", "")
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


def _meta(request: HttpRequest, path: str, *, title: str, description: str, kind: str) -> dict:
    return {
        "title": title,
        "description": description,
        "url": absolute(request, path),
        "type": kind,
    }


def _crumbs() -> list[tuple[str, str]]:
    return [("Learning from care homes", reverse("public:index"))]


def _counted(request: HttpRequest, response: HttpResponse, kind: str, pk: int) -> HttpResponse:
    if (
        request.method == "GET"
        and response.status_code == 200
        and not services.is_robot(request.headers.get("User-Agent", ""))
    ):
        services.count_view(kind=kind, object_id=pk)
    return response


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    ctx = selectors.index()
    ctx["meta"] = _meta(
        request,
        reverse("public:index"),
        title="Learning from care homes",
        description=(
            "Free training sessions and case studies from care homes working with the NHS "
            "to improve care. Watch, read and try the ideas in your own service."
        ),
        kind="website",
    )
    return render(request, "public/index.html", ctx)


@login_not_required
@require_safe
def session_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    session = access.get_public_session(pk)
    path = session_path(session)
    if request.path != path:
        return HttpResponsePermanentRedirect(path)
    page = selectors.session_page(session)
    ctx = {
        "session": session,
        "page": page,
        "breadcrumbs": _crumbs(),
        "meta": _meta(
            request,
            path,
            title=session.title,
            description=selectors.description(session.summary),
            kind="video.other" if page.video else "article",
        ),
    }
    response = render(request, "public/session.html", ctx)
    return _counted(request, response, PageView.Kind.SESSION, session.pk)


@login_not_required
@require_safe
def collection_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    collection = access.get_public_collection(pk)
    path = collection_path(collection)
    if request.path != path:
        return HttpResponsePermanentRedirect(path)
    sessions = selectors.collection_page(collection)
    ctx = {
        "collection": collection,
        "sessions": sessions,
        "breadcrumbs": _crumbs(),
        "meta": _meta(
            request,
            path,
            title=collection.title,
            description=selectors.description(
                collection.summary or f"{len(sessions)} training sessions to watch in order."
            ),
            kind="website",
        ),
    }
    response = render(request, "public/collection.html", ctx)
    return _counted(request, response, PageView.Kind.COLLECTION, collection.pk)


@login_not_required
@require_safe
def case_study_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    project = access.get_public_case_study(pk)
    path = case_study_path(project)
    if request.path != path:
        return HttpResponsePermanentRedirect(path)
    page = selectors.case_study_page(project)
    ctx = {
        "project": project,
        "page": page,
        "breadcrumbs": _crumbs(),
        "meta": _meta(
            request,
            path,
            title=f"Case study: {project.title}",
            description=selectors.case_study_description(project, page.home_label),
            kind="article",
        ),
    }
    response = render(request, "public/case_study.html", ctx)
    return _counted(request, response, PageView.Kind.CASE_STUDY, project.pk)
