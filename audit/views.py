"""The audit log page and its CSV, for network admins only."""

import csv
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from audit import selectors
from audit.forms import AuditFilterForm
from audit.hooks import audited_export
from network.selectors import is_network_admin
from portal.exports import safe_cell

PER_PAGE = 50
# Rows the CSV reads at once; the organisations they name are looked up once per chunk.
CSV_CHUNK = 1000
CSV_HEADER = ["When", "Who", "Role", "Organisation", "What", "Done to", "Detail"]


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict]:
    if not is_network_admin(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    return form, form.filters()


def audit_log(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(selectors.events(filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    shown = list(page.object_list)
    organisations = selectors.organisation_names(shown)
    ctx = {
        "form": form,
        "filtered": bool(filters),
        "page": page,
        "rows": [selectors.row(event, organisations) for event in shown],
        "csv_query": query.urlencode(),
        "breadcrumbs": [
            ("Home", reverse("home")),
            ("Organisations", reverse("network:organisation_list")),
        ],
    }
    return render(request, "audit/audit_log.html", ctx)


def _with_organisations(events):
    """Each event with the names of the organisations its chunk of rows names (one query a
    chunk, not one per moved membership)."""
    rows = events.iterator(chunk_size=CSV_CHUNK)
    while chunk := list(islice(rows, CSV_CHUNK)):
        organisations = selectors.organisation_names(chunk)
        for event in chunk:
            yield event, organisations


class _Echo:
    def write(self, value):
        return value


@audited_export()
def audit_log_csv(request: HttpRequest) -> HttpResponse:
    """The filtered log as a spreadsheet, streamed (it can be long). Downloading it is
    itself recorded."""
    _, filters = _filters(request)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so Excel reads the file as UTF-8
        yield writer.writerow(CSV_HEADER)
        for event, organisations in _with_organisations(selectors.events(filters)):
            row = selectors.row(event, organisations)
            organisation = event.actor_organisation.name if event.actor_organisation else ""
            role = row.acting_as.removesuffix(organisation).rstrip(", ")
            yield writer.writerow(
                [
                    timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                    safe_cell(row.who),
                    role,
                    safe_cell(organisation),
                    row.what,
                    safe_cell(row.target),
                    safe_cell(row.detail),
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
