"""Project workers' pages: the manage list, adding and changing sessions (with their video,
captions and handouts), publishing and archiving, collections and their order, and a
session made from an event's recording.

Who may do what is decided in training.access (drafts: 404 for everyone else; published
and archived sessions and collections others can see: 403; pages about no one object:
403). Reads are in selectors_authoring, writes in services_authoring."""

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from audit.hooks import audited_delete
from network import selectors_events
from portal.forms import add_service_errors, posted_data
from training import access
from training import selectors_authoring as selectors
from training import services_authoring as services
from training.forms_authoring import (
    STATUS_ACTION_HINTS,
    STATUS_ACTION_LABELS,
    AddSessionForm,
    AddToCollectionForm,
    CollectionForm,
    HandoutForm,
    SessionForm,
    StatusForm,
)
from training.models import CollectionItem, Handout, Session

PAGE_SIZE = 25
_ALREADY_SAVED = (
    "‘{title}’ was already saved a moment ago, so it has not been saved again. Here it is."
)


def _require_manage(request: HttpRequest) -> None:
    if not access.can_manage(request.user):
        raise PermissionDenied("Only the network's project workers can manage training.")


def _crumbs(*extra) -> list[tuple[str, str]]:
    crumbs = [("Home", reverse("home"))]
    try:
        crumbs.append(("Training", reverse("training:library")))
    except NoReverseMatch:  # the library's URLs are added separately
        pass
    return [*crumbs, ("Manage training", reverse("training:manage")), *extra]


def _session_crumbs(session: Session) -> list[tuple[str, str]]:
    return _crumbs((session.title, reverse("training:session_edit", args=[session.pk])))


def _posted(request: HttpRequest):
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


# --- The manage page ------------------------------------------------------------------


