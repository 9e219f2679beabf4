"""The training library: the list and search, collections, a session's page, and the
session's video, captions and handouts. Who may see what is in training.access; reads in
training.selectors_library; the learner's record and panel in training.selectors_learning."""

import logging

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from training import access, selectors_learning
from training import selectors_library as selectors
from training.forms_library import LibraryFilterForm
from training.media import ranged_file_response, storage_url_or_none

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
COLLECTIONS_SHOWN = 6  # on the library's first page; "See all collections" lists the rest
CAPTIONS_TYPE = "text/vtt; charset=utf-8"


def _crumbs(*extra) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Training", reverse("training:library")), *extra]


def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    filtered = any(filters.get(name) for name in form.FILTERS) or bool(form.errors)
    sessions = selectors.library(q=filters.get("q", ""), theme=filters.get("theme"))
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.present_rows(request.user, page.object_list)
    show_collections = not filtered and page.number == 1
    # One more than shown, to know whether to link to the rest (no count query).
    collections = (
        list(selectors.collections(request.user)[: COLLECTIONS_SHOWN + 1])
        if show_collections
        else []
    )
    ctx = {
        "form": form,
        "page": page,
        "filtered": filtered,
        "collections": collections[:COLLECTIONS_SHOWN],
        "more_collections": len(collections) > COLLECTIONS_SHOWN,
        "can_manage": access.can_manage(request.user),
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "training/library/library.html", ctx)


def collection_list(request: HttpRequest) -> HttpResponse:
    ctx = {
        "collections": list(selectors.collections(request.user)),
        "can_manage": access.can_manage(request.user),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "training/library/collection_list.html", ctx)


def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collection = access.get_collection(request.user, pk)
    ctx = {
        "page": selectors.collection_page(request.user, collection),
        "collection": collection,
        "can_manage": access.can_manage(request.user),
        "breadcrumbs": _crumbs(("Collections", reverse("training:collection_list"))),
    }
    return render(request, "training/library/collection_detail.html", ctx)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk)
    ctx = {
        "page": selectors.session_page(request.user, session),
        "session": session,
        "video_content_type": session.video_content_type,
        "can_manage": access.can_manage(request.user),
        "breadcrumbs": _crumbs(),
    }
    ctx.update(selectors_learning.session_page_context(request, session))
    return render(request, "training/library/session_detail.html", ctx)


# --- Files ------------------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    # Only for the signed-in person: shared caches must not keep a copy.
    response["Cache-Control"] = "private"
    return response


def _serve(request: HttpRequest, file, **kwargs) -> HttpResponse:
    """A stored file through training.media (byte ranges); 404 when the file is missing
    from storage or its type could be shown as a page (an upload is never served as HTML)."""
    try:
        return _private(ranged_file_response(request, file, **kwargs))
    except FileNotFoundError:
        logger.warning("Training file %s is missing from storage", file.name)
        raise Http404("This file is no longer available.") from None
    except ValueError:
        logger.warning("Refused to serve training file %s as %r", file.name, kwargs)
        raise Http404("This file cannot be shown.") from None


@require_safe
def session_video(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk)
    if not session.has_upload:
        raise Http404("This session has no uploaded video.")
    url = storage_url_or_none(session.video_file)
    if url:
        # Object storage answers the byte ranges itself, from a short-lived signed address.
        return _private(HttpResponseRedirect(url))
    return _serve(request, session.video_file, content_type=session.video_content_type)


@require_safe
def session_captions(request: HttpRequest, pk: int) -> HttpResponse:
    # Always from the portal's own address, even with object storage: a <track> must come
    # from the same origin as the page (or need CORS).
    session = access.get_session(request.user, pk)
    if not session.captions:
        raise Http404("This session has no captions.")
    return _serve(request, session.captions, content_type=CAPTIONS_TYPE, filename="captions.vtt")


@require_safe
def handout(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_handout(request.user, pk)
    return _serve(
        request,
        item.file,
        content_type=item.content_type,
        filename=selectors.handout_filename(item),
        as_attachment=True,
    )
