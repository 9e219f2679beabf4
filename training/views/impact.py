"""Training impact: champions record training they passed on to colleagues ("cascade"),
and project workers and partners read the analytics (on screen and as a spreadsheet).
Rules are in training.access and training.selectors_impact; writes in
training.services_impact."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from audit.hooks import audited_export
from portal.exports import safe_cell
from portal.forms import add_service_errors, posted_data
from publicpages.selectors_usage import views_by_item
from training import access
from training import selectors_impact as selectors
from training import services_impact as services
from training.forms_impact import AnalyticsFilterForm, CascadeForm

PAGE_SIZE = 50


def _training_crumbs() -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Training", reverse("training:library"))]


# --- Passing it on (cascade) ----------------------------------------------------------


def cascade_list(request: HttpRequest) -> HttpResponse:
    scope = selectors.cascade_scope(request.user)
    page = Paginator(scope.deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "page": page,
        "rows": selectors.cascade_rows(scope, page.object_list),
        "scope": scope,
        "totals": selectors.cascade_totals(scope),
        "breadcrumbs": _training_crumbs(),
    }
    return render(request, "training/impact/cascade_list.html", ctx)


def cascade_create(request: HttpRequest) -> HttpResponse:
    homes = access.require_cascade(request.user)
    acting = request.membership.organisation if request.membership else None
    form = CascadeForm(posted_data(request), homes=homes, initial_home=acting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delivery, _ = services.record_cascade(
                actor=request.user,
                session=data["session"],
                home=form.chosen_home(),
                delivered_on=data["delivered_on"],
                attendees=data["attendees"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            colleagues = delivery.attendees
            messages.success(
                request,
                f"Thank you. You passed on {delivery.session.title} to {colleagues} "
                f"colleague{'s' if colleagues != 1 else ''}. It now counts towards the "
                "network's reach.",
            )
            return redirect("training:cascade_list")
    ctx = {
        "form": form,
        "breadcrumbs": [
            *_training_crumbs(),
            ("Training passed on", reverse("training:cascade_list")),
        ],
    }
    return render(request, "training/impact/cascade_form.html", ctx)


# --- Analytics ------------------------------------------------------------------------


def _analytics_inputs(request: HttpRequest):
    """The viewer's scope, the filter form and the filters it gives (defaults where a
    value is missing or makes no sense)."""
    scope = selectors.analytics_scope(request.user)
    start, end = selectors.default_period(timezone.localdate())
    form = AnalyticsFilterForm(
        request.GET or None,
        initial={"start": start, "end": end},
        area_choices=selectors.area_choices(scope),
        whole="The whole network" if scope.network_wide else "All your areas",
    )
    cleaned: dict = {}
    if form.is_bound:
        form.is_valid()  # errors are shown on the page; valid values are still used
        cleaned = form.cleaned_data
    filters = selectors.AnalyticsFilters(
        start=cleaned.get("start") or start,
        end=cleaned.get("end") or end,
        theme=cleaned.get("theme"),
        area_id=cleaned.get("area"),
    )
    return scope, form, filters


def _area_name(scope, filters) -> str:
    if filters.area_id is None or filters.area_id not in scope.tree.by_id:
        return "the whole network" if scope.network_wide else "all your areas"
    return scope.tree.by_id[filters.area_id].name


def analytics(request: HttpRequest) -> HttpResponse:
    scope, form, filters = _analytics_inputs(request)
    figures = selectors.analytics(scope, filters, with_comments=access.can_manage(request.user))
    ctx = {
        "form": form,
        "figures": figures,
        "filters": filters,
        "area_name": _area_name(scope, filters),
        "network_wide": scope.network_wide,
        "filtered": bool(request.GET),
        "rating_scale": selectors.RATING_SCALE,
        "csv_query": request.GET.urlencode(),
        "organisations_left_off": max(
            0, len(figures.organisations) - selectors.ORGANISATIONS_ON_PAGE
        ),
        # Views of the public learning pages: network-wide figures, for project workers.
        "public_views": views_by_item(filters.start, filters.end) if scope.network_wide else None,
        "breadcrumbs": _training_crumbs(),
    }
    return render(request, "training/impact/analytics.html", ctx)


@audited_export()
def analytics_csv(request: HttpRequest) -> HttpResponse:
    scope, _, filters = _analytics_inputs(request)
    figures = selectors.analytics(scope, filters, with_comments=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"training-figures-{filters.start:%Y-%m-%d}-to-{filters.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(["Training figures"])
    writer.writerow(["From", filters.start.isoformat()])
    writer.writerow(["To", filters.end.isoformat()])
    writer.writerow(["Theme", safe_cell(filters.theme.name if filters.theme else "All themes")])
    writer.writerow(["Area", safe_cell(_area_name(scope, filters))])
    writer.writerow(
        [
            "Counts of 1 to 4 people read 'fewer than 5'. Averages, rates and counts of "
            "sessions completed worked out from fewer than 5 people are left empty."
        ]
    )
    writer.writerow([])
    writer.writerow(["By session"])
    writer.writerow(
        [
            "Session",
            "People who watched",
            "Completed",
            "Completion rate",
            "Average rating (1 to 5)",
        ]
    )
    for row in figures.sessions:
        writer.writerow(
            [
                safe_cell(row.title),
                row.people_text,
                row.completions_text,
                row.rate_text or "",
                row.rating_text or "",
            ]
        )
    writer.writerow([])
    writer.writerow(["By organisation"])
    writer.writerow(
        [
            "Organisation",
            "Area",
            "People who watched",
            "Sessions completed",
            "Times passed on",
            "Colleagues reached by passing it on",
        ]
    )
    for row in figures.organisations:
        writer.writerow(
            [
                safe_cell(row.name),
                safe_cell(row.area),
                row.people_text,
                row.completions_text or "",
                row.times_passed_on,
                row.colleagues_text,
            ]
        )
    if scope.network_wide:
        writer.writerow([])
        writer.writerow(["Public page views (views, not people; nothing about visitors is kept)"])
        writer.writerow(["Item", "Kind", "Month", "Views"])
        for item in views_by_item(filters.start, filters.end):
            for month, views in item.months:
                writer.writerow(
                    [safe_cell(item.title), item.kind_label, month.strftime("%Y-%m"), views]
                )
    return response
