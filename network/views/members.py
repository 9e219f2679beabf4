"""Member management: a home's manager, or a project worker, invites and removes people."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit import hooks as audit
from audit.models import Action
from network import selectors, services
from network.forms import ChampionForm, InviteForm, OrganisationSearchForm
from portal.forms import add_service_errors


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    organisations = selectors.organisation_list(request.user, query=query)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    ctx = {"form": form, "page": page, "query": query}
    ctx["is_network_admin"] = selectors.is_network_admin(request.user)  # links the audit log
    return render(request, "network/organisation_list.html", ctx)


def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for_members(request.user, pk)
    can_manage = selectors.can_manage_members(request.user, organisation)
    ctx = {
        "organisation": organisation,
        "members": selectors.members_of(organisation),
        "invitations": selectors.pending_invitations_for(organisation) if can_manage else [],
        "can_manage": can_manage,
    }
    return render(request, "network/member_list.html", ctx)


def invite(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for_members(request.user, pk, write=True)
    roles = selectors.roles_user_can_grant(request.user, organisation)
    form = InviteForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = services.invite_member(
                inviter=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}. It lasts 14 days.")
            return redirect("network:member_list", pk=organisation.pk)
    return render(request, "network/invite.html", {"organisation": organisation, "form": form})


@require_POST
def set_champion(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for_members(request.user, pk, write=True)
    membership = selectors.get_membership_for_change(request.user, organisation, membership_pk)
    form = ChampionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether they are a champion.")
        return redirect("network:member_list", pk=organisation.pk)
    was_champion = membership.is_champion
    try:
        with transaction.atomic():
            services.set_champion(
                actor=request.user,
                membership=membership,
                is_champion=form.cleaned_data["is_champion"],
            )
            if membership.is_champion != was_champion:
                audit.champion_changed(request, membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = membership.user.full_name
        if membership.is_champion:
            messages.success(request, f"{name} is now a champion.")
        else:
            messages.success(request, f"{name} is no longer a champion.")
    return redirect("network:member_list", pk=organisation.pk)


def remove_member(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for_members(request.user, pk, write=True)
    membership = selectors.get_membership_for_change(request.user, organisation, membership_pk)
    last_membership = membership.user.memberships.count() == 1
    error = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                deactivated = services.remove_member(actor=request.user, membership=membership)
                audit.member_removed(
                    request,
                    membership_pk=membership_pk,
                    user=membership.user,
                    deactivated=deactivated,
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, f"{membership.user.full_name} was removed from {organisation}."
            )
            return redirect("network:member_list", pk=organisation.pk)
    ctx = {
        "organisation": organisation,
        "membership": membership,
        "last_membership": last_membership,
        "error": error,
    }
    return render(request, "network/remove_member.html", ctx, status=400 if error else 200)


@require_POST
def cancel_invitation(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for_members(request.user, pk, write=True)
    invitation = selectors.get_invitation_for_change(request.user, organisation, invitation_pk)
    with audit.records_change(
        request, Action.INVITATION_CANCELLED, invitation, accepted_at=None, cancelled_at=None
    ):
        services.cancel_invitation(actor=request.user, invitation=invitation)
    messages.success(request, f"The invitation for {invitation.email} was cancelled.")
    return redirect("network:member_list", pk=organisation.pk)
