"""Organisation profiles: every member can read them; a home's managers can edit theirs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dashboards.access import home_visible
from network import selectors, services_directory
from network import selectors_directory as directory
from network.forms_directory import OrganisationProfileForm
from portal.forms import add_service_errors


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = directory.get_organisation_profile(request.user, pk)
    tree = directory.AreaTree.load()
    ctx = {
        "organisation": organisation,
        "area_path": tree.path(organisation.area_id),
        "members": directory.profile_members(organisation, request.user),
        "can_edit": directory.can_edit_profile(request.user, organisation),
        "can_manage_members": selectors.can_manage_members(request.user, organisation),
        "can_see_dashboard": home_visible(request.user, organisation),
    }
    return render(request, "network/organisations/detail.html", ctx)


def _initial(organisation) -> dict:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "area": organisation.area_id,
        "cqc_location_id": organisation.cqc_location_id or "",
        "ods_code": organisation.ods_code or "",
        "about": organisation.about,
        "address": organisation.address,
        "postcode": organisation.postcode,
        "phone": organisation.phone,
        "website": organisation.website,
        "registered_beds": organisation.registered_beds,
        "service_types": list(organisation.service_types.all()),
    }


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = directory.get_organisation_for_profile_edit(request.user, pk)
    identity = directory.can_edit_identity(request.user)
    form = OrganisationProfileForm(
        request.POST or None,
        initial=_initial(organisation),
        identity=identity,
        care_home=organisation.is_care_home,
        area_choices=directory.AreaTree.load().choices(whole="") if identity else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_directory.update_organisation_profile(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The profile has been saved.")
            return redirect("network:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "network/organisations/edit.html",
        {"organisation": organisation, "form": form, "identity": identity},
    )
