"""The list of local services (search and filters) and an entry's page. Everyone signed in
reads them; who may change what is in localservices.access."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from localservices import access
from localservices import selectors as services_selectors
from localservices.forms import ServiceFilterForm
from network.selectors_directory import AreaTree
from portal.numbers import whole_number
from surveys import selectors_needs

PAGE_SIZE = 20


def crumbs(*extra) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Local services", reverse("localservices:service_list")),
        *extra,
    ]


def service_list(request: HttpRequest) -> HttpResponse:
    tree = AreaTree.load()
    maintainer = access.maintained_area_ids(request.user, tree) != set()
    data = request.GET.copy()
    default_area = services_selectors.default_area(request.membership)
    if "area" not in data and default_area is not None:
        data["area"] = str(default_area)
    form = ServiceFilterForm(data, area_choices=tree.choices(), show_inactive=maintainer)
    filters = form.cleaned_data if form.is_valid() else {}
    area = filters.get("area")
    rows = services_selectors.directory(
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        area_ids=services_selectors.covering_area_ids(tree, area) if area else None,
        theme=filters.get("theme"),
        include_inactive=bool(filters.get("inactive")),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for service in page.object_list:
        service.area_names = services_selectors.area_names(service)
    ctx = {
        "form": form,
        "page": page,
        "area_name": tree.by_id[area].name if area in tree.by_id else "",
        "filtered": any(filters.get(name) for name in form.FILTERS) or bool(form.errors),
        "more_filters_open": bool(filters.get("theme") or filters.get("inactive")),
        "can_add": maintainer,
        "pending": services_selectors.pending_count(request.user) if maintainer else 0,
        "tab": "services",
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "localservices/service_list.html", ctx)


def _need_to_respond(request: HttpRequest):
    """The need this page was opened from (?need=<id>), when the person may respond to it
    as a partner or project worker and the service covers the home's area."""
    need_id = whole_number(request.GET.get("need", ""))
    if need_id is None:
        return None
    try:
        need = selectors_needs.get_need(request.user, need_id)
    except Http404:
        return None
    if selectors_needs.respond_as(request.user, need) != "responder":
        return None
    return selectors_needs.present(need, selectors_needs.viewer_for(request.user))


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service(request.user, pk)
    page = services_selectors.service_page(request.user, service)
    need = _need_to_respond(request)
    if need is not None:
        covering = services_selectors.services_for_area(need.organisation.area_id)
        if not covering.filter(pk=service.pk).exists():
            need = None
    ctx = {
        "page": page,
        "service": service,
        "area_names": services_selectors.area_names(service),
        "need": need,
        "breadcrumbs": crumbs(),
    }
    return render(request, "localservices/service_detail.html", ctx)
