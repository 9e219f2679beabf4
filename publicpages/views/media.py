"""A public session's uploaded video, captions and handouts, for visitors without an
account. Only files of a session that is public now (public.access); anything else is 404.
Served through training.media (byte ranges, only the types uploads were checked as)."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from publicpages import access
from training.media import ranged_file_response, storage_url_or_none
from training.selectors_library import handout_filename

logger = logging.getLogger(__name__)

CAPTIONS_TYPE = "text/vtt; charset=utf-8"


def _revalidate(response: HttpResponse) -> HttpResponse:
    # Caches may keep a copy but must ask again each time, so a session taken off the
    # public pages stops being served at once.
    response["Cache-Control"] = "no-cache"
    return response


def _serve(request: HttpRequest, file, **kwargs) -> HttpResponse:
    try:
        return _revalidate(ranged_file_response(request, file, **kwargs))
    except FileNotFoundError:
        logger.warning("Public training file %s is missing from storage", file.name)
        raise Http404("This file is no longer available.") from None
    except ValueError:
        logger.warning("Refused to serve public training file %s", file.name)
        raise Http404("This file cannot be shown.") from None


@login_not_required
@require_safe
def session_video(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_public_session(pk)
    if not session.has_upload:
        raise Http404("This session has no uploaded video.")
    url = storage_url_or_none(session.video_file)
    if url:
        return _revalidate(HttpResponseRedirect(url))
    return _serve(request, session.video_file, content_type=session.video_content_type)


@login_not_required
@require_safe
def session_captions(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_public_session(pk)
    if not session.captions:
        raise Http404("This session has no captions.")
    return _serve(request, session.captions, content_type=CAPTIONS_TYPE, filename="captions.vtt")


@login_not_required
@require_safe
def handout(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(access.public_handouts(), pk=pk)
    return _serve(
        request,
        item.file,
        content_type=item.content_type,
        filename=handout_filename(item),
        as_attachment=True,
    )
