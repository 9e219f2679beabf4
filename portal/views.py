from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from network import selectors, selectors_agreements, selectors_events
from network.roles import Role
from outcomes import home as outcomes_home
from qi_cycles import home as qi_home
from surveys import selectors_needs, selectors_surveys
from training import home as training_home


@login_not_required
def public_home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "pages/public_home.html")


def home(request: HttpRequest) -> HttpResponse:
    """What needs your attention: differs by the role the person is acting in."""
    membership = request.membership
    role = membership.role if membership else None
    ctx = {"membership": membership, "role": role, "Role": Role}
    if membership is not None and selectors.can_manage_members(
        request.user, membership.organisation
    ):
        ctx["pending_invitations"] = selectors.pending_invitations_for(membership.organisation)[:5]
    if selectors.is_network_wide(request.user):
        ctx["network_invitations"] = selectors.recent_pending_invitations()[:10]
    ctx.update(selectors_agreements.home_items(request.user))
    ctx.update(selectors_events.home_items(request.user))
    ctx.update(selectors_needs.home_items(request.user, membership))
    ctx.update(selectors_surveys.home_items(request.user, membership))
    ctx.update(qi_home.home_items(request.user, membership))
    ctx.update(training_home.home_items(request.user, membership))
    ctx.update(outcomes_home.home_items(request.user, membership))
    return render(request, "pages/home.html", ctx)


def floor(request: HttpRequest) -> HttpResponse:
    """The lightest signed-in page: the same middleware and layout, no queries of its own.

    `make bench` compares every page's time with this one's.
    """
    return render(request, "pages/floor.html")


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (tasks run in-process)"
    from portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, cache and broker: 200 when all answer, 503 when any does not."""
    results, healthy = {}, True
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("broker", _check_broker),
    ):
        try:
            outcome = check()
            results[name] = outcome if isinstance(outcome, str) else "ok"
        except Exception as error:  # noqa: BLE001 - any failure means unhealthy
            healthy = False
            results[name] = f"error: {type(error).__name__}"
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503
    )
