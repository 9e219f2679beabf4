"""The area dashboard for partners and project workers, and its spreadsheet. Who may see
it is decided in dashboards.access; the figures come from dashboards.selectors_area."""

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from audit.hooks import audited_export
from dashboards.filters import scope_for
from dashboards.selectors_area import area_figures, csv_rows
from portal.exports import safe_cell


def area(request: HttpRequest) -> HttpResponse:
    form, scope = scope_for(request.user, request.GET)
    figures = area_figures(scope)
    ctx = {
        "form": form,
        "scope": scope,
        "figures": figures,
        "filtered": bool(request.GET),
        "query": scope.query_string(),
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "dashboards/area/dashboard.html", ctx)


@audited_export()
def area_csv(request: HttpRequest) -> HttpResponse:
    _, scope = scope_for(request.user, request.GET)
    figures = area_figures(scope)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"area-figures-{scope.start:%Y-%m-%d}-to-{scope.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(["Area figures"])
    writer.writerow(["Area", safe_cell(scope.area_label)])
    writer.writerow(["From", scope.start.isoformat()])
    writer.writerow(["To", scope.end.isoformat()])
    writer.writerow(["Theme", safe_cell(scope.theme.name if scope.theme else "All themes")])
    writer.writerow(
        [
            "Counts of 1 to 4 people read 'fewer than 5'. Averages and counts worked out "
            "from fewer than 5 people are not shown."
        ]
    )
    writer.writerow([])
    writer.writerow(["Section", "Figure", "Value"])
    for section, figure, value in csv_rows(figures):
        cell = safe_cell(value) if isinstance(value, str) else value
        writer.writerow([section, safe_cell(figure), cell])
    return response
