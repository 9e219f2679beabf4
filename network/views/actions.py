"""Actions agreed at meetings: project workers record them; owners say how they are going."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from network import selectors_events as selectors
from network import services_actions as services
from network.forms_events import ActionEditForm, ActionForm, ActionUpdateForm
from portal.forms import add_service_errors, posted_data


def _crumbs(event) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Events", reverse("network:event_list")),
        (event.title, reverse("network:event_detail", args=[event.pk])),
    ]


def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_organising(request.user, pk)
    form = ActionForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The action has been recorded.")
            return redirect(reverse("network:event_detail", args=[event.pk]) + "#actions")
    ctx = {"form": form, "event": event, "breadcrumbs": _crumbs(event)}
    return render(request, "network/actions/action_form.html", ctx)


def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Organisers change anything; owners update the status and progress."""
    action = selectors.get_action_for_update(request.user, pk)
    full = selectors.can_organise(request.user)
    if request.GET.get("from") == "home":
        back = reverse("home")
    else:
        back = reverse("network:event_detail", args=[action.event_id]) + "#actions"
    if full:
        initial = {
            "description": action.description,
            "owner_user": action.owner_user_id,
            "owner_organisation": action.owner_organisation_id,
            "due_date": action.due_date,
            "status": action.status,
            "progress_note": action.progress_note,
        }
        form = ActionEditForm(posted_data(request), initial=initial)
    else:
        initial = {"status": action.status, "progress_note": action.progress_note}
        form = ActionUpdateForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if full:
                services.edit_action(actor=request.user, action=action, **form.cleaned_data)
            else:
                services.update_action_progress(
                    actor=request.user, action=action, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The action has been updated.")
            return redirect(back)
    ctx = {
        "form": form,
        "action": action,
        "full": full,
        "back": back,
        "breadcrumbs": _crumbs(action.event),
    }
    return render(request, "network/actions/action_edit.html", ctx)
