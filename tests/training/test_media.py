"""Byte-range serving of uploaded training media (issue 6, "Watching")."""

import io
import os

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.urls import path
from django.utils.http import http_date

from training import media
from training.media import ranged_file_response as _ranged_file_response
from training.media import storage_url_or_none

SIZE = 100 * 1024
MP4 = "video/mp4"


_served_files = []


def ranged_file_response(request, file, **kwargs):
    """The function under test; files whose body a test leaves unread are closed at teardown.

    (Closing the response would do it too, but that fires request_finished, which touches the
    database.)
    """
    _served_files.append(file)
    return _ranged_file_response(request, file, **kwargs)


@pytest.fixture(autouse=True)
def _close_served_files():
    yield
    while _served_files:
        _served_files.pop().close()


@pytest.fixture
def data():
    return os.urandom(SIZE)


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path, base_url="/media/")


@pytest.fixture
def stored(storage, data):
    name = storage.save("videos/session one.mp4", ContentFile(data))
    return storage, name


@pytest.fixture
def rf():
    return RequestFactory()


def serve(rf, stored, method="get", **headers):
    storage, name = stored
    request = getattr(rf, method)("/media/video", headers=headers)
    return ranged_file_response(request, storage.open(name), content_type=MP4)


def body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def test_full_file_without_range(rf, stored, data):
    response = serve(rf, stored)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert response["Content-Type"] == MP4
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Range" not in response
    assert body(response) == data


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=0-1", 0, 1),
        ("bytes=100-199", 100, 199),
        ("bytes=50000-", 50000, SIZE - 1),
        ("bytes=-500", SIZE - 500, SIZE - 1),
        ("bytes=1000-999999", 1000, SIZE - 1),  # last past the end is clipped
        ("bytes=-999999", 0, SIZE - 1),  # suffix longer than the file is the whole file
        (f"bytes={SIZE - 1}-", SIZE - 1, SIZE - 1),
        ("BYTES=10-19", 10, 19),
    ],
)
def test_single_range_is_partial_content(rf, stored, data, header, first, last):
    response = serve(rf, stored, Range=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == data[first : last + 1]


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 10}-{SIZE + 20}", "bytes=-0"])
def test_unsatisfiable_range_is_416(rf, stored, header):
    response = serve(rf, stored, Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert response["Accept-Ranges"] == "bytes"
    assert response.content == b""


def test_any_range_of_an_empty_file_is_416(rf, storage):
    name = storage.save("empty.mp4", ContentFile(b""))
    request = rf.get("/", headers={"Range": "bytes=0-"})
    response = ranged_file_response(request, storage.open(name), content_type=MP4)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */0"


@pytest.mark.parametrize(
    "header",
    [
        "bytes=",
        "bytes=-",
        "bytes=abc-def",
        "bytes=5-2",  # last before first is an invalid range-spec
        "items=0-10",
        "bytes 0-10",
        "0-10",
        "bytes=0-10,20-30",  # multi-range: we send the whole file instead
        "bytes=0-0,-1",
    ],
)
def test_malformed_and_multi_range_fall_back_to_full(rf, stored, data, header):
    response = serve(rf, stored, Range=header)
    assert response.status_code == 200
    assert "Content-Range" not in response
    assert response["Content-Length"] == str(SIZE)
    assert body(response) == data


def test_if_range_with_current_etag_honours_range(rf, stored, data):
    etag = serve(rf, stored, method="head")["ETag"]
    response = serve(rf, stored, Range="bytes=10-19", **{"If-Range": etag})
    assert response.status_code == 206
    assert body(response) == data[10:20]


def test_if_range_with_current_date_honours_range(rf, stored, data):
    last_modified = serve(rf, stored, method="head")["Last-Modified"]
    response = serve(rf, stored, Range="bytes=10-19", **{"If-Range": last_modified})
    assert response.status_code == 206
    assert body(response) == data[10:20]


@pytest.mark.parametrize(
    "if_range",
    ['"stale-etag"', 'W/"anything"', http_date(0), "not a date"],
)
def test_if_range_mismatch_sends_full_file(rf, stored, data, if_range):
    response = serve(rf, stored, Range="bytes=10-19", **{"If-Range": if_range})
    assert response.status_code == 200
    assert "Content-Range" not in response
    assert body(response) == data


def test_weak_form_of_current_etag_does_not_match(rf, stored):
    etag = serve(rf, stored, method="head")["ETag"]
    response = serve(rf, stored, Range="bytes=10-19", **{"If-Range": f"W/{etag}"})
    assert response.status_code == 200


def test_head_has_headers_and_no_body(rf, stored):
    response = serve(rf, stored, method="head")
    assert response.status_code == 200
    assert response["Content-Length"] == str(SIZE)
    assert response["Accept-Ranges"] == "bytes"
    assert response.content == b""
    ranged = serve(rf, stored, method="head", Range="bytes=100-")
    assert ranged.status_code == 206
    assert ranged["Content-Range"] == f"bytes 100-{SIZE - 1}/{SIZE}"
    assert ranged["Content-Length"] == str(SIZE - 100)
    assert ranged.content == b""


def test_range_is_ignored_for_other_methods(rf, stored, data):
    response = serve(rf, stored, method="post", Range="bytes=0-9")
    assert response.status_code == 200
    assert body(response) == data


def test_validators_come_from_storage(rf, stored):
    storage, name = stored
    response = serve(rf, stored)
    modified = storage.get_modified_time(name)
    assert response["Last-Modified"] == http_date(modified.timestamp())
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert serve(rf, stored)["ETag"] == response["ETag"]  # stable
    storage.delete(name)
    storage.save(name, ContentFile(b"x" * 10))
    assert serve(rf, stored)["ETag"] != response["ETag"]


def test_fieldfile_like_object_without_mtime_gets_name_based_etag(rf, data):
    file = ContentFile(data, name="clip.mp4")
    response = ranged_file_response(rf.get("/"), file, content_type=MP4)
    assert response["ETag"]
    assert "Last-Modified" not in response
    assert body(response) == data


def test_content_disposition_inline_by_default(rf, stored):
    response = serve(rf, stored)
    assert response["Content-Disposition"] == 'inline; filename="session one.mp4"'


def test_content_disposition_attachment_with_safe_filename(rf, stored):
    storage, name = stored
    response = ranged_file_response(
        rf.get("/"),
        storage.open(name),
        content_type="application/pdf",
        filename='hand"out\r\nX-Evil: 1 é.pdf',
        as_attachment=True,
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "\r" not in disposition and "\n" not in disposition
    assert '"' not in disposition
    assert "X-Evil" not in response
    assert response["Content-Type"] == "application/pdf"


def test_content_type_is_never_guessed_from_name(rf, storage):
    name = storage.save("page.html", ContentFile(b"<script>alert(1)</script>"))
    response = ranged_file_response(
        rf.get("/"), storage.open(name), content_type="text/vtt; charset=utf-8"
    )
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "content_type",
    [
        MP4,
        "video/webm",
        "text/vtt",
        "TEXT/VTT; charset=utf-8",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ],
)
def test_the_library_types_are_served(rf, stored, content_type):
    storage, name = stored
    response = ranged_file_response(rf.get("/"), storage.open(name), content_type=content_type)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html",
        "TEXT/HTML; charset=utf-8",
        " text/html",
        "application/xhtml+xml",
        "",
        # Not HTML, but not a type the library accepts either: only an allow-list is served.
        "text/plain",
        "image/svg+xml",
        "application/javascript",
        "text/xml",
        "application/octet-stream",
        "video/mp4x",
    ],
)
def test_other_content_types_are_refused(rf, stored, content_type):
    storage, name = stored
    file = storage.open(name)
    with pytest.raises(ValueError):
        ranged_file_response(rf.get("/"), file, content_type=content_type)
    assert file.closed


