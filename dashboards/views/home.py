"""The home dashboard: one care home next to the average home in its area and in the
network. Who may see it is decided in dashboards.access (404 for a home that is not yours);
the figures come from dashboards.selectors_home."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from dashboards import access
from dashboards import selectors_home as selectors


class PeriodForm(forms.Form):
    """Which months the figures cover (a GET form; a bad value shows an error and the
    figures use the last 12 months)."""

    months = forms.TypedChoiceField(
        label="Show figures for",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            (months, label[:1].upper() + label[1:]) for months, label in selectors.PERIODS.items()
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose the last 3 months, 12 months or 2 years"},
    )


def chosen_period(request: HttpRequest) -> tuple[PeriodForm, selectors.Period]:
    form = PeriodForm(request.GET or None, initial={"months": selectors.DEFAULT_MONTHS})
    months = selectors.DEFAULT_MONTHS
    if form.is_bound and form.is_valid() and form.cleaned_data.get("months"):
        months = form.cleaned_data["months"]
    return form, selectors.period_of(months)


def period_query(period: selectors.Period) -> str:
    """For links that keep the chosen period (nothing for the default)."""
    if period.months == selectors.DEFAULT_MONTHS:
        return ""
    return "?" + urlencode({"months": period.months})


def home_crumbs(request: HttpRequest, home) -> list[tuple[str, str]]:
    crumbs = [("Home", reverse("home"))]
    if access.can_see_area_dashboard(request.user):
        crumbs.append(("Area dashboard", reverse("dashboards:area")))
    crumbs.append((home.name, reverse("network:organisation_detail", args=[home.pk])))
    return crumbs


def home_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    home = access.get_home(request.user, pk)
    form, period = chosen_period(request)
    ctx = {
        **selectors.home_dashboard(request.user, home, period),
        "form": form,
        "pdf_url": reverse("dashboards:home_pdf", args=[home.pk]) + period_query(period),
        "breadcrumbs": home_crumbs(request, home),
    }
    return render(request, "dashboards/home/dashboard.html", ctx)
