"""Suggested corrections: anyone signed in suggests one; the entry's maintainers review
and accept or decline it; the person who suggested it sees the outcome."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from localservices import access, services
from localservices import selectors as services_selectors
from localservices.forms import ACCEPT, DecisionForm, SuggestionForm
from localservices.models import Suggestion
from localservices.views.directory import crumbs
from portal.forms import add_service_errors, posted_data

PAGE_SIZE = 25


def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service(request.user, pk)
    form = SuggestionForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.suggest(
                actor=request.user,
                service=service,
                part=form.cleaned_data["part"],
                what_is_wrong=form.cleaned_data["what_is_wrong"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Thank you. The people who look after this entry will check your "
                "suggestion. You can see what they decide on this page.",
            )
            return redirect("localservices:service_detail", pk=service.pk)
    ctx = {
        "form": form,
        "service": service,
        "breadcrumbs": crumbs(
            (service.name, reverse("localservices:service_detail", args=[service.pk]))
        ),
    }
    return render(request, "localservices/suggest.html", ctx)


def suggestion_list(request: HttpRequest) -> HttpResponse:
    """Suggestions on entries this person maintains: waiting ones first, or decided ones."""
    access.require_reviewer(request.user)
    decided = request.GET.get("show") == "decided"
    rows = services_selectors.suggestions_to_review(
        request.user, status="" if decided else Suggestion.Status.PENDING
    )
    if decided:
        rows = rows.exclude(status=Suggestion.Status.PENDING)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page": page, "decided": decided, "breadcrumbs": crumbs()}
    return render(request, "localservices/suggestion_list.html", ctx)


def my_suggestions(request: HttpRequest) -> HttpResponse:
    page = Paginator(services_selectors.my_suggestions(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ctx = {"page": page, "breadcrumbs": crumbs()}
    return render(request, "localservices/my_suggestions.html", ctx)


def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggestion; its entry's maintainers accept or decline it here."""
    action = access.MAINTAIN if request.method == "POST" else access.VIEW
    suggestion = access.get_suggestion(request.user, pk, action)
    service = suggestion.service
    can_decide = suggestion.is_pending and access.can_maintain(request.user, service)
    form = DecisionForm(posted_data(request)) if can_decide else None
    if request.method == "POST":
        if form is None:
            messages.info(request, "This suggestion has already been decided.")
            return redirect("localservices:suggestion_detail", pk=suggestion.pk)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == ACCEPT:
                    services.accept_suggestion(actor=request.user, suggestion=suggestion)
                else:
                    services.decline_suggestion(
                        actor=request.user,
                        suggestion=suggestion,
                        reason=form.cleaned_data["reason"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if suggestion.status == Suggestion.Status.ACCEPTED:
                    messages.success(
                        request,
                        "You have accepted the suggestion. Now change the entry, and tick "
                        "that you have checked it.",
                    )
                    return redirect("localservices:service_edit", pk=service.pk)
                messages.success(request, "You have declined the suggestion.")
                return redirect("localservices:suggestion_list")
    ctx = {
        "suggestion": suggestion,
        "service": service,
        "form": form,
        "is_mine": suggestion.suggested_by_id == request.user.pk,
        "breadcrumbs": crumbs(
            (service.name, reverse("localservices:service_detail", args=[service.pk]))
        ),
    }
    return render(request, "localservices/suggestion_detail.html", ctx)
