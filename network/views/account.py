from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from digests.content import frequency_of
from digests.models import Frequency
from network import selectors, services, services_directory
from network.forms import ProfileForm
from network.middleware import SESSION_KEY, has_mfa


def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "full_name": user.full_name,
            "job_title": user.job_title,
            "phone": user.phone,
            "show_email": user.show_email,
            "show_phone": user.show_phone,
        },
    )
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        choices = {name: details.pop(name) for name in ProfileForm.CONTACT_FIELDS}
        with transaction.atomic():
            services.update_profile(user=user, **details)
            services_directory.update_contact_preferences(user=user, **choices)
        messages.success(request, "Your details have been saved.")
        return redirect("account")
    ctx = {
        "form": form,
        "memberships": selectors.memberships_of(user),
        "has_mfa": has_mfa(user),
        "digest_frequency": Frequency(frequency_of(user)).label,
    }
    return render(request, "network/account.html", ctx)


@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    """Choose which organisation to act for (for people in more than one)."""
    try:
        membership = selectors.get_member_or_404(
            request.user, int(request.POST.get("membership", ""))
        )
    except ValueError:
        messages.error(request, "Choose an organisation.")
        return redirect("home")
    request.session[SESSION_KEY] = membership.pk
    messages.success(request, f"You are now acting for {membership.organisation}.")
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(next_url)  # not redirect(): "home" would be a view name
    return redirect("home")
