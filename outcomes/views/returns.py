"""A home's monthly figures: its months, sending a month's figures (or "no change from
last month"), seeing what was sent and correcting it; and, for project workers, which
homes have sent. Rules: outcomes.access; writes: outcomes.services_returns."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from network.selectors_directory import AreaTree
from outcomes import access, figures, windows
from outcomes import selectors_measures as measures
from outcomes import selectors_returns as selectors
from outcomes import services_returns as services
from outcomes.forms_returns import CorrectionForm, FiguresForm
from outcomes.views.common import crumbs, month_args
from portal.forms import add_service_errors, posted_data


def _home_crumbs(home, *extra):
    return crumbs(
        (f"{home.name}: monthly figures", reverse("outcomes:home_returns", args=[home.pk])), *extra
    )


def _sendable(month: windows.ReportingMonth, today: date, window) -> bool:
    return any(m.month == month.month for m in selectors.sendable_months(today, window))


def home_returns(request: HttpRequest, home_pk: int) -> HttpResponse:
    tree = AreaTree.load()
    home = access.get_home(request.user, home_pk, access.SEND, tree)
    today = timezone.localdate()
    window = measures.get_window()
    rows = selectors.home_months(home, today, window)
    latest = measures.latest_open_month(today, window)
    ctx = {
        "home": home,
        "rows": rows,
        "current": rows[0].month,
        "latest_open": latest.month,
        "asked": measures.measures_for_home(home, tree),
        "breadcrumbs": crumbs(),
    }
    return render(request, "outcomes/home_returns.html", ctx)


def _month_or_404(year: int, month: int, window):
    try:
        first = date(year, month, 1)
    except (ValueError, OverflowError):
        raise Http404 from None
    return measures.reporting_month(first, window)


def _detail_redirect(home, month):
    return redirect("outcomes:return_detail", *month_args(home.pk, month.month))


@require_http_methods(["GET", "POST"])
def return_send(request: HttpRequest, home_pk: int, year: int, month: int) -> HttpResponse:
    tree = AreaTree.load()
    home = access.get_home(request.user, home_pk, access.SEND, tree)
    today = timezone.localdate()
    window = measures.get_window()
    reporting = _month_or_404(year, month, window)
    if reporting.month > measures.current_month(today, window).month:
        raise Http404  # a month not over yet
    if reporting.state(today) != windows.NOT_OPEN and not _sendable(reporting, today, window):
        raise Http404  # too long ago to send now
    if selectors.get_return(home, reporting.month) is not None:
        messages.info(request, f"{reporting.short_name}'s figures have already been sent.")
        return _detail_redirect(home, reporting)
    home_measures = measures.measures_for_home(home, tree)
    rules = measures.rate_rules(home_measures)
    form = FiguresForm(posted_data(request), measures=home_measures, rules=rules)
    state = reporting.state(today)
    if request.method == "POST" and state != windows.NOT_OPEN and form.is_valid():
        try:
            sent = services.send_return(
                actor=request.user,
                home=home,
                month=reporting,
                raw=form.raw(),
                today=today,
                tree=tree,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            late = " They are marked late: thank you for sending them." if sent.is_late else ""
            messages.success(
                request, f"Sent, thank you. {reporting.short_name}'s figures are in.{late}"
            )
            return _detail_redirect(home, reporting)
    previous = services.last_month_figures(home, reporting)
    ctx = {
        "form": form,
        "home": home,
        "month": reporting,
        "state": state,
        "late": state == windows.CLOSED,
        "can_copy": bool(previous) and all(m.pk in previous for m in home_measures),
        "breadcrumbs": _home_crumbs(home),
    }
    return render(request, "outcomes/return_form.html", ctx)


@require_http_methods(["GET", "POST"])
def return_no_change(request: HttpRequest, home_pk: int, year: int, month: int) -> HttpResponse:
    """Step 1 (GET): last month's figures, to check. Step 2 (POST): send them again."""
    tree = AreaTree.load()
    home = access.get_home(request.user, home_pk, access.SEND, tree)
    today = timezone.localdate()
    window = measures.get_window()
    reporting = _month_or_404(year, month, window)
    if reporting.state(today) == windows.NOT_OPEN or not _sendable(reporting, today, window):
        raise Http404
    if selectors.get_return(home, reporting.month) is not None:
        messages.info(request, f"{reporting.short_name}'s figures have already been sent.")
        return _detail_redirect(home, reporting)
    error = ""
    if request.method == "POST":
        try:
            services.send_no_change(
                actor=request.user, home=home, month=reporting, today=today, tree=tree
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                f"Sent, thank you. {reporting.short_name}'s figures are the same as last month's.",
            )
            return _detail_redirect(home, reporting)
    previous = services.last_month_figures(home, reporting)
    home_measures = measures.measures_for_home(home, tree)
    rows = [(m, previous.get(m.pk)) for m in home_measures]
    ctx = {
        "home": home,
        "month": reporting,
        "previous_label": windows.month_label(windows.add_months(reporting.month, -1)),
        "rows": rows,
        "complete": bool(rows) and all(value is not None for _, value in rows),
        "error": error,
        "late": reporting.state(today) == windows.CLOSED,
        "breadcrumbs": _home_crumbs(home),
    }
    return render(request, "outcomes/return_no_change.html", ctx, status=200)


