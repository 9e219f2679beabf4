"""A measure's results: XmR charts of the network total, a chosen area and a chosen home,
each with its table, and the same figures as CSV. What each person may see is decided
in outcomes.access (Viewer) and outcomes.selectors_results."""

import csv

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from audit.hooks import audited_export
from dashboards.filters import area_choices
from outcomes import access, windows
from outcomes import selectors_measures as measures
from outcomes import selectors_results as results
from outcomes.views.common import crumbs
from portal.exports import safe_cell
from portal.numbers import whole_number


class ChooseForm(forms.Form):
    """Which area and which home to chart beside the network (a GET form)."""

    area = forms.TypedChoiceField(label="Area", required=False, coerce=int, empty_value=None)
    home = forms.TypedChoiceField(label="Care home", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, areas: list, homes: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "No area"), *areas]
        if homes is None:
            del self.fields["home"]
        else:
            self.fields["home"].choices = [("", "No care home"), *homes]


def _series(request: HttpRequest, pk: int):
    """The measure, the choose form and the series to show (network, area, home).

    A home or area the person may not see is a 404, as for any page about it."""
    measure = measures.get_measure(pk)
    viewer = access.viewer_for(request.user, request.membership)
    today = timezone.localdate()
    window = measures.get_window()
    latest = measures.latest_open_month(today, window)
    open_month = latest.month if latest.state(today) == windows.OPEN else None
    months = results.month_range(latest.month)

    area_id = (
        whole_number(request.GET.get("area"))
        if "area" in request.GET
        else results.default_area(viewer)
    )
    if area_id is not None and (
        area_id not in viewer.tree.by_id or not viewer.may_see_area(area_id)
    ):
        raise Http404
    home = None
    home_choices = None
    if viewer.own_home is not None:
        home = viewer.own_home
        asked = whole_number(request.GET.get("home"))
        if asked is not None and asked != home.pk:
            raise Http404  # other homes are only shown inside totals
    else:
        home_pk = whole_number(request.GET.get("home"))
        homes = list(results.homes_in_areas(viewer.area_ids))
        home_choices = [(h.pk, h.name) for h in homes]
        if home_pk is not None:
            home = next((h for h in homes if h.pk == home_pk), None)
            if home is None:
                raise Http404
    form = ChooseForm(
        initial={"area": area_id, "home": home.pk if home else None},
        areas=area_choices(viewer.tree, viewer.area_ids),
        homes=home_choices,
    )
    shown = [results.network_scope()]
    if area_id is not None:
        shown.append(results.area_scope(viewer, area_id))
    if home is not None:
        shown.append(results.home_scope(home))
    series = [
        results.measure_series(measure, viewer, scope=scope, months=months, open_month=open_month)
        for scope in shown
    ]
    return measure, viewer, form, series, months


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure, viewer, form, series, _ = _series(request, pk)
    ctx = {
        "measure": measure,
        "viewer": viewer,
        "form": form,
        "series": series,
        "query": request.GET.urlencode(),
        "can_define": access.can_define(request.user),
        "target_text": results.charts.number_text(measure.target)
        if measure.target is not None
        else "",
        "breadcrumbs": crumbs(),
    }
    return render(request, "outcomes/measure_detail.html", ctx)


def _cell(point) -> object:
    """A number when the month's figure is shown, else the words ("fewer than 5")."""
    if point.value is None:
        return point.text
    return int(point.value) if float(point.value).is_integer() else point.value


@audited_export("outcomes.networkmeasure")
def measure_csv(request: HttpRequest, pk: int) -> HttpResponse:
    measure, _, _, series, _ = _series(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(measure.title) or "measure"
    response["Content-Disposition"] = f'attachment; filename="{name}-by-month.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    unit = "%" if measure.is_rate else measure.unit
    writer.writerow([safe_cell(f"{measure.title} ({unit})")])
    writer.writerow(
        [
            "Totals of 1 to 4 people read 'fewer than 5'. Months still open are provisional: "
            "not every home has sent yet."
        ]
    )
    header = ["Month"]
    for s in series:
        header += [
            safe_cell(s.scope.label),
            f"{safe_cell(s.scope.label)}: homes that sent",
            f"{safe_cell(s.scope.label)}: notes",
        ]
    writer.writerow(header)
    by_month = [{p.month: p for p in s.points} for s in series]
    months = sorted({month for points in by_month for month in points})
    for month in months:
        row = [month.strftime("%Y-%m")]
        for s, points in zip(series, by_month, strict=True):
            point = points.get(month) or results.Point(month, None, "no figures sent")
            notes = []
            if point.corrected:
                notes.append("corrected")
            if point.late:
                notes.append(
                    "sent late" if s.scope.kind == results.HOME else "includes figures sent late"
                )
            if point.provisional and s.scope.kind != results.HOME:
                notes.append("provisional")
            row += [_cell(point), point.homes, "; ".join(notes)]
        writer.writerow(row)
    return response
