"""Choosing how often digest emails come, and the unsubscribe link in every digest.

The unsubscribe page works without signing in: the signed token in the link is the
authority (digests/tokens.py). It is exempt from CSRF checks so a mail client's one-click
POST (RFC 8058, body "List-Unsubscribe=One-Click") works; a forged request would need the
token, which only the person's own email holds.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from digests import content, services_preferences
from digests.forms import PreferenceForm
from digests.models import Frequency
from digests.tokens import BadToken, ExpiredToken, user_id_from
from portal.forms import posted_data

CHOSEN = {
    Frequency.WEEKLY: "You will get a digest email once a week, when there is something new.",
    Frequency.DAILY: "You will get a digest email each day there is something new.",
    Frequency.NONE: "You will not get digest emails.",
}


def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(
        posted_data(request), initial={"frequency": content.frequency_of(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        frequency = form.cleaned_data["frequency"]
        services_preferences.set_frequency(user=request.user, frequency=frequency)
        messages.success(request, CHOSEN[frequency])
        return redirect("digests:preferences")
    ctx = {
        "form": form,
        "breadcrumbs": [("Home", reverse("home")), ("Your account", reverse("account"))],
    }
    return render(request, "digests/preferences.html", ctx)


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services_preferences.person_for_token(user_id_from(token))
    except ExpiredToken:
        return render(request, "digests/unsubscribe_invalid.html", {"expired": True}, status=400)
    except BadToken:
        return render(request, "digests/unsubscribe_invalid.html", {"expired": False}, status=400)
    if user is None:
        return render(request, "digests/unsubscribe_invalid.html", {"unknown": True}, status=404)
    if request.method == "POST":
        services_preferences.set_frequency(user=user, frequency=Frequency.NONE)
        return render(request, "digests/unsubscribed.html", {"person": user})
    ctx = {
        "person": user,
        "token": token,
        "already": content.frequency_of(user) == Frequency.NONE,
    }
    return render(request, "digests/unsubscribe.html", ctx)