def return_detail(request: HttpRequest, home_pk: int, year: int, month: int) -> HttpResponse:
    home = access.get_home(request.user, home_pk, access.SEND)
    reporting = _month_or_404(year, month, measures.get_window())
    sent = selectors.get_return(home, reporting.month)
    if sent is None:
        raise Http404
    values = list(sent.values.all())
    ctx = {
        "home": home,
        "month": reporting,
        "sent": sent,
        "values": values,
        "corrections": sorted(
            (c for v in values for c in v.corrections.all()),
            key=lambda c: (c.corrected_at, c.pk),
            reverse=True,
        ),
        "breadcrumbs": _home_crumbs(home),
    }
    return render(request, "outcomes/return_detail.html", ctx)


@require_http_methods(["GET", "POST"])
def return_correct(request: HttpRequest, home_pk: int, year: int, month: int) -> HttpResponse:
    tree = AreaTree.load()
    home = access.get_home(request.user, home_pk, access.SEND, tree)
    reporting = _month_or_404(year, month, measures.get_window())
    sent = selectors.get_return(home, reporting.month)
    if sent is None:
        raise Http404
    shown = services.correction_measures(sent, tree)
    held = {v.measure_id: v.value for v in sent.values.all()}
    form = CorrectionForm(
        posted_data(request),
        measures=shown,
        rules=measures.rate_rules(shown),
        initial={figures.field_name(m): held.get(m.pk) for m in shown},
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.correct_return(
                actor=request.user,
                monthly_return=sent,
                raw=form.raw(),
                reason=form.cleaned_data["reason"],
                tree=tree,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            n = len(made)
            messages.success(
                request,
                f"Corrected: {n} figure{'s' if n != 1 else ''} changed. Charts now use the "
                "corrected figures and say they were corrected.",
            )
            return _detail_redirect(home, reporting)
    ctx = {
        "form": form,
        "home": home,
        "month": reporting,
        "sent": sent,
        "breadcrumbs": _home_crumbs(
            home,
            (
                reporting.label,
                reverse("outcomes:return_detail", args=month_args(home.pk, reporting.month)),
            ),
        ),
    }
    return render(request, "outcomes/return_correct.html", ctx)


def status(request: HttpRequest) -> HttpResponse:
    """Which homes have sent a month's figures (this month's unless ?month=YYYY-MM)."""
    access.require_status_list(request.user)
    today = timezone.localdate()
    window = measures.get_window()
    current = measures.current_month(today, window)
    chosen = current
    text = request.GET.get("month", "")
    try:
        year, number = (int(part) for part in text.split("-"))
        chosen = measures.reporting_month(date(year, number, 1), window)
    except (ValueError, TypeError, OverflowError):
        pass
    if chosen.month > current.month:
        chosen = current
    rows = selectors.status_rows(chosen.month, AreaTree.load())
    sent = [r for r in rows if r.monthly_return is not None]
    months = [measures.reporting_month(m, window) for m in windows.months_back(current.month, 12)]
    ctx = {
        "month": chosen,
        "state": chosen.state(today),
        "rows": rows,
        "sent_count": len(sent),
        "late_count": sum(1 for r in sent if r.monthly_return.is_late),
        "months": list(reversed(months)),
        "breadcrumbs": crumbs(),
    }
    return render(request, "outcomes/status.html", ctx)