def manage(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    status = request.GET.get("status", "")
    if status not in Session.Status.values:
        status = ""
    counts = selectors.status_counts()
    page = Paginator(selectors.manage_sessions(status), PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "page": page,
        "status": status,
        "total": sum(counts.values()),
        "filters": [
            (value, selectors.STATUS_HEADINGS[value], counts[value])
            for value in selectors.STATUS_ORDER
        ],
        "collections": list(selectors.manage_collections()),
        "breadcrumbs": _crumbs()[:-1],
    }
    return render(request, "training/authoring/manage.html", ctx)


# --- Sessions -------------------------------------------------------------------------


def session_create(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    form = SessionForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            session, created = services.create_session(
                actor=request.user,
                details=form.details(),
                video=form.video(),
                captions=form.captions_upload(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    f"‘{session.title}’ has been saved as a draft. Only project workers can "
                    "see it until you publish it.",
                )
            else:
                messages.info(request, _ALREADY_SAVED.format(title=session.title))
            return redirect("training:session_edit", pk=session.pk)
    return render(
        request, "training/authoring/session_form.html", {"form": form, "breadcrumbs": _crumbs()}
    )


def session_from_event(request: HttpRequest, event_pk: int) -> HttpResponse:
    event = selectors_events.get_event(request.user, event_pk)
    _require_manage(request)
    if not event.recording_url:
        raise Http404("This event has no recording link.")
    recording = selectors.from_event(event)
    form = SessionForm(*_posted(request), initial=recording.initial)
    if request.method == "POST" and form.is_valid():
        try:
            session, created = services.create_session(
                actor=request.user,
                details=form.details(),
                video=form.video(),
                captions=form.captions_upload(),
                source_event=event,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    f"‘{session.title}’ has been saved as a draft from the event's recording. "
                    "Check the details and add captions, then publish it.",
                )
            else:
                messages.info(request, _ALREADY_SAVED.format(title=session.title))
            return redirect("training:session_edit", pk=session.pk)
    ctx = {
        "form": form,
        "event": event,
        "recording": recording,
        "breadcrumbs": [
            ("Home", reverse("home")),
            ("Events", reverse("network:event_list")),
            (event.title, reverse("network:event_detail", args=[event.pk])),
        ],
    }
    return render(request, "training/authoring/session_form.html", ctx)


def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk, access.MANAGE)
    form = SessionForm(*_posted(request), session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(
                actor=request.user,
                session=session,
                details=form.details(),
                video=form.video(),
                captions=form.captions_upload(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("training:session_edit", pk=session.pk)
    collections = selectors.collections_without(session)
    ctx = {
        "form": form,
        "session": session,
        "source_event": session.source_event,
        "publish_problems": services.publish_problems(session),
        "actions": services.allowed_actions(session),
        "video_name": os.path.basename(session.video_file.name) if session.has_upload else "",
        "captions_name": os.path.basename(session.captions.name) if session.captions else "",
        "collection_form": AddToCollectionForm(collections=collections),
        "can_add_to_collection": (
            session.status != Session.Status.ARCHIVED and collections.exists()
        ),
        **selectors.session_page(session),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "training/authoring/session_form.html", ctx)


def session_status(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk, access.MANAGE)
    actions = services.allowed_actions(session)
    problems = services.publish_problems(session)
    offered = [a for a in actions if not (a == services.PUBLISH and problems)]
    chosen = request.GET.get("action", "")
    initial = {"action": chosen} if chosen in offered else {}
    if not initial and len(offered) == 1:
        initial = {"action": offered[0]}
    # Every allowed action is a valid answer, so posting "publish" when it cannot be
    # published yet gets the reason from the service, not "choose one of the options".
    form = StatusForm(posted_data(request), actions=actions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.change_status(
                actor=request.user, session=session, action=form.cleaned_data["action"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _status_message(session))
            return redirect("training:session_edit", pk=session.pk)
    ctx = {
        # With nothing to choose there is no form: the warning says what to do first.
        "form": form if offered else None,
        "session": session,
        "options": _status_options(form, offered),
        "problems": problems if services.PUBLISH in actions else [],
        "breadcrumbs": _session_crumbs(session),
    }
    return render(request, "training/authoring/session_status.html", ctx)


def _status_options(form: StatusForm, offered: list[str]) -> list[dict]:
    """The radios, each with a hint saying what changes (ids as the NHS.UK pack gives
    them, so the error summary links to the first)."""
    chosen = form.data.get("action") if form.is_bound else form.initial.get("action")
    return [
        {
            "id": "id_action" if index == 0 else f"id_action-{index + 1}",
            "value": action,
            "label": STATUS_ACTION_LABELS[action],
            "hint": STATUS_ACTION_HINTS[action],
            "checked": action == chosen,
        }
        for index, action in enumerate(offered)
    ]


def _status_message(session: Session) -> str:
    if session.status == Session.Status.PUBLISHED:
        return f"‘{session.title}’ is published. Everyone in the network can now see it."
    if session.status == Session.Status.ARCHIVED:
        return f"‘{session.title}’ is archived. It is no longer in the library."
    return f"‘{session.title}’ is a draft again. Only project workers can see it."


@require_POST
def session_add_to_collection(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk, access.MANAGE)
    form = AddToCollectionForm(request.POST, collections=selectors.collections_without(session))
    if form.is_valid():
        collection = form.cleaned_data["collection"]
        try:
            services.add_to_collection(actor=request.user, collection=collection, session=session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"The session has been added to ‘{collection.title}’.")
    else:
        messages.error(request, " ".join(form.errors.get("collection", [])))
    return redirect(reverse("training:session_edit", args=[session.pk]) + "#collections")


# --- Handouts -------------------------------------------------------------------------


def handout_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk, access.MANAGE)
    form = HandoutForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            handout, created = services.add_handout(
                actor=request.user,
                session=session,
                title=form.cleaned_data["title"].strip(),
                upload=form.cleaned_data["file"],
                content_type=form.content_type,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(request, f"The handout ‘{handout.title}’ has been added.")
            else:
                messages.info(
                    request,
                    f"The handout ‘{handout.title}’ was already added a moment ago, so it "
                    "has not been added again.",
                )
            return redirect(reverse("training:session_edit", args=[session.pk]) + "#handouts")
    ctx = {"form": form, "session": session, "breadcrumbs": _session_crumbs(session)}
    return render(request, "training/authoring/handout_form.html", ctx)


@audited_delete("training.handout")
def handout_delete(request: HttpRequest, pk: int) -> HttpResponse:
    handout = get_object_or_404(Handout, pk=pk)
    session = access.get_session(request.user, handout.session_id, access.MANAGE)
    if request.method == "POST":
        services.delete_handout(actor=request.user, handout=handout)
        messages.success(request, f"The handout ‘{handout.title}’ has been removed.")
        return redirect(reverse("training:session_edit", args=[session.pk]) + "#handouts")
    ctx = {"handout": handout, "session": session, "breadcrumbs": _session_crumbs(session)}
    return render(request, "training/authoring/handout_delete.html", ctx)


# --- Collections ----------------------------------------------------------------------


def collection_create(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    form = CollectionForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            collection, created = services.create_collection(
                actor=request.user,
                title=form.cleaned_data["title"].strip(),
                summary=form.cleaned_data["summary"].strip(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    f"The collection ‘{collection.title}’ has been made. Now add sessions.",
                )
            else:
                messages.info(
                    request,
                    f"The collection ‘{collection.title}’ was already made a moment ago, so "
                    "it has not been made again.",
                )
            return redirect("training:collection_items", pk=collection.pk)
    ctx = {"form": form, "breadcrumbs": _crumbs()}
    return render(request, "training/authoring/collection_form.html", ctx)


def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collection = access.get_collection(request.user, pk, access.MANAGE)
    form = CollectionForm(posted_data(request), collection=collection)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_collection(
                actor=request.user,
                collection=collection,
                title=form.cleaned_data["title"].strip(),
                summary=form.cleaned_data["summary"].strip(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("training:collection_items", pk=collection.pk)
    ctx = {"form": form, "collection": collection, "breadcrumbs": _crumbs()}
    return render(request, "training/authoring/collection_form.html", ctx)


def collection_items(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the sessions in order, with move up, move down and remove; POST: one of those,
    or add a session at the end."""
    collection = access.get_collection(request.user, pk, access.MANAGE)
    sessions = selectors.addable_sessions(collection)
    action = request.POST.get("action", "")
    add_form = AddSessionForm(
        request.POST if action == "add" else None, sessions=sessions, prefix="add"
    )
    if request.method == "POST":
        done = _collection_action(request, collection, action, add_form)
        if done:
            return redirect(done)
    ctx = {
        "collection": collection,
        "items": selectors.collection_items(collection),
        "form": add_form,
        "breadcrumbs": _crumbs(),
    }
    return render(request, "training/authoring/collection_items.html", ctx)


def _collection_action(request, collection, action: str, add_form) -> str | None:
    """Do one change to a collection; the address to go to next, or None to show the
    page again with the form's errors."""
    here = reverse("training:collection_items", args=[collection.pk])
    if action == "add":
        if not add_form.is_valid():
            return None
        session = add_form.cleaned_data["session"]
        try:
            item = services.add_to_collection(
                actor=request.user, collection=collection, session=session
            )
        except ValidationError as error:
            add_service_errors(add_form, error)
            return None
        messages.success(request, f"‘{session.title}’ has been added to the collection.")
        return f"{here}#item-{item.pk}"
    if action not in (services.UP, services.DOWN, "remove"):
        messages.error(request, "Choose to move a session up or down, or remove it.")
        return here
    item_pk = request.POST.get("item", "")
    item = get_object_or_404(
        CollectionItem.objects.select_related("session"),
        pk=int(item_pk) if item_pk.isdigit() else 0,
        collection=collection,
    )
    if action == "remove":
        services.remove_item(actor=request.user, item=item)
        messages.success(
            request,
            f"‘{item.session.title}’ has been taken out of the collection. "
            "The session itself has not been deleted.",
        )
        return here
    services.move_item(actor=request.user, item=item, direction=action)
    return f"{here}#item-{item.pk}"