def test_file_is_closed_when_there_is_no_body(rf, stored):
    storage, name = stored
    head = storage.open(name)
    ranged_file_response(rf.head("/"), head, content_type=MP4)
    assert head.closed
    unsatisfiable = storage.open(name)
    request = rf.get("/", headers={"Range": f"bytes={SIZE}-"})
    ranged_file_response(request, unsatisfiable, content_type=MP4)
    assert unsatisfiable.closed


def test_file_is_closed_when_client_leaves_early(rf, stored, db):
    storage, name = stored
    file = storage.open(name)
    response = _ranged_file_response(rf.get("/"), file, content_type=MP4)
    next(iter(response.streaming_content))
    assert not file.closed
    response.close()
    assert file.closed


def test_file_is_closed_when_response_never_iterated(rf, stored, db):
    storage, name = stored
    file = storage.open(name)
    _ranged_file_response(rf.get("/"), file, content_type=MP4).close()
    assert file.closed


def test_response_streams_in_chunks(rf, stored, data):
    response = serve(rf, stored, Range="bytes=1000-")
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > 1
    assert all(len(chunk) <= media.CHUNK_SIZE for chunk in chunks)
    assert b"".join(chunks) == data[1000:]


class _SpyIO(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.reads = []

    def read(self, size=-1):
        self.reads.append(size)
        return super().read(size)


def test_large_range_is_read_chunk_by_chunk(rf, data, monkeypatch):
    monkeypatch.setattr(media, "CHUNK_SIZE", 4096)
    spy = _SpyIO(data)
    request = rf.get("/", headers={"Range": "bytes=10-90009"})
    response = ranged_file_response(request, File(spy, name="clip.mp4"), content_type=MP4)
    spy.reads.clear()  # File.size may probe the stream; count only the body's reads
    chunks = list(response.streaming_content)
    assert b"".join(chunks) == data[10:90010]
    assert spy.reads and all(0 < size <= 4096 for size in spy.reads)  # never the whole file
    assert len(chunks) == -(-90000 // 4096)


def test_file_is_closed_after_streaming(rf, stored, db):
    storage, name = stored
    file = storage.open(name)
    response = ranged_file_response(rf.get("/"), file, content_type=MP4)
    b"".join(response.streaming_content)
    response.close()
    assert file.closed


def test_browser_like_sequence_has_consistent_lengths(rf, stored, data):
    probe = serve(rf, stored, Range="bytes=0-")
    assert probe.status_code == 206
    assert probe["Content-Range"] == f"bytes 0-{SIZE - 1}/{SIZE}"
    assert int(probe["Content-Length"]) == SIZE
    probe_body = body(probe)
    assert len(probe_body) == SIZE

    seek = serve(rf, stored, Range="bytes=50000-", **{"If-Range": probe["ETag"]})
    assert seek.status_code == 206
    assert seek["Content-Range"] == f"bytes 50000-{SIZE - 1}/{SIZE}"
    seek_body = body(seek)
    assert int(seek["Content-Length"]) == len(seek_body) == SIZE - 50000
    assert seek_body == probe_body[50000:] == data[50000:]
    assert seek["ETag"] == probe["ETag"]


class _SigningStorage:
    querystring_auth = True

    def __init__(self, url):
        self._url = url
        self.calls = []

    def url(self, name, expire=None):
        self.calls.append((name, expire))
        return self._url


class _File:
    def __init__(self, storage, name="videos/a.mp4"):
        self.storage = storage
        self.name = name


def test_storage_url_for_signing_storage():
    storage = _SigningStorage("https://bucket.example/videos/a.mp4?X-Amz-Signature=abc")
    assert storage_url_or_none(_File(storage), expire=300) == storage._url
    assert storage.calls == [("videos/a.mp4", 300)]


def test_storage_url_none_for_local_or_unsigned_storage(stored):
    storage, name = stored
    with storage.open(name) as opened:
        assert storage_url_or_none(opened) is None  # a File without .storage
    assert storage_url_or_none(_File(storage, name)) is None  # FileSystemStorage
    unsigned = _SigningStorage("https://bucket.example/a.mp4")
    unsigned.querystring_auth = False
    assert storage_url_or_none(_File(unsigned)) is None
    assert storage_url_or_none(_File(_SigningStorage("/media/a.mp4"))) is None
    assert storage_url_or_none(_File(_SigningStorage("javascript:alert(1)"))) is None


def test_fieldfile_from_storage(rf, stored, data):
    from django.db.models import FileField
    from django.db.models.fields.files import FieldFile

    storage, name = stored
    field_file = FieldFile(None, FileField(storage=storage), name)
    request = rf.get("/", headers={"Range": "bytes=-10"})
    response = ranged_file_response(request, field_file, content_type=MP4)
    assert response.status_code == 206
    assert response["Last-Modified"] == http_date(storage.get_modified_time(name).timestamp())
    assert body(response) == data[-10:]
    assert response["ETag"] == serve(rf, stored)["ETag"]


# Through the portal's whole middleware stack, with a throwaway URLconf in this module.
_E2E_STORAGE = {}


@login_not_required
def _video_view(request):
    storage, name = _E2E_STORAGE["stored"]
    return _ranged_file_response(request, storage.open(name), content_type=MP4)


urlpatterns = [path("video/", _video_view)]


@pytest.mark.urls(__name__)
def test_ranges_survive_the_middleware_stack(client, stored, data, db):
    _E2E_STORAGE["stored"] = stored
    try:
        full = client.get("/video/")
        assert full.status_code == 200
        assert b"".join(full.streaming_content) == data
        partial = client.get("/video/", headers={"Range": "bytes=50000-50099"})
        assert partial.status_code == 206
        assert partial["Content-Range"] == f"bytes 50000-50099/{SIZE}"
        assert partial["Content-Length"] == "100"
        assert "Content-Encoding" not in partial
        assert b"".join(partial.streaming_content) == data[50000:50100]
        head = client.head("/video/", headers={"Range": "bytes=-10"})
        assert head.status_code == 206
        assert head["Content-Length"] == "10"
        assert head.content == b""
    finally:
        _E2E_STORAGE.clear()
