"""Adding and changing entries, their named contacts, marking an entry checked and
marking it running or not. Project workers and partners (see localservices.access)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from localservices import access, services
from localservices import selectors as services_selectors
from localservices.forms import PersonSearchForm, ServiceForm, area_checkbox_choices
from localservices.views.directory import crumbs
from network.models import User
from network.selectors_directory import AreaTree
from portal.forms import add_service_errors, posted_data
from portal.numbers import whole_number


def _service_crumbs(service):
    return crumbs((service.name, reverse("localservices:service_detail", args=[service.pk])))


def _area_choices(request: HttpRequest, tree: AreaTree) -> list:
    return area_checkbox_choices(tree, access.maintained_area_ids(request.user, tree))


def service_add(request: HttpRequest) -> HttpResponse:
    access.require_add(request.user)
    tree = AreaTree.load()
    form = ServiceForm(posted_data(request), area_choices=_area_choices(request, tree))
    if request.method == "POST" and form.is_valid():
        try:
            service = services.create_service(actor=request.user, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"‘{service.name}’ has been added to the directory.")
            return redirect("localservices:service_detail", pk=service.pk)
    ctx = {"form": form, "breadcrumbs": crumbs()}
    return render(request, "localservices/service_form.html", ctx)


def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service(request.user, pk, access.MAINTAIN)
    tree = AreaTree.load()
    mine = access.maintained_area_ids(request.user, tree)
    form = ServiceForm(
        posted_data(request), area_choices=_area_choices(request, tree), service=service
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(
                actor=request.user,
                service=service,
                details=form.details(),
                checked=form.cleaned_data["checked"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("localservices:service_detail", pk=service.pk)
    fixed = [] if mine is None else [a.name for a in service.areas.all() if a.pk not in mine]
    ctx = {
        "form": form,
        "service": service,
        "fixed_areas": fixed,
        "breadcrumbs": _service_crumbs(service),
    }
    return render(request, "localservices/service_form.html", ctx)


def service_contacts(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the people directory and add or remove named contacts (works without
    JavaScript: searching is a GET, adding and removing are POSTs)."""
    service = access.get_service(request.user, pk, access.MAINTAIN)
    if request.method == "POST":
        person_id = whole_number(request.POST.get("person", ""))
        person = User.objects.filter(pk=person_id).first() if person_id is not None else None
        if person is None:
            raise Http404
        if request.POST.get("action") == "remove":
            services.remove_contact(actor=request.user, service=service, person=person)
            messages.success(request, f"{person.full_name} is no longer a named contact.")
        else:
            try:
                services.add_contact(actor=request.user, service=service, person=person)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, f"{person.full_name} is now a named contact.")
        return redirect("localservices:service_contacts", pk=service.pk)
    form = PersonSearchForm(request.GET or None)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    ctx = {
        "service": service,
        "form": form,
        "searched": bool(name),
        "contacts": services_selectors.contacts_of(service, request.user),
        "results": services_selectors.people_to_add(service, name),
        "breadcrumbs": _service_crumbs(service),
    }
    return render(request, "localservices/service_contacts.html", ctx)


@require_POST
def service_checked(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service(request.user, pk, access.MAINTAIN)
    services.mark_checked(actor=request.user, service=service)
    messages.success(request, "Thank you. The entry now says it was checked today.")
    return redirect("localservices:service_detail", pk=service.pk)


@require_POST
def service_active(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service(request.user, pk, access.MAINTAIN)
    active = request.POST.get("active") == "1"
    services.set_active(actor=request.user, service=service, active=active)
    if active:
        messages.success(request, f"‘{service.name}’ is back in the list as a running service.")
    else:
        messages.success(
            request,
            f"‘{service.name}’ is marked as no longer running. It has left the list and "
            "need pages.",
        )
    return redirect("localservices:service_detail", pk=service.pk)
