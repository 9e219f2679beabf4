"""Joining the network through an invitation link."""

from allauth.account import app_settings as allauth_settings
from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import complete_signup
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from network import selectors, services
from network.forms import AcceptInvitationForm
from network.services import InvitationError


@login_not_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_invitation(token)
    except InvitationError as error:
        return render(
            request, "network/invitation_invalid.html", {"reason": str(error)}, status=410
        )

    existing = selectors.active_user_with_email(invitation.email)
    if existing is not None:
        return _accept_as_existing_user(request, token, invitation, existing)

    if request.user.is_authenticated:
        return render(
            request,
            "network/invitation_invalid.html",
            {
                "reason": f"This invitation is for {invitation.email}. Sign out first, then "
                "open the link from the email again."
            },
            status=403,
        )

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_invited_user(
                token=token,
                full_name=form.cleaned_data["full_name"],
                job_title=form.cleaned_data["job_title"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError as error:
            return render(
                request, "network/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        # They have just chosen their password: that counts as signing in with it, so
        # setting up 2-step verification straight after does not ask for it again.
        record_authentication(request, user, method="password", email=user.email)
        return complete_signup(request, user, allauth_settings.EMAIL_VERIFICATION, reverse("home"))
    return render(
        request, "network/accept_invitation.html", {"invitation": invitation, "form": form}
    )


def _accept_as_existing_user(request, token, invitation, existing) -> HttpResponse:
    """Someone who already has an account joins another organisation."""
    if not request.user.is_authenticated:
        login_url = reverse("account_login") + "?" + urlencode({"next": request.path})
        return render(
            request,
            "network/accept_invitation_existing.html",
            {"invitation": invitation, "login_url": login_url},
        )
    if request.user.pk != existing.pk:
        return render(
            request,
            "network/invitation_invalid.html",
            {
                "reason": f"This invitation is for {invitation.email}. Sign out and sign in "
                "as that person to accept it."
            },
            status=403,
        )
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token=token, user=request.user)
        except InvitationError as error:
            return render(
                request, "network/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        request.session["acting_membership_id"] = membership.pk
        messages.success(request, f"You have joined {membership.organisation}.")
        return redirect("home")
    return render(
        request,
        "network/accept_invitation_existing.html",
        {"invitation": invitation, "signed_in": True},
    )
