"""The network measures page, defining measures and the reporting window (project
workers). Rules: outcomes.access; reads: selectors_*; writes: services_measures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from network.selectors_directory import AreaTree
from outcomes import access, windows
from outcomes import selectors_measures as measures
from outcomes import selectors_results as results
from outcomes import services_measures as services
from outcomes.forms_measures import MeasureForm, WindowForm, measure_initial
from outcomes.models import MonthlyReturn, NetworkMeasure
from outcomes.selectors_returns import sent_and_asked
from outcomes.views.common import crumbs
from portal.forms import add_service_errors, posted_data


def index(request: HttpRequest) -> HttpResponse:
    viewer = access.viewer_for(request.user, request.membership)
    today = timezone.localdate()
    window = measures.get_window()
    current = measures.current_month(today, window)
    latest = measures.latest_open_month(today, window)
    months = results.month_range(latest.month)
    open_month = latest.month if latest.state(today) == windows.OPEN else None
    everything = list(measures.all_measures().order_by("position", "pk"))
    active = [m for m in everything if not m.is_retired]
    network = results.latest_summaries(
        active, viewer, scope=results.network_scope(), months=months, open_month=open_month
    )
    own_rows = {}
    own_return = None
    if viewer.own_home is not None:
        own = results.latest_summaries(
            active,
            viewer,
            scope=results.home_scope(viewer.own_home),
            months=months,
            open_month=None,
        )
        own_rows = {s.measure.pk: s for s in own}
        own_return = MonthlyReturn.objects.filter(home=viewer.own_home, month=current.month).first()
    rows = [{"network": s, "own": own_rows.get(s.measure.pk)} for s in network]
    status = None
    if access.can_define(request.user):
        sent, asked = sent_and_asked(current.month, viewer.tree)
        status = {"asked": asked, "sent": sent}
    ctx = {
        "viewer": viewer,
        "window": window,
        "current": current,
        "current_state": current.state(today),
        "own_return": own_return,
        "rows": rows,
        "retired": [m for m in everything if m.is_retired],
        "can_define": access.can_define(request.user),
        "status": status,
        "breadcrumbs": [crumbs()[0]],
    }
    return render(request, "outcomes/index.html", ctx)


def _measure_form_page(request, form, measure=None) -> HttpResponse:
    title = f"Change ‘{measure.title}’" if measure else "Add a network measure"
    extra = [(measure.title, measure_url(measure))] if measure else []
    ctx = {"form": form, "measure": measure, "title": title, "breadcrumbs": crumbs(*extra)}
    return render(request, "outcomes/measure_form.html", ctx)


def measure_url(measure: NetworkMeasure) -> str:
    from django.urls import reverse

    return reverse("outcomes:measure_detail", args=[measure.pk])


def measure_create(request: HttpRequest) -> HttpResponse:
    access.require_define(request.user)
    form = MeasureForm(
        posted_data(request),
        tree=AreaTree.load(),
        initial={"reporting": NetworkMeasure.Reporting.ALL, "counts_people": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.create_measure(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"‘{measure.title}’ has been added."
                + ("" if measure.is_rate else " Homes are asked for it from the next return."),
            )
            return redirect("outcomes:measure_detail", pk=measure.pk)
    return _measure_form_page(request, form)


def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = measures.get_measure(pk)
    access.require_define(request.user)
    form = MeasureForm(
        posted_data(request),
        tree=AreaTree.load(),
        editing=measure,
        initial=measure_initial(measure),
    )
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        if measure.is_rate:
            kwargs.update(reporting=measure.reporting, counts_people=measure.counts_people)
        try:
            services.update_measure(
                actor=request.user,
                measure=measure,
                version=form.cleaned_data["version"],
                **kwargs,
            )
        except services.EditConflict:
            form.add_error(
                None,
                "Someone else changed this measure while you were editing it. Your changes "
                "have not been saved. Copy anything you need, then reload the page to see "
                "their changes.",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("outcomes:measure_detail", pk=measure.pk)
    return _measure_form_page(request, form, measure)


@require_POST
def measure_retire(request: HttpRequest, pk: int) -> HttpResponse:
    measure = measures.get_measure(pk)
    access.require_define(request.user)
    try:
        services.retire_measure(actor=request.user, measure=measure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"‘{measure.title}’ is retired: homes are no longer asked for it. Its figures "
            "and charts stay.",
        )
    return redirect("outcomes:measure_detail", pk=measure.pk)


@require_POST
def measure_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    measure = measures.get_measure(pk)
    access.require_define(request.user)
    try:
        services.reinstate_measure(actor=request.user, measure=measure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Homes are asked for ‘{measure.title}’ again.")
    return redirect("outcomes:measure_detail", pk=measure.pk)


def window_edit(request: HttpRequest) -> HttpResponse:
    access.require_define(request.user)
    window = measures.get_window()
    form = WindowForm(
        posted_data(request),
        initial={"opens_day": window.opens_day, "closes_day": window.closes_day},
    )
    if request.method == "POST" and form.is_valid():
        try:
            window = services.update_window(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            current = measures.current_month(timezone.localdate(), window)
            messages.success(request, f"Saved. {current.window_text}.")
            return redirect("outcomes:index")
    today = timezone.localdate()
    ctx = {
        "form": form,
        "current": measures.current_month(today, window),
        "breadcrumbs": crumbs(),
    }
    return render(request, "outcomes/window_form.html", ctx)
