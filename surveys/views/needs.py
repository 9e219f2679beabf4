"""The needs board: the list, a need's page (a conversation), posting and changing a need,
responding, "we need this too" and status changes. Who may do what is decided in
surveys.selectors_needs; the writes are in surveys.services_needs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from localservices import selectors as local_services
from network.selectors_directory import AreaTree
from portal.forms import add_service_errors, posted_data
from portal.numbers import whole_number
from surveys import selectors_needs as selectors
from surveys import services_needs as services
from surveys.forms_needs import NeedFilterForm, NeedForm, ResponseForm, StatusForm
from training.selectors_library import sessions_for_need

PAGE_SIZE = 20


def _crumbs(*extra) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Needs board", reverse("surveys:need_list")), *extra]


def _need_crumbs(need) -> list[tuple[str, str]]:
    return _crumbs((need.title, reverse("surveys:need_detail", args=[need.pk])))


def need_list(request: HttpRequest) -> HttpResponse:
    tree = AreaTree.load()
    membership = request.membership
    can_post = selectors.can_post(membership)
    form = NeedFilterForm(request.GET or None, area_choices=tree.choices(), show_mine=can_post)
    filters = form.cleaned_data if form.is_valid() else {}
    area = filters.get("area")
    needs = selectors.need_list(
        request.user,
        q=filters.get("q", ""),
        theme=filters.get("theme"),
        area_ids=tree.descendants(area) if area else None,
        statuses=form.statuses(),
        urgency=filters.get("urgency", ""),
        organisation_id=membership.organisation_id if filters.get("mine") else None,
        posted_from=filters.get("posted_from"),
        posted_to=filters.get("posted_to"),
    )
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.present_all(page.object_list, request.user)
    for need in page.object_list:
        need.area_name = need.organisation.area.name
    ctx = {
        "form": form,
        "page": page,
        "filtered": any(
            filters.get(name)
            for name in ("q", "theme", "area", "status", "urgency", "mine")
            + ("posted_from", "posted_to")
        )
        or bool(form.errors),
        "can_post": can_post,
        "posted_between": _posted_between(filters),
        "any_time_query": _without(request.GET, "posted_from", "posted_to", "page"),
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "surveys/needs/need_list.html", ctx)


def _posted_between(filters: dict) -> str:
    """ "from 1 December 2025 to 30 November 2026" when the list is of needs posted in a
    period (a link from the area dashboard), else ""."""
    start, end = filters.get("posted_from"), filters.get("posted_to")
    parts = []
    if start:
        parts.append(f"from {start.day} {start:%B %Y}")
    if end:
        parts.append(f"to {end.day} {end:%B %Y}")
    return " ".join(parts)


def _without(query, *names: str) -> str:
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def _services_to_point_to(need, tree: AreaTree):
    """Local services a response may point to: those covering the home's area."""
    return local_services.services_for_area(need.organisation.area_id, tree)


def _detail_ctx(request: HttpRequest, need, response_form=None) -> dict:
    page = selectors.need_page(request.user, request.membership, need)
    tree = AreaTree.load()
    if response_form is None and page.respond_as:
        service = request.GET.get("service", "")
        response_form = ResponseForm(
            as_home=page.respond_as == "home",
            services=_services_to_point_to(need, tree),
            initial={"service": whole_number(service)} if whole_number(service) else None,
        )
    return {
        "page": page,
        "need": need,
        "form": response_form,
        "training": sessions_for_need(need, themes=page.themes),
        "local_services": local_services.services_for_need(need, themes=page.themes, tree=tree),
        "breadcrumbs": _crumbs(),
    }


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.get_need(request.user, pk)
    services.mark_seen_by_home(actor=request.user, need=need)
    return render(request, "surveys/needs/need_detail.html", _detail_ctx(request, need))


def _need_details(cleaned: dict) -> dict:
    return {
        "title": cleaned["title"],
        "description": cleaned["description"],
        "urgency": cleaned["urgency"],
        "hide_home_name": cleaned["hide_home_name"],
        "themes": list(cleaned.get("themes", [])),
    }


def need_create(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not selectors.can_post(membership):
        raise PermissionDenied("Only care home managers and staff can post a need.")
    form = NeedForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            need = services.post_need(
                actor=request.user, membership=membership, **_need_details(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Your need has been posted. Partners and project workers can now respond.",
            )
            return redirect("surveys:need_detail", pk=need.pk)
    ctx = {"form": form, "organisation": membership.organisation, "breadcrumbs": _crumbs()}
    return render(request, "surveys/needs/need_form.html", ctx)


def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.get_need_to_manage(request.user, pk)
    form = NeedForm(posted_data(request), need=need)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_need(actor=request.user, need=need, **_need_details(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("surveys:need_detail", pk=need.pk)
    ctx = {"form": form, "need": need, "breadcrumbs": _need_crumbs(need)}
    return render(request, "surveys/needs/need_form.html", ctx)


@require_POST
def need_respond(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.get_need_to_respond(request.user, pk)
    as_home = selectors.respond_as(request.user, need) == "home"
    services_qs = _services_to_point_to(need, AreaTree.load())
    form = ResponseForm(request.POST, as_home=as_home, services=services_qs)
    if form.is_valid():
        try:
            services.respond(
                actor=request.user,
                membership=request.membership,
                need=need,
                kind=form.cleaned_data.get("kind", ""),
                body=form.cleaned_data["body"],
                link=form.cleaned_data.get("link", ""),
                service=form.cleaned_data.get("service"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Your reply has been added." if as_home else "Your response has been added.",
            )
            return redirect(reverse("surveys:need_detail", args=[need.pk]) + "#conversation")
    return render(request, "surveys/needs/need_detail.html", _detail_ctx(request, need, form))


@require_POST
def need_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.get_need_to_endorse(request.user, request.membership, pk)
    endorsed = services.toggle_endorsement(
        actor=request.user, membership=request.membership, need=need
    )
    if endorsed:
        messages.success(
            request,
            f"You have said {request.membership.organisation} needs this too. Partners can "
            "now see how many homes need it.",
        )
    else:
        messages.success(request, "You have taken back 'We need this too'.")
    return redirect("surveys:need_detail", pk=need.pk)


def need_status(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.get_need_to_manage(request.user, pk)
    form = StatusForm(posted_data(request), choices=services.status_choices(need))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                actor=request.user,
                need=need,
                status=form.cleaned_data["status"],
                what_helped=form.cleaned_data["what_helped"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The need is now: {need.get_status_display().lower()}.")
            return redirect("surveys:need_detail", pk=need.pk)
    ctx = {"form": form, "need": need, "breadcrumbs": _need_crumbs(need)}
    return render(request, "surveys/needs/need_status.html", ctx)
