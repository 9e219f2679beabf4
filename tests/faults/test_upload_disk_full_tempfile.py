"""Upload disk full while Django is still reading the request: a file bigger than
FILE_UPLOAD_MAX_MEMORY_SIZE is written to a temporary file before any view runs (often in
the CSRF check). A full disk there shows the plain out-of-space message on the form, saves
nothing, leaves no temporary file behind, and does not switch off the CSRF check."""

import errno
import os
from pathlib import Path

import pytest
from django.core.files import uploadedfile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qi_cycles.models import MeasureValue
from tests.factories import make_measure, make_project, make_session
from tests.training.test_authoring import CREATE, MP4_BYTES, form_data, stored_files, vtt
from training.models import Handout, Session

OUT_OF_SPACE = "We could not save the file because the server is out of space"
BIG = 3 * 1024 * 1024  # more than FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): goes to a temp file
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def big_mp4(name="talk.mp4"):
    return SimpleUploadedFile(name, MP4_BYTES + b"\0" * BIG, content_type="video/mp4")


@pytest.fixture
def temp_dir(settings, tmp_path):
    folder = tmp_path / "upload-temp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture
def disk_full(monkeypatch, temp_dir):
    """The temporary folder fills up: each temporary upload file takes 100 KB, then its
    next write fails with ENOSPC, as a real full disk would."""
    real = uploadedfile.tempfile.NamedTemporaryFile
    state = {"on": True}

    def named_temporary_file(*args, **kwargs):
        temp = real(*args, **kwargs)
        write = temp.write
        written = [0]

        def filling_up(data):
            if state["on"] and written[0] >= 100 * 1024:
                raise OSError(errno.ENOSPC, "No space left on device")
            written[0] += len(data)
            return write(data)

        temp.write = filling_up
        return temp

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", named_temporary_file)
    return state


def left_in(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.fixture
def will_client(client, cast):
    client.force_login(cast.will)
    return client


def test_a_big_video_when_the_disk_is_full_shows_the_error_and_saves_nothing(
    will_client, settings, temp_dir, disk_full
):
    response = will_client.post(CREATE, form_data(video_file=big_mp4(), captions=vtt()))
    page = response.content.decode()
    assert response.status_code == 200
    assert OUT_OF_SPACE in page
    assert "Nothing has been saved" in page
    assert "Preventing falls at night" in page  # the rest of the form was read
    assert not Session.objects.exists()
    assert stored_files(settings) == []
    assert left_in(temp_dir) == []


def test_a_big_replacement_video_when_the_disk_is_full_keeps_the_old_one(
    will_client, settings, temp_dir, disk_full
):
    disk_full["on"] = False
    session = make_session(upload=True)
    before_video, before_files = session.video_file.name, stored_files(settings)
    disk_full["on"] = True
    response = will_client.post(
        reverse("training:session_edit", args=[session.pk]),
        form_data(title=session.title, video_file=big_mp4("new.mp4")),
    )
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    session.refresh_from_db()
    assert session.video_file.name == before_video
    assert stored_files(settings) == before_files
    assert left_in(temp_dir) == []


def test_a_big_handout_when_the_disk_is_full_shows_the_error_and_saves_nothing(
    will_client, settings, temp_dir, disk_full
):
    session = make_session(upload=True)
    before = stored_files(settings)
    big_pdf = SimpleUploadedFile("list.pdf", PDF_BYTES + b" " * BIG, "application/pdf")
    response = will_client.post(
        reverse("training:handout_add", args=[session.pk]),
        {"file": big_pdf, "title": "Falls checklist"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert OUT_OF_SPACE in page
    assert "Falls checklist" in page
    assert not Handout.objects.exists()
    assert stored_files(settings) == before
    assert left_in(temp_dir) == []


def test_a_big_measure_csv_when_the_disk_is_full_shows_the_error(client, cast, temp_dir, disk_full):
    measure = make_measure(make_project(cast.home_a), values=[5])
    client.force_login(cast.sid)
    csv = SimpleUploadedFile("falls.csv", b"05/01/2026,4\n" * (BIG // 13), "text/csv")
    response = client.post(reverse("qi:measure_import", args=[measure.pk]), {"upload": csv})
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    assert MeasureValue.objects.filter(measure=measure).count() == 1
    assert left_in(temp_dir) == []


def test_once_there_is_space_again_the_same_big_upload_is_saved(
    will_client, settings, temp_dir, disk_full
):
    response = will_client.post(CREATE, form_data(video_file=big_mp4(), captions=vtt()))
    assert OUT_OF_SPACE in response.content.decode()
    disk_full["on"] = False
    response = will_client.post(CREATE, form_data(video_file=big_mp4(), captions=vtt()))
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.video_file.size == len(MP4_BYTES) + BIG
    assert len(stored_files(settings)) == 2  # the video and its captions
    assert left_in(temp_dir) == []


def csrf_client(cast) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.will)
    client.get(CREATE)
    return client, client.cookies["csrftoken"].value


def test_the_csrf_token_after_the_big_file_is_still_read(cast, temp_dir, disk_full):
    client, token = csrf_client(cast)
    data = form_data(video_file=big_mp4(), captions=vtt())
    data["csrfmiddlewaretoken"] = token  # sent after the file that did not fit
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    assert not Session.objects.exists()


def test_without_a_csrf_token_a_big_upload_on_a_full_disk_is_still_refused(
    cast, temp_dir, disk_full
):
    client, _token = csrf_client(cast)
    response = client.post(CREATE, form_data(video_file=big_mp4(), captions=vtt()))
    assert response.status_code == 403
    assert not Session.objects.exists()
    assert left_in(temp_dir) == []


def test_other_temp_file_errors_are_not_hidden(will_client, monkeypatch, temp_dir):
    """Not a full disk (a permissions error): the error is not turned into a form message."""

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", denied)
    with pytest.raises(PermissionError):
        will_client.post(CREATE, form_data(video_file=big_mp4(), captions=vtt()))
    assert not Session.objects.exists()


def test_no_room_even_to_make_the_temporary_file_shows_the_error(
    will_client, monkeypatch, temp_dir
):
    def no_room(*args, **kwargs):
        raise OSError(errno.EDQUOT, "Disk quota exceeded")

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", no_room)
    response = will_client.post(CREATE, form_data(video_file=big_mp4(), captions=vtt()))
    assert response.status_code == 200
    assert OUT_OF_SPACE in response.content.decode()
    assert not Session.objects.exists()
