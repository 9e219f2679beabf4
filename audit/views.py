"""The audit log page, for network admins only."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from audit import selectors
from audit.forms import AuditFilterForm
from network.selectors import is_network_admin

PER_PAGE = 50


def audit_log(request: HttpRequest) -> HttpResponse:
    if not is_network_admin(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(selectors.events(filters), PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "form": form,
        "filtered": bool(filters),
        "page": page,
        "rows": [selectors.row(event) for event in page.object_list],
        "breadcrumbs": [
            ("Home", reverse("home")),
            ("Organisations", reverse("network:organisation_list")),
        ],
    }
    return render(request, "audit/audit_log.html", ctx)
