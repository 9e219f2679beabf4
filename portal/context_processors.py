from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def _nav_items(request: HttpRequest) -> list[dict]:
    from network.selectors import _cached_memberships, is_network_admin, is_network_wide

    user = request.user
    if not user.is_authenticated:
        return []
    items = [
        ("Home", reverse("home")),
        ("Needs", reverse("surveys:need_list")),
        ("Surveys", reverse("surveys:survey_list")),
        ("Improvement", reverse("qi:project_list")),
        ("Training", reverse("training:library")),
        ("Events", reverse("network:event_list")),
        ("Network measures", reverse("outcomes:index")),
        ("Directory", reverse("network:directory")),
    ]
    membership = getattr(request, "membership", None)
    if is_network_wide(user) or any(m.role == "partner" for m in _cached_memberships(user)):
        items.insert(1, ("Dashboard", reverse("dashboards:area")))  # the area dashboard
    if is_network_wide(user):
        items.append(("Organisations", reverse("network:organisation_list")))
    elif membership is not None:
        items.append(("Members", reverse("network:member_list", args=[membership.organisation_id])))
    if is_network_admin(user) and user.is_staff:
        items.append(("Admin", reverse("admin:index")))
    items.append(("Your account", reverse("account")))
    path = request.path
    nav = []
    for label, url in items:
        active = path == url if url == reverse("home") else path.startswith(url)
        nav.append({"label": label, "url": url, "active": active})
    return nav


def service(request: HttpRequest) -> dict:
    from network.selectors import _cached_memberships, is_network_wide

    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    memberships = _cached_memberships(user) if signed_in else []
    return {
        "service_name": settings.SERVICE_NAME,
        "show_nhs_logo": settings.SHOW_NHS_LOGO,
        "nav_items": _nav_items(request) if user else [],
        "acting_membership": getattr(request, "membership", None) if memberships else None,
        "memberships": memberships,
        "is_network_wide": signed_in and is_network_wide(user),
    }
