"""Project workers add and change training sessions: the video (an upload or a link),
captions, transcript and themes. Bad files and links are refused with a clear message and
nothing is stored: no row and no file."""

import os
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from network.models import Theme
from tests.factories import MP4_BYTES, VTT_TEXT, make_session
from training import services_authoring as services
from training import validators
from training.models import Session

WEBM_BYTES = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\0" * 64
CAPTION_WORDS = (
    "Welcome to this session on preventing falls.\n"
    "We will look at what helps residents move safely at night."
)
OTHER_VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello from the new captions.\n"


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.relpath(os.path.join(folder, name), root) for name in files]
    return sorted(found)


def mp4(name="talk.mp4", data=MP4_BYTES):
    return SimpleUploadedFile(name, data, content_type="video/mp4")


def vtt(text=VTT_TEXT, name="talk.vtt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


def form_data(**changes):
    data = {
        "title": "Preventing falls at night",
        "summary": "What helps residents move safely at night.",
        "presenter": "Dr Jo Patel",
        "recorded_on_day": "10",
        "recorded_on_month": "9",
        "recorded_on_year": "2026",
        "duration_minutes": "25",
        "source": "upload",
        "video_url": "",
        "transcript": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def will_client(client, cast):
    client.force_login(cast.will)
    return client


CREATE = "/training/manage/sessions/new/"


# --- Adding a session -----------------------------------------------------------------


def test_upload_with_captions_is_saved_as_a_draft(will_client, cast, settings):
    falls = Theme.objects.get(slug="falls")
    response = will_client.post(
        CREATE, form_data(themes=[falls.pk], video_file=mp4(), captions=vtt())
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("training:session_edit", args=[session.pk])
    assert session.status == Session.Status.DRAFT
    assert session.published_at is None
    assert session.created_by == cast.will
    assert session.video_content_type == "video/mp4"
    assert session.video_url == ""
    assert list(session.themes.all()) == [falls]
    # Files are named after the title, not after what the person's computer called them.
    assert session.video_file.name.endswith("preventing-falls-at-night.mp4")
    assert session.captions.name.endswith("preventing-falls-at-night.vtt")
    with session.video_file.open("rb") as stored:
        assert stored.read() == MP4_BYTES
    # No transcript typed in: it is made from the captions.
    assert session.transcript == CAPTION_WORDS
    assert len(stored_files(settings)) == 2
    page = will_client.get(response.url).content.decode()
    assert "has been saved as a draft" in page
    assert "Add captions first" not in page


def test_a_webm_upload_keeps_its_own_type(will_client):
    will_client.post(CREATE, form_data(video_file=mp4("talk.webm", WEBM_BYTES)))
    session = Session.objects.get()
    assert session.video_content_type == "video/webm"
    assert session.video_file.name.endswith(".webm")


def test_a_typed_transcript_is_kept(will_client):
    will_client.post(
        CREATE, form_data(video_file=mp4(), captions=vtt(), transcript="My own words.")
    )
    assert Session.objects.get().transcript == "My own words."


@pytest.mark.parametrize(
    ("link", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        (
            "https://nhs.sharepoint.com/:v:/s/training/EabcDEF123",
            "stream",
            "EabcDEF123",
        ),
    ],
)
def test_a_link_is_stored_with_its_provider(will_client, settings, link, provider, video_id):
    response = will_client.post(CREATE, form_data(source="link", video_url=f"  {link} "))
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.video_url, session.video_provider, session.video_id) == (
        link,
        provider,
        video_id,
    )
    assert not session.video_file
    assert stored_files(settings) == []


def _oversized(monkeypatch):
    monkeypatch.setattr(validators, "MAX_VIDEO_BYTES", 100)
    return {"video_file": mp4()}


BAD_INPUT = [
    pytest.param(
        lambda mp: {"video_file": mp4(data=b"<html><body>not a video</body></html>")},
        "video_file",
        "The file is not a video",
        id="not a video named .mp4",
    ),
    pytest.param(_oversized, "video_file", "The video must be smaller than", id="oversized"),
    pytest.param(
        lambda mp: {"video_file": mp4(), "captions": vtt("Hello, these are not captions")},
        "captions",
        "The first line must be WEBVTT",
        id="captions not WebVTT",
    ),
    pytest.param(
        lambda mp: {
            "video_file": mp4(),
            "captions": vtt("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards\n"),
        },
        "captions",
        "Line 3: the end time must be after the start time",
        id="captions with bad times",
    ),
    pytest.param(
        lambda mp: {"source": "link", "video_url": "https://example.com/video.mp4"},
        "video_url",
        "Use a link from YouTube, Vimeo or Microsoft Stream",
        id="link to a host not allowed",
    ),
    pytest.param(
        lambda mp: {"source": "link", "video_url": ""},
        "video_url",
        "Enter the link to the video",
        id="link chosen, none given",
    ),
    pytest.param(
        lambda mp: {},
        "video_file",
        "Choose a video file to upload",
        id="upload chosen, no file",
    ),
    pytest.param(
        lambda mp: {"video_url": "https://youtu.be/dQw4w9WgXcQ"},
        "video_file",
        "You chose to upload a video but gave a link",
        id="upload chosen, link given",
    ),
    pytest.param(
        lambda mp: {"source": "link", "video_file": mp4()},
        "video_url",
        "You chose a link but selected a file to upload",
        id="link chosen, file given",
    ),
    pytest.param(
        lambda mp: {"source": None, "video_file": mp4()},
        "source",
        "Choose how the video is provided",
        id="no choice",
    ),
    pytest.param(
        lambda mp: {"video_file": mp4(), "captions": vtt(), "recorded_on_day": "31"},
        "recorded_on",
        "Enter a real date",
        id="impossible date, good files",
    ),
    pytest.param(
        lambda mp: {"video_file": mp4(), "title": "Mrs Smith 943 476 5919"},
        "title",
        "Remove the NHS number",
        id="NHS number in the title",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_and_nothing_is_stored(
    will_client, settings, monkeypatch, changes, field, message
):
    response = will_client.post(CREATE, form_data(**changes(monkeypatch)))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert "<title>Error: Add a training session" in page
    assert 'class="nhsuk-error-summary"' in page
    assert f'href="#id_{field}' in page  # the summary links to the field
    assert not Session.objects.exists()
    assert stored_files(settings) == []


def test_a_date_in_the_future_is_refused(will_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = will_client.post(
        CREATE,
        form_data(
            source="link",
            video_url="https://youtu.be/dQw4w9WgXcQ",
            recorded_on_day=str(tomorrow.day),
            recorded_on_month=str(tomorrow.month),
            recorded_on_year=str(tomorrow.year),
        ),
    )
    assert response.context["form"].errors["recorded_on"] == [
        "The date recorded must be today or in the past"
    ]
    assert not Session.objects.exists()


def test_files_written_are_deleted_when_saving_fails(cast, settings, monkeypatch):
    """The row cannot be saved after the files were written: the files go too."""
    from training.forms_authoring import SessionForm

    form = SessionForm(form_data(), {"video_file": mp4(), "captions": vtt()})
    assert form.is_valid(), form.errors

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Session, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.create_session(
            actor=cast.will,
            details=form.details(),
            video=form.video(),
            captions=form.captions_upload(),
        )
    assert stored_files(settings) == []


def test_the_form_asks_how_the_video_is_provided(will_client):
    page = will_client.get(CREATE).content.decode()
    assert "Upload a video file (MP4 or WebM, up to 500 MB)" in page
    assert "Link to a video on YouTube, Vimeo or Microsoft Stream" in page
    assert 'name="video_file"' in page
    assert 'name="video_url"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "<legend" in page and "How is the video provided?" in page
    # Only active themes can be chosen.
    Theme.objects.filter(slug="digital").update(is_active=False)
    page = will_client.get(CREATE).content.decode()
    assert ">Digital<" not in page
    assert ">Falls<" in page


def test_service_refuses_people_who_do_not_manage_training(cast):
    from django.core.exceptions import PermissionDenied

    details = services.SessionDetails(
        title="T", summary="S", presenter="P", recorded_on=timezone.localdate(), duration_minutes=5
    )
    with pytest.raises(PermissionDenied):
        services.create_session(actor=cast.mona, details=details, video=services.Video())


# --- Changing a session ---------------------------------------------------------------


def edit_url(session):
    return reverse("training:session_edit", args=[session.pk])


def test_the_edit_form_shows_what_is_there(will_client):
    session = make_session(upload=True, status="draft", themes=[Theme.objects.get(slug="falls")])
    page = will_client.get(edit_url(session)).content.decode()
    assert 'value="Preventing falls at night"' in page
    assert "Current video: falls" in page
    assert "Current captions: falls" in page
    assert "Replace the video file (optional)" in page
    assert re.search(r'<input[^>]*\bchecked\b[^>]*value="upload"', page)
    assert not re.search(r'<input[^>]*\bchecked\b[^>]*value="link"', page)
    assert "Publish this session" in page


def test_editing_without_a_new_file_keeps_the_old_one(will_client, settings):
    session = make_session(upload=True, status="draft")
    video, captions = session.video_file.name, session.captions.name
    response = will_client.post(
        edit_url(session),
        form_data(title="Falls at night, part 1", transcript=session.transcript),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Falls at night, part 1"
    assert (session.video_file.name, session.captions.name) == (video, captions)
    assert session.video_content_type == "video/mp4"
    assert sorted(stored_files(settings)) == sorted([video, captions])


def test_replacing_the_video_deletes_the_old_file_once_saved(
    will_client, settings, django_capture_on_commit_callbacks
):
    session = make_session(upload=True, status="draft")
    old = session.video_file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = will_client.post(
            edit_url(session),
            form_data(video_file=mp4("new.webm", WEBM_BYTES), transcript="Kept."),
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.video_file.name != old
    assert session.video_content_type == "video/webm"
    assert old not in stored_files(settings)
    assert session.video_file.name in stored_files(settings)


def test_a_bad_replacement_keeps_everything_as_it_was(will_client, settings):
    session = make_session(upload=True, status="draft")
    before = stored_files(settings)
    response = will_client.post(
        edit_url(session), form_data(title="Changed", video_file=mp4(data=b"%PDF-1.4 nope"))
    )
    assert response.status_code == 200
    assert "The file is not a video" in response.content.decode()
    session.refresh_from_db()
    assert session.title == "Preventing falls at night"
    assert stored_files(settings) == before


def test_switching_from_upload_to_link_removes_the_upload(
    will_client, settings, django_capture_on_commit_callbacks
):
    session = make_session(upload=True, status="draft")
    old = session.video_file.name
    with django_capture_on_commit_callbacks(execute=True):
        will_client.post(
            edit_url(session),
            form_data(source="link", video_url="https://vimeo.com/76979871", transcript="x"),
        )
    session.refresh_from_db()
    assert not session.video_file
    assert session.video_content_type == ""
    assert (session.video_provider, session.video_id) == ("vimeo", "76979871")
    assert old not in stored_files(settings)
    assert session.captions.name in stored_files(settings)  # captions stay


def test_switching_from_link_to_upload_clears_the_link(will_client):
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ", status="draft")
    will_client.post(edit_url(session), form_data(video_file=mp4()))
    session.refresh_from_db()
    assert session.has_upload
    assert (session.video_url, session.video_provider, session.video_id) == ("", "", "")


def test_new_captions_replace_a_transcript_made_from_the_old_ones(
    will_client, settings, django_capture_on_commit_callbacks
):
    session = make_session(upload=True, status="draft")
    # The transcript was made from the captions and nobody changed it.
    Session.objects.filter(pk=session.pk).update(transcript=CAPTION_WORDS)
    old_captions = session.captions.name
    with django_capture_on_commit_callbacks(execute=True):
        will_client.post(
            edit_url(session),
            form_data(captions=vtt(OTHER_VTT), transcript=CAPTION_WORDS),
        )
    session.refresh_from_db()
    assert session.transcript == "Hello from the new captions."
    assert old_captions not in stored_files(settings)


def test_new_captions_keep_a_transcript_someone_wrote(will_client):
    session = make_session(upload=True, status="draft")
    will_client.post(edit_url(session), form_data(captions=vtt(OTHER_VTT), transcript="Typed."))
    session.refresh_from_db()
    assert session.transcript == "Typed."


def test_clearing_the_transcript_makes_it_again_from_the_stored_captions(will_client):
    session = make_session(upload=True, status="draft")
    will_client.post(edit_url(session), form_data(transcript=""))
    session.refresh_from_db()
    assert session.transcript == CAPTION_WORDS


def test_a_retired_theme_on_the_session_can_stay(will_client):
    retired = Theme.objects.get(slug="digital")
    retired.is_active = False
    retired.save()
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ", status="draft", themes=[retired])
    page = will_client.get(edit_url(session)).content.decode()
    assert ">Digital<" in page
    will_client.post(
        edit_url(session),
        form_data(source="link", video_url=session.video_url, themes=[retired.pk]),
    )
    assert list(session.themes.all()) == [retired]


# --- A published session must stay publishable ----------------------------------------

PUBLISHED_NEEDS_CAPTIONS = (
    "Add captions: this session is published and people who cannot hear the video need them"
)


def test_a_published_link_changed_to_an_upload_needs_captions(will_client, settings):
    """Publishing checks for captions; so must changing a published session, or a learner
    gets an uploaded video nobody who cannot hear it can follow."""
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ")
    response = will_client.post(edit_url(session), form_data(title="Changed", video_file=mp4()))
    assert response.status_code == 200
    assert response.context["form"].errors["captions"] == [PUBLISHED_NEEDS_CAPTIONS]
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Captions file (needed if you upload a video, because this session is published)" in html
    session.refresh_from_db()
    assert (session.title, session.status) == ("Preventing falls at night", "published")
    assert session.has_link and not session.has_upload
    assert stored_files(settings) == []


def test_a_published_link_changed_to_an_upload_with_captions_is_saved(will_client):
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ")
    response = will_client.post(edit_url(session), form_data(video_file=mp4(), captions=vtt()))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_published and session.has_upload and session.captions
    assert services.publish_problems(session) == []


def test_a_draft_link_changed_to_an_upload_may_wait_for_captions(will_client):
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ", status="draft")
    assert will_client.post(edit_url(session), form_data(video_file=mp4())).status_code == 302
    session.refresh_from_db()
    assert session.has_upload and not session.captions


def test_a_published_upload_keeps_its_captions_when_the_video_is_replaced(will_client):
    session = make_session(upload=True)
    response = will_client.post(
        edit_url(session), form_data(video_file=mp4("new.webm", WEBM_BYTES), transcript="Kept.")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.video_content_type == "video/webm" and session.captions


def test_the_service_refuses_to_leave_a_published_session_without_captions(cast, settings):
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ")
    details = services.SessionDetails(
        title="T", summary="S", presenter="P", recorded_on=timezone.localdate(), duration_minutes=5
    )
    with pytest.raises(ValidationError) as excinfo:
        services.update_session(
            actor=cast.will,
            session=session,
            details=details,
            video=services.Video(upload=mp4(), content_type="video/mp4"),
        )
    assert excinfo.value.message_dict == {"captions": [PUBLISHED_NEEDS_CAPTIONS]}
    assert stored_files(settings) == []


# --- Nothing that identifies a resident -------------------------------------------------

NHS_NUMBER = "943 476 5919"  # a valid test number (modulus 11)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("presenter", f"Resident {NHS_NUMBER}", "Remove the NHS number"),
        ("transcript", f"Mrs Green, NHS number {NHS_NUMBER}, fell twice.", "Remove the NHS"),
        ("transcript", "Mrs Green, born on 01/02/1934, fell twice.", "Remove the date of birth"),
    ],
)
def test_a_presenter_or_transcript_that_identifies_a_resident_is_refused(
    will_client, settings, field, value, message
):
    response = will_client.post(
        CREATE, form_data(video_file=mp4(), captions=vtt(), **{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert not Session.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("Mrs Green, NHS number 9434765919", "an NHS number"),
        ("Mrs Green, DOB: 01/02/1934", "a date of birth"),
    ],
)
def test_captions_that_identify_a_resident_are_refused(will_client, settings, words, found):
    """The captions' words become the transcript everyone reads: the error is on the
    captions file, and nothing is stored."""
    captions = f"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n{words}\n"
    response = will_client.post(CREATE, form_data(video_file=mp4(), captions=vtt(captions)))
    assert response.status_code == 200
    error = response.context["form"].errors["captions"][0]
    assert error.startswith(f"The captions file has {found} in it.")
    assert not Session.objects.exists()
    assert stored_files(settings) == []


def test_stored_captions_that_identify_a_resident_cannot_become_the_transcript(
    will_client, settings
):
    """Captions stored before they were checked: clearing the transcript (which remakes it
    from them) is refused on the captions."""
    session = make_session(upload=True, status="draft")
    with session.captions.open("wb") as stored:
        stored.write(b"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nNHS number 9434765919\n")
    response = will_client.post(edit_url(session), form_data(transcript=""))
    assert response.status_code == 200
    error = response.context["form"].errors["captions"][0]
    assert error.startswith("The captions file has an NHS number in it.")
    session.refresh_from_db()
    assert "9434765919" not in session.transcript


def test_the_service_checks_the_presenter_too(cast, settings):
    details = services.SessionDetails(
        title="T",
        summary="S",
        presenter=f"Resident {NHS_NUMBER}",
        recorded_on=timezone.localdate(),
        duration_minutes=5,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.create_session(
            actor=cast.will,
            details=details,
            video=services.Video(upload=mp4(), content_type="video/mp4"),
            captions=vtt(),
        )
    assert list(excinfo.value.message_dict) == ["presenter"]
    assert not Session.objects.exists()
    assert stored_files(settings) == []
