"""Measures: adding and changing one, its page (run chart or SPC chart, summary, icons,
data table, notes), adding and deleting values and notes, importing many values at once
(paste or CSV, with a preview) and downloading the values as CSV.

Who may do what is decided in qi_cycles.access; reads are in selectors_measures and
writes in services_measures."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from audit.hooks import audited_delete, audited_export
from portal.exports import safe_cell
from portal.forms import add_service_errors, posted_data
from qi_cycles import access, charts
from qi_cycles import selectors_measures as selectors
from qi_cycles import services_measures as services
from qi_cycles.forms_measures import (
    AnnotationForm,
    ConfirmImportForm,
    ImportForm,
    MeasureForm,
    ValueForm,
)
from qi_cycles.imports import long_date
from qi_cycles.models import Measure, Project

MAX_SUMMARY_ERRORS = 10


def _crumbs(project: Project, *extra) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Improvement projects", reverse("qi:project_list")),
        (project.title, reverse("qi:project_detail", args=[project.pk])),
        *extra,
    ]


def _measure_crumbs(measure: Measure) -> list[tuple[str, str]]:
    return _crumbs(measure.project, (measure.name, reverse("qi:measure_detail", args=[measure.pk])))


def _detail_url(measure: Measure, anchor: str = "") -> str:
    url = reverse("qi:measure_detail", args=[measure.pk])
    return f"{url}#{anchor}" if anchor else url


def _settings(cleaned: dict) -> dict:
    return {k: v for k, v in cleaned.items() if k in services.MEASURE_FIELDS}


# --- Measures ------------------------------------------------------------------------------


def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.EDIT)
    form = MeasureForm(posted_data(request), initial={"frequency": Measure.Frequency.WEEKLY})
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.create_measure(
                actor=request.user, project=project, **_settings(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"‘{measure.name}’ has been added. Next, add its values: one at a time, or "
                "paste them from a spreadsheet.",
            )
            return redirect("qi:measure_detail", measure_pk=measure.pk)
    ctx = {
        "form": form,
        "project": project,
        "project_tab": "measures",
        "breadcrumbs": _crumbs(project),
    }
    return render(request, "qi_cycles/measures/measure_form.html", ctx)


def measure_edit(request: HttpRequest, measure_pk: int) -> HttpResponse:
    measure = selectors.get_measure(request.user, measure_pk, access.EDIT)
    form = MeasureForm(posted_data(request), instance=measure, settings=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_measure(
                actor=request.user, measure=measure, **_settings(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("qi:measure_detail", measure_pk=measure.pk)
    ctx = {
        "form": form,
        "measure": measure,
        "project": measure.project,
        "project_tab": "measures",
        "breadcrumbs": _measure_crumbs(measure),
    }
    return render(request, "qi_cycles/measures/measure_form.html", ctx)


def _detail(request, measure, *, value_form=None, note_form=None, status=200) -> HttpResponse:
    kind = request.GET.get("chart")
    page = selectors.measure_page(request.user, measure, kind=kind)
    can_edit = page["can_edit"]
    ctx = {
        **page,
        "measure": measure,
        "project": measure.project,
        "project_tab": "measures",
        "value_form": value_form or (ValueForm() if can_edit else None),
        "note_form": note_form or (AnnotationForm() if can_edit else None),
        "target_text": charts.number_text(measure.target) if measure.target is not None else "",
        "breadcrumbs": _crumbs(measure.project),
    }
    return render(request, "qi_cycles/measures/measure_detail.html", ctx, status=status)


def measure_detail(request: HttpRequest, measure_pk: int) -> HttpResponse:
    measure = selectors.get_measure(request.user, measure_pk, access.VIEW)
    return _detail(request, measure)


@audited_export("qi_cycles.measure", kwarg="measure_pk")
def measure_csv(request: HttpRequest, measure_pk: int) -> HttpResponse:
    measure = selectors.get_measure(request.user, measure_pk, access.VIEW)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(measure.name) or "measure"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    unit = f" ({measure.unit})" if measure.unit else ""
    writer.writerow(["Date", safe_cell(f"{measure.name}{unit}")])
    for day, value in selectors.csv_rows(measure):
        writer.writerow([day.isoformat(), value])
    return response


# --- Values --------------------------------------------------------------------------------


@require_POST
def value_add(request: HttpRequest, measure_pk: int) -> HttpResponse:
    measure = selectors.get_measure(request.user, measure_pk, access.EDIT)
    form = ValueForm(request.POST)
    if form.is_valid():
        try:
            value = services.add_value(
                actor=request.user,
                measure=measure,
                day=form.cleaned_data["date"],
                value=form.cleaned_data["value"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Value added: {charts.number_text(value.value)} on {long_date(value.date)}.",
            )
            return redirect(_detail_url(measure))
    return _detail(request, measure, value_form=form)


@audited_delete("qi_cycles.measurevalue", kwarg="value_pk")
@require_POST
def value_delete(request: HttpRequest, value_pk: int) -> HttpResponse:
    value = selectors.get_value(request.user, value_pk, access.EDIT)
    services.delete_value(actor=request.user, value=value)
    messages.success(
        request,
        f"The value for {long_date(value.date)} ({charts.number_text(value.value)}) has been "
        "deleted.",
    )
    return redirect(_detail_url(value.measure))


def measure_import(request: HttpRequest, measure_pk: int) -> HttpResponse:
    """Step 1 (GET, POST without `confirm`): paste or upload, then see every row checked.
    Step 2 (POST with `confirm`): the same text, checked again and saved only if every
    row is right."""
    measure = selectors.get_measure(request.user, measure_pk, access.EDIT)
    ctx = {
        "measure": measure,
        "project": measure.project,
        "project_tab": "measures",
        "breadcrumbs": _measure_crumbs(measure),
    }
    if request.method == "POST" and "confirm" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid():
            text = confirm.cleaned_data["data"]
            try:
                count = services.import_values(actor=request.user, measure=measure, text=text)
            except ValidationError:
                pass  # something changed since the preview: show it again
            else:
                messages.success(
                    request, f"{count} value{'s' if count != 1 else ''} added to the chart."
                )
                return redirect(_detail_url(measure))
            return _preview(request, ctx, measure, ImportForm({"pasted": text}), text)
        return render(
            request, "qi_cycles/measures/measure_import.html", {**ctx, "form": ImportForm()}
        )
    form = ImportForm(posted_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _preview(request, ctx, measure, form, form.cleaned_data["text"])
    return render(request, "qi_cycles/measures/measure_import.html", {**ctx, "form": form})


def _preview(request, ctx, measure, form, text) -> HttpResponse:
    parsed = selectors.import_preview(measure, text)
    problems = parsed.problems
    if not parsed.rows:
        form.add_error("pasted", "We could not find any dates and values. Paste 2 columns")
        return render(request, "qi_cycles/measures/measure_import.html", {**ctx, "form": form})
    # A fresh form holding the text, so it can be changed and checked again.
    retry = ImportForm(initial={"pasted": text})
    if problems:
        retry = ImportForm({"pasted": text})
        retry.is_valid()
        for message in problems[:MAX_SUMMARY_ERRORS]:
            retry.add_error(None, message)
        if len(problems) > MAX_SUMMARY_ERRORS:
            more = len(problems) - MAX_SUMMARY_ERRORS
            retry.add_error(
                None, f"And {more} more problem{'s' if more != 1 else ''}: see the table"
            )
    ctx = {
        **ctx,
        "parsed": parsed,
        "form": retry,
        "confirm_form": ConfirmImportForm(initial={"data": text}) if parsed.valid else None,
    }
    return render(request, "qi_cycles/measures/measure_import_preview.html", ctx)


# --- Annotations ---------------------------------------------------------------------------


@require_POST
def annotation_add(request: HttpRequest, measure_pk: int) -> HttpResponse:
    measure = selectors.get_measure(request.user, measure_pk, access.EDIT)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        try:
            services.add_annotation(
                actor=request.user,
                measure=measure,
                day=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                starts_new_period=form.cleaned_data["starts_new_period"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your note has been added to the chart.")
            return redirect(_detail_url(measure, "notes"))
    return _detail(request, measure, note_form=form)


@audited_delete("qi_cycles.annotation", kwarg="annotation_pk")
@require_POST
def annotation_delete(request: HttpRequest, annotation_pk: int) -> HttpResponse:
    note = selectors.get_annotation(request.user, annotation_pk, access.EDIT)
    services.delete_annotation(actor=request.user, annotation=note)
    messages.success(request, f"The note for {long_date(note.date)} has been deleted.")
    return redirect(_detail_url(note.measure, "notes"))
