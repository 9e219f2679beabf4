"""A session's page (video, embed or link out, transcript, handouts, place in collections)
and the files it serves: the video with byte ranges or a redirect to object storage, the
captions from our own address, and handouts as downloads. Nothing is served as a page."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from network.models import Theme
from tests.factories import MP4_BYTES, VTT_TEXT, make_session
from training.models import Collection, CollectionItem, Handout, Session

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def page_url(session):
    return reverse("training:session_detail", args=[session.pk])


def video_url(session):
    return reverse("training:session_video", args=[session.pk])


def captions_url(session):
    return reverse("training:session_captions", args=[session.pk])


def handout_url(handout):
    return reverse("training:handout", args=[handout.pk])


def _html(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _handout(session, title="Falls checklist", size=None, content_type="application/pdf"):
    handout = Handout(session=session, title=title, content_type=content_type)
    handout.file.save("checklist.pdf", ContentFile(PDF_BYTES), save=False)
    handout.size = size if size is not None else len(PDF_BYTES)
    handout.save()
    return handout


@pytest.fixture
def uploaded(db):
    return make_session(upload=True, themes=Theme.objects.filter(slug__in=["falls"]))


# --- The page ---------------------------------------------------------------------------


def test_an_uploaded_video_plays_with_captions_and_a_transcript(client, cast, uploaded):
    _handout(uploaded, size=120 * 1024)
    html = _html(client, cast.sid, page_url(uploaded))
    assert '<video id="session-video" controls preload="metadata" playsinline' in html
    assert f'<source src="{video_url(uploaded)}" type="video/mp4">' in html
    assert (
        f'<track kind="captions" src="{captions_url(uploaded)}" srclang="en" '
        'label="English" default>'
    ) in html
    assert '<h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-2" id="transcript-heading">' in html
    assert "Welcome to this session on preventing falls." in html
    assert 'tabindex="0"' in html  # the scrolling transcript can be reached by keyboard
    assert "Dr Jo Patel" in html and "10 September 2026" in html and "25 minutes" in html
    assert "Falls" in html
    assert "Falls checklist</a>" in html and "(PDF, 120 KB)" in html
    assert "Draft" not in html and "iframe" not in html


def test_an_upload_without_captions_says_so(client, cast, uploaded):
    Session.objects.filter(pk=uploaded.pk).update(captions="")
    html = _html(client, cast.sid, page_url(uploaded))
    assert "<track" not in html
    assert "This video has no captions. You can read the transcript instead." in html


def test_a_youtube_link_is_embedded_privately_and_lazily(client, cast):
    session = make_session(title="Mouth care", link="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    html = _html(client, cast.sid, page_url(session))
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'title="Video: Mouth care"' in html
    assert 'loading="lazy"' in html
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in html
    assert 'allow="fullscreen; picture-in-picture"' in html
    assert '<div class="app-video-frame">' in html  # 16:9 (frontend/scss)
    assert "watch it on YouTube" in html
    assert "<video" not in html
    assert "There is no transcript for this session." in html


def test_a_vimeo_link_is_embedded(client, cast):
    session = make_session(link="https://vimeo.com/76979871")
    html = _html(client, cast.sid, page_url(session))
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in html
    assert "watch it on Vimeo" in html


def test_a_stream_link_is_linked_to_not_embedded(client, cast):
    session = make_session(
        link="https://web.microsoftstream.com/video/0a1b2c3d-0000-4000-8000-00000000abcd"
    )
    html = _html(client, cast.sid, page_url(session))
    assert "<iframe" not in html and "<video" not in html
    assert (
        'href="https://web.microsoftstream.com/video/0a1b2c3d-0000-4000-8000-00000000abcd"' in html
    )
    assert "You may need to sign in with your organisation's account to watch it." in html


def test_a_session_without_a_video_says_it_is_not_ready(client, cast):
    html = _html(client, cast.will, page_url(make_session(status="draft")))
    assert "The video for this session is not ready yet." in html


def test_drafts_and_archived_sessions_are_tagged(client, cast):
    draft = make_session(status="draft")
    archived = make_session(status="archived")
    assert "Draft: only project workers can see this" in _html(client, cast.will, page_url(draft))
    assert "Archived: no longer in the library" in _html(client, cast.will, page_url(archived))
    client.force_login(cast.sid)
    assert client.get(page_url(draft)).status_code == 404
    assert client.get(page_url(archived)).status_code == 404


def test_change_link_is_for_project_workers(client, cast, uploaded):
    assert "Change this session" not in _html(client, cast.mona, page_url(uploaded))
    try:
        edit = reverse("training:session_edit", args=[uploaded.pk])
    except NoReverseMatch:
        pytest.skip("The edit page is not there yet")
    html = _html(client, cast.will, page_url(uploaded))
    assert f'<a href="{edit}">Change this session</a>' in html


def test_place_in_a_collection_with_previous_and_next(client, cast):
    first = make_session(title="What is a PDSA cycle?")
    draft = make_session(status="draft", title="Measuring change")
    middle = make_session(title="Run charts")
    last = make_session(title="Spreading what works")
    collection = Collection.objects.create(title="Introduction to QI methods")
    for position, session in enumerate([first, draft, middle, last], start=1):
        CollectionItem.objects.create(collection=collection, session=session, position=position)

    html = _html(client, cast.sid, page_url(middle))
    assert "Part 2 of 3 in <a href" in html  # the draft does not count for learners
    assert "Introduction to QI methods: part 2 of 3" in html
    assert f'href="{page_url(first)}"' in html and f'href="{page_url(last)}"' in html
    assert "Measuring change" not in html

    html = _html(client, cast.will, page_url(middle))
    assert "Part 3 of 4 in <a href" in html
    assert f'href="{page_url(draft)}"' in html

    html = _html(client, cast.sid, page_url(first))
    assert "Previous</span>" not in html and "Next</span>" in html


def test_an_archived_session_a_learner_still_has_is_not_placed_in_a_collection(client, cast):
    from tests.factories import make_learning_record

    archived = make_session(status="archived", title="Old one")
    collection = Collection.objects.create(title="QI basics")
    CollectionItem.objects.create(collection=collection, session=make_session(), position=1)
    CollectionItem.objects.create(collection=collection, session=archived, position=2)
    make_learning_record(cast.mona, archived)
    html = _html(client, cast.mona, page_url(archived))
    assert "QI basics" not in html


def _queries(client, url) -> int:
    client.get(url)  # the first visit makes the learning record
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_session_page_query_count_stays_flat(client, cast, uploaded):
    client.force_login(cast.sid)
    themes = list(Theme.objects.order_by("pk")[:6])

    def grow(n):
        for i in range(n):
            _handout(uploaded, title=f"Handout {i}")
            collection = Collection.objects.create(title=f"Collection {i}")
            CollectionItem.objects.create(collection=collection, session=make_session(), position=1)
            CollectionItem.objects.create(collection=collection, session=uploaded, position=2)
            uploaded.themes.add(themes[i])

    grow(1)
    few = _queries(client, page_url(uploaded))
    grow(5)
    assert _queries(client, page_url(uploaded)) == few


# --- The video --------------------------------------------------------------------------


def test_the_video_is_served_whole_with_its_type(client, cast, uploaded):
    client.force_login(cast.sid)
    response = client.get(video_url(uploaded))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == MP4_BYTES


def test_a_range_request_gets_206_with_content_range(client, cast, uploaded):
    client.force_login(cast.sid)
    response = client.get(video_url(uploaded), HTTP_RANGE="bytes=4-11")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4-11/{len(MP4_BYTES)}"
    assert response["Content-Length"] == "8"
    assert response["Cache-Control"] == "private"
    assert b"".join(response.streaming_content) == MP4_BYTES[4:12] == b"ftypmp42"
    response = client.get(video_url(uploaded), HTTP_RANGE=f"bytes={len(MP4_BYTES)}-")
    assert response.status_code == 416


def test_head_and_no_post(client, cast, uploaded):
    client.force_login(cast.sid)
    assert client.head(video_url(uploaded)).status_code == 200
    assert client.post(video_url(uploaded)).status_code == 405


def test_no_upload_is_not_found(client, cast):
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ")
    client.force_login(cast.will)
    assert client.get(video_url(session)).status_code == 404
    assert client.get(captions_url(session)).status_code == 404


def test_a_file_missing_from_storage_is_not_found(client, cast, uploaded):
    uploaded.video_file.storage.delete(uploaded.video_file.name)
    client.force_login(cast.sid)
    assert client.get(video_url(uploaded)).status_code == 404


def test_an_upload_is_never_served_as_a_page(client, cast, uploaded):
    Session.objects.filter(pk=uploaded.pk).update(video_content_type="text/html")
    client.force_login(cast.will)
    response = client.get(video_url(uploaded))
    assert response.status_code == 404
    assert b"ftyp" not in response.content  # the refusal page, not the file
    Session.objects.filter(pk=uploaded.pk).update(video_content_type="")
    assert client.get(video_url(uploaded)).status_code == 404


def test_object_storage_redirects_to_a_signed_address(client, cast, uploaded):
    signed = "https://bucket.example/training/videos/falls.mp4?X-Amz-Signature=abc"
    client.force_login(cast.sid)
    with mock.patch("training.views.library.storage_url_or_none", return_value=signed):
        response = client.get(video_url(uploaded))
        captions = client.get(captions_url(uploaded))
    assert response.status_code == 302
    assert response["Location"] == signed
    assert response["Cache-Control"] == "private"
    # Captions stay on our own address (a <track> must be same-origin).
    assert captions.status_code == 200


def test_object_storage_with_a_storage_that_signs_urls(client, cast, uploaded):
    """The real storage_url_or_none, with a storage that signs URLs as S3Storage does."""
    field = Session._meta.get_field("video_file")

    class SigningStorage(FileSystemStorage):
        querystring_auth = True

        def url(self, name, expire=None):
            return f"https://objects.example/{name}?signature=xyz"

    client.force_login(cast.sid)
    with mock.patch.object(field, "storage", SigningStorage(location=settings.MEDIA_ROOT)):
        response = client.get(video_url(uploaded))
    assert response.status_code == 302
    assert (
        response["Location"] == f"https://objects.example/{uploaded.video_file.name}?signature=xyz"
    )


# --- Captions ---------------------------------------------------------------------------


def test_captions_are_webvtt_from_our_own_address(client, cast, uploaded):
    client.force_login(cast.sid)
    response = client.get(captions_url(uploaded))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Cache-Control"] == "private"
    assert b"".join(response.streaming_content).decode() == VTT_TEXT


def test_no_captions_is_not_found(client, cast, uploaded):
    Session.objects.filter(pk=uploaded.pk).update(captions="")
    client.force_login(cast.sid)
    assert client.get(captions_url(uploaded)).status_code == 404


# --- Handouts ---------------------------------------------------------------------------


def test_a_handout_downloads_with_its_type_and_a_safe_name(client, cast, uploaded):
    handout = _handout(uploaded, title='../../Falls "checklist" <b>2026</b>')
    client.force_login(cast.sid)
    response = client.get(handout_url(handout))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ('attachment; filename="falls-checklist-b2026b.pdf"')
    assert response["Cache-Control"] == "private"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_handout_of_a_draft_is_not_found_for_learners(client, cast):
    handout = _handout(make_session(status="draft"))
    client.force_login(cast.mona)
    assert client.get(handout_url(handout)).status_code == 404
    client.force_login(cast.will)
    assert client.get(handout_url(handout)).status_code == 200


def test_a_handout_is_never_served_as_a_page(client, cast, uploaded):
    handout = _handout(uploaded, content_type="text/html")
    client.force_login(cast.sid)
    assert client.get(handout_url(handout)).status_code == 404
