"""Upload volume full: saving a training video, captions file or handout when the disk is
full shows a clear error, saves no row and leaves no half-written file in MEDIA_ROOT."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_session
from tests.training.test_authoring import CREATE, form_data, mp4, stored_files, vtt
from training.models import Handout, Session

OUT_OF_SPACE = "We could not save the file because the server is out of space"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def disk_full(monkeypatch):
    """The disk fills up after `allow` more files: the next file is half written, then
    the write fails with ENOSPC (as FileSystemStorage leaves it)."""
    original = FileSystemStorage._save
    state = {"allow": 0}

    def save(self, name, content):
        if state["allow"] > 0:
            state["allow"] -= 1
            return original(self, name, content)
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as half:
            half.write(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return state


@pytest.fixture
def will_client(client, cast):
    client.force_login(cast.will)
    return client


def test_a_new_session_when_the_disk_is_full_shows_the_error_and_saves_nothing(
    will_client, settings, disk_full
):
    response = will_client.post(CREATE, form_data(video_file=mp4(), captions=vtt()))
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    assert "Nothing has been saved" in response.content.decode()
    assert not Session.objects.exists()
    assert stored_files(settings) == []


def test_a_disk_that_fills_up_after_the_video_leaves_neither_file(will_client, settings, disk_full):
    disk_full["allow"] = 1  # the video fits, the captions do not
    response = will_client.post(CREATE, form_data(video_file=mp4(), captions=vtt()))
    assert OUT_OF_SPACE in response.content.decode()
    assert not Session.objects.exists()
    assert stored_files(settings) == []


def test_replacing_a_video_when_the_disk_is_full_keeps_the_old_one(
    will_client, settings, monkeypatch
):
    session = make_session(upload=True)
    before_files = stored_files(settings)
    before_video = session.video_file.name
    original = FileSystemStorage._save

    def full(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as half:
            half.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    response = will_client.post(
        reverse("training:session_edit", args=[session.pk]),
        form_data(title=session.title, video_file=mp4("new.mp4")),
    )
    monkeypatch.setattr(FileSystemStorage, "_save", original)
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    session.refresh_from_db()
    assert session.video_file.name == before_video
    assert stored_files(settings) == before_files


def test_a_handout_when_the_disk_is_full_shows_the_error_and_saves_nothing(
    will_client, settings, disk_full
):
    disk_full["allow"] = 2  # the session's own video and captions
    session = make_session(upload=True)
    before = stored_files(settings)
    response = will_client.post(
        reverse("training:handout_add", args=[session.pk]),
        {
            "title": "Falls checklist",
            "file": SimpleUploadedFile("list.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    assert not Handout.objects.exists()
    assert stored_files(settings) == before


def test_other_write_errors_still_leave_no_half_file(cast, settings, monkeypatch):
    """Not a full disk (a permissions error): the error is not hidden, nothing is left."""
    from training import services_authoring as services
    from training.forms_authoring import SessionForm

    def denied(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as half:
            half.write(b"half")
        raise PermissionError(errno.EACCES, "Permission denied")

    form = SessionForm(form_data(), {"video_file": mp4(), "captions": vtt()})
    assert form.is_valid(), form.errors
    monkeypatch.setattr(FileSystemStorage, "_save", denied)
    with pytest.raises(PermissionError):
        services.create_session(
            actor=cast.will,
            details=form.details(),
            video=form.video(),
            captions=form.captions_upload(),
        )
    assert not Session.objects.exists()
    assert stored_files(settings) == []
