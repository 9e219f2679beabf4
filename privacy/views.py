"""Data protection pages: a person's own data and erasure request; network admins' list
of requests, erasure and the retention setting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.log import record
from audit.models import Action
from network.models import User
from network.selectors import is_network_admin
from portal.forms import posted_data
from privacy import export, selectors, services
from privacy.forms import ErasureRequestForm, RetentionForm
from privacy.models import RetentionSetting


def _crumbs(*extra):
    return [("Home", reverse("home")), ("Your account", reverse("account")), *extra]


def _admin_only(request: HttpRequest) -> None:
    if not is_network_admin(request.user):
        raise PermissionDenied("Only network admins can do this.")


# --- A person's own data ------------------------------------------------------------------


@never_cache
@require_GET
def your_data(request: HttpRequest) -> HttpResponse:
    ctx = {
        "pending": selectors.open_request_of(request.user),
        "sections": export.SECTIONS,
        "is_admin": is_network_admin(request.user),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "privacy/your_data.html", ctx)


@never_cache
@require_GET
def download(request: HttpRequest, kind: str) -> HttpResponse:
    data = export.collect(request.user)
    record(Action.OWN_DATA_DOWNLOADED, request=request, target=request.user, detail=kind)
    stamp = timezone.localdate().isoformat()
    if kind == "json":
        response = HttpResponse(export.as_json(data), content_type="application/json")
    else:
        response = HttpResponse(export.as_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="your-data-{stamp}.{kind}"'
    return response


@never_cache
def request_erasure(request: HttpRequest) -> HttpResponse:
    pending = selectors.open_request_of(request.user)
    form = ErasureRequestForm(posted_data(request))
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.request_erasure(
                user=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "We have your request. A network admin will erase your account within a month.",
            )
            return redirect("privacy:your_data")
    ctx = {
        "form": form,
        "pending": pending,
        "breadcrumbs": _crumbs(("Your data", reverse("privacy:your_data"))),
    }
    return render(request, "privacy/request_erasure.html", ctx)


@require_POST
def withdraw_request(request: HttpRequest, pk: int) -> HttpResponse:
    erasure_request = get_object_or_404(selectors.own_open_requests(request.user), pk=pk)
    services.withdraw_request(user=request.user, erasure_request=erasure_request)
    messages.success(request, "You have withdrawn your request. Your account stays open.")
    return redirect("privacy:your_data")


# --- Network admins -----------------------------------------------------------------------


@never_cache
@require_GET
def erasure_requests(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    ctx = {
        "requests": selectors.open_requests(),
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "privacy/erasure_requests.html", ctx)


@require_POST
def decline_request(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_only(request)
    erasure_request = get_object_or_404(selectors.open_requests(), pk=pk)
    services.decline_request(admin=request.user, erasure_request=erasure_request, request=request)
    messages.success(
        request,
        f"You declined {erasure_request.user.full_name}'s request. Tell them why yourself.",
    )
    return redirect("privacy:erasure_requests")


@never_cache
def erase_person(request: HttpRequest, user_id: int) -> HttpResponse:
    _admin_only(request)
    person = get_object_or_404(User, pk=user_id)
    error = ""
    try:
        services.check_can_erase(admin=request.user, person=person)
    except ValidationError as refusal:
        error = refusal.messages[0]
    if request.method == "POST" and not error:
        name = person.full_name
        try:
            services.erase_person(admin=request.user, person=person, request=request)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, f"{name} has been erased. They can no longer sign in.")
            return redirect("privacy:erasure_requests")
    ctx = {
        "person": person,
        "memberships": selectors.memberships_of(person),
        "pending": selectors.open_request_of(person),
        "error": error,
        "breadcrumbs": [
            ("Home", reverse("home")),
            ("Requests to erase accounts", reverse("privacy:erasure_requests")),
        ],
    }
    return render(request, "privacy/erase_person.html", ctx, status=200)


@never_cache
def retention(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    setting = RetentionSetting.current()
    form = RetentionForm(posted_data(request), initial={"months": setting.months})
    if request.method == "POST" and form.is_valid():
        months = form.cleaned_data["months"]
        services.set_retention(admin=request.user, months=months)
        if months:
            messages.success(
                request, f"Accounts not used for {months} months will be deactivated each night."
            )
        else:
            messages.success(request, "Accounts will not be deactivated for being unused.")
        return redirect("privacy:retention")
    ctx = {
        "form": form,
        "setting": setting,
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "privacy/retention.html", ctx)
