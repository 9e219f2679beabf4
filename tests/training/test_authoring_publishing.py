"""Project workers publish, archive and un-publish sessions, add and remove handouts, make
sessions from events' recordings, and see everything on the manage page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Event, EventKind, Theme
from tests.access.training import PDF_BYTES
from tests.factories import make_learning_record, make_session
from tests.training.test_authoring import form_data, mp4, stored_files, vtt
from training.models import Collection, CollectionItem, Handout, Session


@pytest.fixture
def will_client(client, cast):
    client.force_login(cast.will)
    return client


def status_url(session, action=""):
    url = reverse("training:session_status", args=[session.pk])
    return f"{url}?action={action}" if action else url


# --- Publishing -----------------------------------------------------------------------


def test_the_confirm_page_says_what_publishing_changes(will_client):
    session = make_session(status="draft", upload=True)
    page = will_client.get(status_url(session, "publish")).content.decode()
    assert "Everyone in the network will be able to see it" in page
    assert 'value="publish" aria-describedby="id_action-item-hint" checked' in page
    assert "Draft" in page


def test_publishing_sets_the_date_once(will_client):
    session = make_session(status="draft", upload=True)
    response = will_client.post(status_url(session), {"action": "publish"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.PUBLISHED
    first = session.published_at
    assert first is not None and timezone.now() - first < timedelta(minutes=1)
    assert (
        "Everyone in the network can now see it" in will_client.get(response.url).content.decode()
    )
    # Archive, then publish again: the first publication date stays.
    will_client.post(status_url(session), {"action": "archive"})
    session.refresh_from_db()
    assert session.status == Session.Status.ARCHIVED
    will_client.post(status_url(session), {"action": "publish"})
    session.refresh_from_db()
    assert (session.status, session.published_at) == (Session.Status.PUBLISHED, first)


def test_an_upload_without_captions_cannot_be_published(will_client):
    session = make_session(status="draft", upload=True)
    session.captions.delete(save=True)
    page = will_client.get(status_url(session, "publish")).content.decode()
    assert "Add captions first: people who cannot hear the video need them." in page
    assert 'value="publish"' not in page
    # Posting anyway changes nothing and says why.
    response = will_client.post(status_url(session), {"action": "publish"})
    assert response.status_code == 200
    assert "Add captions first" in response.content.decode()
    # An archived upload that lost its captions can only go back to draft; asking to
    # publish it gets the reason as the answer's error.
    Session.objects.filter(pk=session.pk).update(
        status=Session.Status.ARCHIVED, published_at=timezone.now()
    )
    response = will_client.post(status_url(session), {"action": "publish"})
    assert response.context["form"].errors["action"] == [
        "Add captions first: people who cannot hear the video need them"
    ]
    assert 'value="draft"' in response.content.decode()
    assert Session.objects.get().status == Session.Status.ARCHIVED
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DRAFT, published_at=None)
    session.refresh_from_db()
    assert session.status == Session.Status.DRAFT
    assert session.published_at is None
    # The edit page says so too, and offers no publish link.
    edit = will_client.get(reverse("training:session_edit", args=[session.pk])).content.decode()
    assert "Add captions first" in edit
    assert "Publish this session" not in edit


def test_a_session_with_no_video_cannot_be_published(will_client):
    session = make_session(status="draft")
    response = will_client.post(status_url(session), {"action": "publish"})
    assert response.status_code == 200
    assert "Add a video first" in response.content.decode()
    assert Session.objects.get().status == Session.Status.DRAFT


def test_a_link_needs_no_captions_to_be_published(will_client):
    session = make_session(status="draft", link="https://youtu.be/dQw4w9WgXcQ")
    assert will_client.post(status_url(session), {"action": "publish"}).status_code == 302
    assert Session.objects.get().status == Session.Status.PUBLISHED


def test_archiving_keeps_it_for_people_who_started_it(will_client, cast):
    session = make_session(upload=True)
    make_learning_record(cast.sid, session)
    page = will_client.get(status_url(session, "archive")).content.decode()
    assert "It leaves the library. People who already started it can still watch it" in page
    will_client.post(status_url(session), {"action": "archive"})
    session.refresh_from_db()
    assert session.status == Session.Status.ARCHIVED
    from training import access

    assert access.visible_sessions(cast.sid).filter(pk=session.pk).exists()
    assert not access.visible_sessions(cast.mona).filter(pk=session.pk).exists()


def test_back_to_draft_and_nonsense_actions(will_client):
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ")
    response = will_client.post(status_url(session), {"action": "publish"})
    assert response.status_code == 200  # already published: not an option
    assert "Choose one of the options" in response.content.decode()
    response = will_client.post(status_url(session), {})
    assert "Choose what to do with the session" in response.content.decode()
    will_client.post(status_url(session), {"action": "draft"})
    session.refresh_from_db()
    assert session.status == Session.Status.DRAFT
    assert session.published_at is not None  # the first publication is remembered


# --- Handouts -------------------------------------------------------------------------


def test_adding_a_handout_stores_its_type_and_size(will_client, settings):
    session = make_session(status="draft")
    response = will_client.post(
        reverse("training:handout_add", args=[session.pk]),
        {"title": "Falls checklist", "file": SimpleUploadedFile("list.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    handout = Handout.objects.get()
    assert (handout.session, handout.title) == (session, "Falls checklist")
    assert (handout.content_type, handout.size) == ("application/pdf", len(PDF_BYTES))
    assert handout.file.name.endswith("falls-checklist.pdf")
    assert stored_files(settings) == [handout.file.name]
    page = will_client.get(reverse("training:session_edit", args=[session.pk])).content.decode()
    assert "Falls checklist" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("slides.docx", PDF_BYTES, "The file name ends in .docx but the file is a PDF"),
        ("notes.pdf", b"just some text", "The file is not a PDF"),
        ("page.html", b"<html></html>", "The handout must be a PDF, Word (.docx)"),
    ],
)
def test_a_bad_handout_is_refused_and_nothing_stored(will_client, settings, name, data, message):
    session = make_session(status="draft")
    response = will_client.post(
        reverse("training:handout_add", args=[session.pk]),
        {"title": "Slides", "file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Handout.objects.exists()
    assert stored_files(settings) == []


def test_a_handout_needs_a_title_and_a_file(will_client):
    session = make_session(status="draft")
    response = will_client.post(reverse("training:handout_add", args=[session.pk]), {})
    errors = response.context["form"].errors
    assert errors["title"] == ["Enter a title for the handout"]
    assert errors["file"] == ["Choose a file to upload"]


def test_removing_a_handout_deletes_the_row_and_the_file(
    will_client, settings, django_capture_on_commit_callbacks
):
    session = make_session(status="draft")
    will_client.post(
        reverse("training:handout_add", args=[session.pk]),
        {"title": "Checklist", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )
    handout = Handout.objects.get()
    url = reverse("training:handout_delete", args=[handout.pk])
    assert "Are you sure you want to remove the handout ‘Checklist’?" in (
        will_client.get(url).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = will_client.post(url)
    assert response.status_code == 302
    assert not Handout.objects.exists()
    assert stored_files(settings) == []


# --- From an event's recording --------------------------------------------------------


def _event(recording_url="https://youtu.be/dQw4w9WgXcQ", **fields):
    starts = timezone.now() - timedelta(days=3)
    event = Event.objects.create(
        title="Network meeting: hydration",
        kind=EventKind.NETWORK_MEETING,
        description="Homes shared what helped residents drink more.",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=90),
        recording_url=recording_url,
        **fields,
    )
    event.themes.set([Theme.objects.get(slug="nutrition-and-hydration")])
    return event


def test_the_form_is_filled_in_from_the_event(will_client):
    event = _event()
    response = will_client.get(reverse("training:session_from_event", args=[event.pk]))
    form = response.context["form"]
    assert form.initial["title"] == "Network meeting: hydration"
    assert form.initial["summary"] == "Homes shared what helped residents drink more."
    assert form.initial["recorded_on"] == timezone.localtime(event.starts_at).date()
    assert form.initial["duration_minutes"] == 90
    assert form.initial["source"] == "link"
    assert form.initial["video_url"] == "https://youtu.be/dQw4w9WgXcQ"
    page = response.content.decode()
    assert 'value="https://youtu.be/dQw4w9WgXcQ"' in page
    assert "Make a training session from a recording" in page


def test_posting_makes_a_draft_linked_to_the_event(will_client):
    event = _event()
    response = will_client.post(
        reverse("training:session_from_event", args=[event.pk]),
        form_data(
            title=event.title,
            source="link",
            video_url=event.recording_url,
            themes=list(event.themes.values_list("pk", flat=True)),
        ),
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert (session.status, session.source_event) == (Session.Status.DRAFT, event)
    assert session.video_provider == "youtube"
    assert list(session.themes.all()) == list(event.themes.all())
    page = will_client.get(response.url).content.decode()
    assert "Made from the recording of" in page
    assert reverse("network:event_detail", args=[event.pk]) in page
    # Going back to the event's form now says a session was already made.
    again = will_client.get(reverse("training:session_from_event", args=[event.pk]))
    assert "A session has already been made from this recording" in again.content.decode()


def test_a_recording_on_another_host_asks_for_an_upload(will_client, settings):
    event = _event(recording_url="https://drive.example.com/recording.mp4")
    url = reverse("training:session_from_event", args=[event.pk])
    response = will_client.get(url)
    page = response.content.decode()
    assert "The recording link cannot be shown in the library" in page
    assert response.context["form"].initial["source"] == "upload"
    assert "video_url" not in response.context["form"].initial
    # Posting the link anyway: the form says it is not allowed and nothing is stored.
    response = will_client.post(url, form_data(source="link", video_url=event.recording_url))
    assert "Use a link from YouTube, Vimeo or Microsoft Stream" in response.content.decode()
    assert not Session.objects.exists()
    # Uploading instead works.
    response = will_client.post(url, form_data(video_file=mp4(), captions=vtt()))
    assert response.status_code == 302
    assert Session.objects.get().source_event == event


def test_the_event_page_offers_it_to_project_workers_only(client, cast):
    event = _event()
    link = "Make a training session from this recording"
    client.force_login(cast.will)
    assert link in client.get(reverse("network:event_detail", args=[event.pk])).content.decode()
    client.force_login(cast.mona)
    assert link not in client.get(reverse("network:event_detail", args=[event.pk])).content.decode()
    client.force_login(cast.will)
    no_recording = _event(recording_url="")
    page = client.get(reverse("network:event_detail", args=[no_recording.pk])).content.decode()
    assert link not in page


# --- The manage page ------------------------------------------------------------------


def test_manage_lists_drafts_first_with_edit_links(will_client):
    published = make_session(title="Published one", link="https://youtu.be/dQw4w9WgXcQ")
    make_session(title="Archived one", status="archived")
    draft = make_session(title="A draft", status="draft")
    Collection.objects.create(title="Introduction to QI methods")
    response = will_client.get(reverse("training:manage"))
    page = response.content.decode()
    assert page.index("A draft") < page.index("Published one") < page.index("Archived one")
    assert reverse("training:session_edit", args=[draft.pk]) in page
    assert reverse("training:session_edit", args=[published.pk]) in page
    assert "Add a session" in page and "Add a collection" in page
    assert "Introduction to QI methods" in page
    assert "Drafts (1)" in page and "Published (1)" in page and "All (3)" in page
    only_drafts = will_client.get(reverse("training:manage") + "?status=draft").content.decode()
    assert "A draft" in only_drafts and "Published one" not in only_drafts


def _manage_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("training:manage")).status_code == 200
    return len(captured)


def _add_rows(n, start=0):
    falls = Theme.objects.get(slug="falls")
    for i in range(start, start + n):
        status = ["draft", "published", "archived"][i % 3]
        session = make_session(title=f"Session {i}", status=status, themes=[falls])
        collection = Collection.objects.create(title=f"Collection {i}")
        CollectionItem.objects.create(collection=collection, session=session, position=1)


def test_manage_page_queries_stay_flat(will_client):
    _add_rows(3)
    few = _manage_queries(will_client)
    _add_rows(27, start=3)
    assert _manage_queries(will_client) == few
