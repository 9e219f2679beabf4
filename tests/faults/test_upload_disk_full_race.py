"""Upload volume full while another upload is saving: the clean-up after the failed write
removes only the half-written file this upload made, never the other upload's file.

The race: this upload picks a free name; before it writes, another upload saves its own
file under that name; the storage then writes this upload under a new name, and the disk
fills up half way through."""

import errno

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_session
from tests.training.test_authoring import CREATE, form_data, mp4, stored_files, vtt
from training.models import Handout, Session

OUT_OF_SPACE = "We could not save the file because the server is out of space"
OTHER = b"the other upload, saved in full"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class FillsUp:
    """An upload whose write fails with ENOSPC after its first few bytes."""

    def __init__(self, content):
        self.content = content

    def chunks(self, chunk_size=None):
        yield next(iter(self.content.chunks()))[:4]
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def another_upload_first(monkeypatch):
    """The first file this request writes loses the race, then the disk fills up. The real
    FileSystemStorage does the rest: it finds the name taken and writes under a new one."""
    original = FileSystemStorage._save
    state = {"allow": 0, "other": None}

    def save(self, name, content):
        if state["allow"] > 0:
            state["allow"] -= 1
            return original(self, name, content)
        state["other"] = original(self, name, ContentFile(OTHER))
        return original(self, name, FillsUp(content))

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return state


def _read(settings, name):
    return (settings.MEDIA_ROOT / name).read_bytes()


def test_a_full_disk_keeps_the_file_another_upload_saved_under_the_same_name(
    client, cast, settings, another_upload_first
):
    client.force_login(cast.will)
    response = client.post(CREATE, form_data(video_file=mp4(), captions=vtt()))
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    assert not Session.objects.exists()
    other = another_upload_first["other"]
    assert _read(settings, other) == OTHER
    # The other upload's file is all that is left: this upload's half file is gone.
    assert stored_files(settings) == [other]


def test_a_full_disk_on_the_captions_keeps_the_others_file_and_removes_the_video(
    client, cast, settings, another_upload_first
):
    another_upload_first["allow"] = 1  # the video fits, the captions lose the race
    client.force_login(cast.will)
    response = client.post(CREATE, form_data(video_file=mp4(), captions=vtt()))
    assert OUT_OF_SPACE in response.content.decode()
    assert not Session.objects.exists()
    other = another_upload_first["other"]
    assert other.endswith(".vtt")
    assert _read(settings, other) == OTHER
    assert stored_files(settings) == [other]


def test_a_full_disk_on_a_handout_keeps_the_others_file(
    client, cast, settings, another_upload_first
):
    another_upload_first["allow"] = 2  # the session's own video and captions
    session = make_session(upload=True)
    before = stored_files(settings)
    client.force_login(cast.will)
    response = client.post(
        reverse("training:handout_add", args=[session.pk]),
        {
            "title": "Falls checklist",
            "file": SimpleUploadedFile("list.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    assert not Handout.objects.exists()
    other = another_upload_first["other"]
    assert _read(settings, other) == OTHER
    assert stored_files(settings) == sorted([*before, other])


def test_a_file_that_could_not_even_be_created_deletes_nothing(client, cast, settings, monkeypatch):
    """The disk is so full the file cannot be created (the error names the file): this
    upload made nothing, so a file another upload saves under that name meanwhile stays."""
    original = FileSystemStorage._save
    state = {}

    def save(self, name, content):
        state["other"] = original(self, name, ContentFile(OTHER))
        raise OSError(errno.ENOSPC, "No space left on device", self.path(name))

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    client.force_login(cast.will)
    response = client.post(CREATE, form_data(video_file=mp4(), captions=vtt()))
    assert OUT_OF_SPACE in response.content.decode()
    assert not Session.objects.exists()
    assert _read(settings, state["other"]) == OTHER
    assert stored_files(settings) == [state["other"]]
