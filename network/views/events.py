"""Events: the list, the event page, registration, calendar files, and the organisers'
pages (create, edit, cancel, attendance, feedback summaries). Who may do what is decided
in network.selectors_events; the writes are in network.services_events."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit import hooks as audit
from audit.models import Action
from network import ics
from network import selectors_events as selectors
from network import services_events as services
from network.forms_events import (
    AttendanceForm,
    CancelEventForm,
    EventFilterForm,
    EventForm,
    FeedbackForm,
    SeriesForm,
)
from portal.forms import add_service_errors, posted_data

PAGE_SIZE = 20

# Model fields the services report errors on, and the form field that shows them.
EVENT_FIELDS = {"starts_at": "day", "ends_at": "end_time"}


def _crumbs(*extra) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Events", reverse("network:event_list")), *extra]


def _event_crumbs(event) -> list[tuple[str, str]]:
    return _crumbs((event.title, reverse("network:event_detail", args=[event.pk])))


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    past = filters.get("when") == "past"
    events = selectors.event_list(
        request.user,
        past=past,
        kind=filters.get("kind", ""),
        theme=filters.get("theme"),
        held_from=filters.get("held_from"),
        held_to=filters.get("held_to"),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for event in page.object_list:
        event.places_left = selectors.places_left(event, event.registered_count)
    ctx = {
        "form": form,
        "page": page,
        "past": past,
        "filtered": bool(
            filters.get("kind")
            or filters.get("theme")
            or filters.get("held_from")
            or filters.get("held_to")
        ),
        "held_between": _held_between(filters),
        "can_organise": selectors.can_organise(request.user),
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "network/events/event_list.html", ctx)


def _held_between(filters: dict) -> str:
    """ "from 1 December 2025 to 30 November 2026" for a list of events held in a period
    (a link from the area dashboard), else ""."""
    start, end = filters.get("held_from"), filters.get("held_to")
    parts = []
    if start:
        parts.append(f"from {start.day} {start:%B %Y}")
    if end:
        parts.append(f"to {end.day} {end:%B %Y}")
    return " ".join(parts)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, pk)
    ctx = {
        "page": selectors.event_page(request.user, event),
        "event": event,
        "when": selectors.event_when(event),
        "closed_reason": services.why_closed(event),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "network/events/event_detail.html", ctx)


def _event_details(cleaned: dict) -> dict:
    return {
        "title": cleaned["title"],
        "kind": cleaned["kind"],
        "series": cleaned["series"],
        "description": cleaned["description"],
        "themes": list(cleaned.get("themes", [])),
        "starts_at": cleaned["starts_at"],
        "ends_at": cleaned["ends_at"],
        "venue": cleaned["venue"],
        "online_url": cleaned["online_url"],
        "capacity": cleaned["capacity"],
    }


def event_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_organise(request.user):
        raise PermissionDenied("Only project workers can add events.")
    initial = {}
    series_id = request.GET.get("series")
    if series_id and series_id.isdigit():
        series = selectors.find_series(int(series_id))
        if series:
            initial = {"series": series.pk, "kind": series.kind, "title": series.title}
    form = EventForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(actor=request.user, **_event_details(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error, EVENT_FIELDS)
        else:
            messages.success(request, f"{event.title} has been added.")
            return redirect("network:event_detail", pk=event.pk)
    ctx = {"form": form, "breadcrumbs": _crumbs()}
    return render(request, "network/events/event_form.html", ctx)


def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_organising(request.user, pk)
    form = EventForm(posted_data(request), event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                actor=request.user,
                event=event,
                recording_url=form.cleaned_data["recording_url"],
                **_event_details(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error, EVENT_FIELDS)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("network:event_detail", pk=event.pk)
    ctx = {"form": form, "event": event, "breadcrumbs": _event_crumbs(event)}
    return render(request, "network/events/event_form.html", ctx)


def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_organising(request.user, pk)
    form = CancelEventForm(posted_data(request))
    if event.is_cancelled:
        messages.info(request, "This event is already cancelled.")
        return redirect("network:event_detail", pk=event.pk)
    if request.method == "POST" and form.is_valid():
        try:
            with audit.records_change(
                request, Action.EVENT_CANCELLED, event, status=event.Status.SCHEDULED
            ):
                services.cancel_event(
                    actor=request.user, event=event, reason=form.cleaned_data["reason"]
                )
        except ValidationError as error:
            add_service_errors(form, error, EVENT_FIELDS)
        else:
            messages.success(
                request, "The event has been cancelled. We are emailing everyone who registered."
            )
            return redirect("network:event_detail", pk=event.pk)
    page = selectors.event_page(request.user, event)
    ctx = {"form": form, "event": event, "page": page, "breadcrumbs": _event_crumbs(event)}
    return render(request, "network/events/event_cancel.html", ctx)


@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, pk)
    try:
        registration = services.register(user=request.user, event=event)
    except services.RegistrationClosed as closed:
        messages.error(request, str(closed))
    else:
        if registration.status == registration.Status.REGISTERED:
            messages.success(
                request, "You have a place. We will email you a reminder the day before."
            )
        else:
            messages.success(
                request,
                "The event is full, so you are on the waiting list. We will email you if a "
                "place becomes free.",
            )
    return redirect("network:event_detail", pk=event.pk)


@require_POST
def event_cancel_registration(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, pk)
    try:
        registration = services.cancel_registration(user=request.user, event=event)
    except services.RegistrationClosed as closed:
        messages.error(request, str(closed))
    else:
        if registration is None:
            messages.info(request, "You were not registered for this event.")
        else:
            messages.success(request, "You are no longer registered for this event.")
    return redirect("network:event_detail", pk=event.pk)


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event(request.user, pk)
    page = selectors.event_page(request.user, event)
    body = ics.event_calendar(event, include_online_link=page.can_see_link, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(event)}"'
    return response


def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_organising(request.user, pk)
    registrations = selectors.attendance_registrations(event)
    form = AttendanceForm(posted_data(request), registrations=registrations)
    if request.method == "POST" and form.is_valid():
        try:
            came = services.mark_attendance(
                actor=request.user,
                event=event,
                attended={int(pk) for pk in form.cleaned_data["attended"]},
            )
        except ValidationError as error:
            add_service_errors(form, error, EVENT_FIELDS)
        else:
            messages.success(
                request, f"Attendance saved: {came} of {len(registrations)} people came."
            )
            return redirect("network:event_detail", pk=event.pk)
    ctx = {
        "form": form,
        "event": event,
        "registrations": registrations,
        "breadcrumbs": _event_crumbs(event),
    }
    return render(request, "network/events/event_attendance.html", ctx)


def event_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_feedback(request.user, pk)
    earlier = selectors.feedback_of(request.user, event)
    initial = {}
    if earlier:
        initial = {
            name: getattr(earlier, name)
            for name in FeedbackForm.base_fields
            if hasattr(earlier, name)
        }
    form = FeedbackForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _, new = services.give_feedback(user=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, EVENT_FIELDS)
        else:
            if new:
                messages.success(request, "Thank you for your feedback.")
            else:
                messages.success(request, "Thank you. Your feedback has been updated.")
            return redirect("network:event_detail", pk=event.pk)
    ctx = {"form": form, "event": event, "earlier": earlier, "breadcrumbs": _event_crumbs(event)}
    return render(request, "network/events/event_feedback.html", ctx)


def event_feedback_summary(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_organising(request.user, pk)
    ctx = {
        "summary": selectors.feedback_summary(selectors.event_feedback(event)),
        "subject": event,
        "caption": selectors.event_when(event),
        "breadcrumbs": _event_crumbs(event),
    }
    return render(request, "network/events/feedback_summary.html", ctx)


def series_feedback_summary(request: HttpRequest, pk: int) -> HttpResponse:
    series = selectors.get_series(request.user, pk)
    if not selectors.can_organise(request.user):
        raise PermissionDenied("Only project workers can see feedback.")
    ctx = {
        "summary": selectors.feedback_summary(selectors.series_feedback(series)),
        "subject": series,
        "caption": "All events in this series",
        "breadcrumbs": _crumbs((series.title, reverse("network:series_detail", args=[series.pk]))),
    }
    return render(request, "network/events/feedback_summary.html", ctx)


def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = selectors.get_series(request.user, pk)
    events = list(selectors.series_events(series, request.user))
    now = timezone.now()
    ctx = {
        "series": series,
        "themes": list(series.themes.all()),
        "upcoming": [e for e in events if e.ends_at > now],
        "past": [e for e in reversed(events) if e.ends_at <= now],
        "can_organise": selectors.can_organise(request.user),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "network/events/series_detail.html", ctx)


def series_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_organise(request.user):
        raise PermissionDenied("Only project workers can add a series.")
    form = SeriesForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            series = services.create_series(
                actor=request.user,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                themes=list(form.cleaned_data.get("themes", [])),
            )
        except ValidationError as error:
            add_service_errors(form, error, EVENT_FIELDS)
        else:
            messages.success(request, f"{series.title} has been added. Now add its first event.")
            return redirect("network:series_detail", pk=series.pk)
    return render(
        request, "network/events/series_form.html", {"form": form, "breadcrumbs": _crumbs()}
    )
