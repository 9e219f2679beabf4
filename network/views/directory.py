"""The directory: every member can find named people and organisations across the network."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from network import selectors_directory as directory
from network.forms_directory import OrganisationFilterForm, PeopleFilterForm

PER_PAGE = 50


def _area_ids(tree: directory.AreaTree, area_id: int | None) -> set[int] | None:
    return tree.descendants(area_id) if area_id else None


def _filters(form) -> dict:
    """The filters that make sense; the form shows an error for any that do not."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def people(request: HttpRequest) -> HttpResponse:
    tree = directory.AreaTree.load()
    form = PeopleFilterForm(request.GET or None, area_choices=tree.choices())
    filters = _filters(form)
    rows = directory.people_directory(
        name=filters.get("q") or "",
        organisation=filters.get("organisation") or "",
        role=filters.get("role") or "",
        area_ids=_area_ids(tree, filters.get("area")),
        kind=filters.get("kind") or "",
        champions_only=bool(filters.get("champions")),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = directory.with_contacts(page.object_list, request.user)
    for membership in page.object_list:
        membership.area_path = tree.path(membership.organisation.area_id)
    ctx = {
        "form": form,
        "page": page,
        "filtered": any(filters.values()),
        "more_filters_open": any(
            filters.get(name) or form.errors.get(name) for name in ("role", "area", "kind")
        ),
        "tab": "people",
    }
    return render(request, "network/directory/people.html", ctx)


def organisations(request: HttpRequest) -> HttpResponse:
    tree = directory.AreaTree.load()
    form = OrganisationFilterForm(request.GET or None, area_choices=tree.choices())
    filters = _filters(form)
    rows = directory.organisation_directory(
        name=filters.get("q") or "",
        area_ids=_area_ids(tree, filters.get("area")),
        kind=filters.get("kind") or "",
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for organisation in page.object_list:
        organisation.area_path = tree.path(organisation.area_id)
    ctx = {
        "form": form,
        "page": page,
        "filtered": any(filters.values()),
        "tab": "organisations",
    }
    return render(request, "network/directory/organisations.html", ctx)
