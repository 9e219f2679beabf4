"""Serving uploaded training media with HTTP byte ranges (RFC 9110 §14).

Browsers seek in a ``<video>`` by asking for byte ranges, and Safari/iOS will not play MP4
without them. Django's own ``FileResponse`` ignores ``Range``, so local storage goes through
:func:`ranged_file_response`. When the storage hands out presigned URLs (S3-compatible object
storage), :func:`storage_url_or_none` gives a URL to redirect to instead, so the object store
answers the ranges and the app server never streams the video.

The content type always comes from the caller (the type validated at upload). It is never
guessed from the file name, and only the types the library accepts are served (videos,
captions and handouts), so that an upload can never be served as a page, a script or an
image on the portal's origin.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

CHUNK_SIZE = 64 * 1024

# The only types served: what training.validators accepts at upload (a parameter such as
# "; charset=utf-8" is allowed). Anything else is refused outright.
SERVED_CONTENT_TYPES = frozenset(
    {
        "video/mp4",
        "video/webm",
        "text/vtt",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)

_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$", re.IGNORECASE)


@dataclass(frozen=True)
class _Validators:
    etag: str
    last_modified: float | None  # POSIX timestamp, whole seconds


class _Unsatisfiable(Exception):
    """The Range header was well formed but no part of it lies within the file."""


def _base_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _storage_of(file):
    storage = getattr(file, "storage", None)
    if storage is None or not getattr(file, "name", None):
        return None
    return storage


def _fstat_mtime(file) -> datetime | None:
    """Modified time of a storage.open() result backed by a real file descriptor."""
    try:
        stat = os.fstat(file.file.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return datetime.fromtimestamp(stat.st_mtime, tz=UTC)


def _validators(file, size: int) -> _Validators:
    """A strong ETag and Last-Modified, from the storage's modified time when it knows it."""
    modified = None
    storage = _storage_of(file)
    if storage is not None:
        try:
            modified = storage.get_modified_time(file.name)
        except (NotImplementedError, OSError, AttributeError, ValueError):
            modified = None
    if modified is None:
        modified = _fstat_mtime(file)
    if modified is not None:
        seed = f"{size}:{modified.timestamp():.6f}"
        last_modified = float(int(modified.timestamp()))
    else:
        seed = f"{size}:{getattr(file, 'name', '') or ''}"
        last_modified = None
    digest = hashlib.sha256(seed.encode()).hexdigest()[:32]
    return _Validators(etag=f'"{digest}"', last_modified=last_modified)


def _if_range_matches(value: str, validators: _Validators) -> bool:
    """RFC 9110 §13.1.5: honour Range only if the representation is unchanged."""
    value = value.strip()
    if value.startswith('"') or value.startswith("W/"):
        # Strong comparison: a weak tag never matches.
        return not value.startswith("W/") and value == validators.etag
    parsed = parse_http_date_safe(value)
    return (
        parsed is not None
        and validators.last_modified is not None
        and parsed == int(validators.last_modified)
    )


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """Return the inclusive (first, last) bytes to send, or None to send the whole file.

    Malformed headers and multi-range requests give None (a 200 is allowed by the RFC).
    Raises _Unsatisfiable for a well-formed single range outside the file.
    """
    match = _SINGLE_RANGE.match(header.strip())
    if match is None:
        return None
    first_text, last_text = match.groups()
    if first_text == "" and last_text == "":
        return None
    if first_text == "":
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise _Unsatisfiable
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    if last_text != "":
        last = int(last_text)
        if last < first:
            return None  # invalid range-spec: ignore the header
    else:
        last = size - 1
    if first >= size:
        raise _Unsatisfiable
    return first, min(last, size - 1)


class _RangeIterator:
    """Yields ``length`` bytes from ``start`` in chunks and closes the file when done.

    ``close()`` is called by Django when the response is closed, so the file is closed even
    if the client goes away before the body has been sent.
    """

    def __init__(self, file, start: int, length: int):
        self.file = file
        self.start = start
        self.length = length

    def __iter__(self) -> Iterator[bytes]:
        chunk_size = CHUNK_SIZE
        try:
            self.file.open("rb")
            self.file.seek(self.start)
            remaining = self.length
            while remaining > 0:
                chunk = self.file.read(min(chunk_size, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        self.file.close()


def ranged_file_response(
    request: HttpRequest,
    file,
    *,
    content_type: str,
    filename: str | None = None,
    as_attachment: bool = False,
) -> HttpResponse:
    """Serve ``file`` (a FieldFile or storage.open() result) honouring a single byte range.

    200 with the whole file, 206 with ``Content-Range`` for one satisfiable range, 416 for an
    unsatisfiable one. Malformed and multi-range headers, and a stale ``If-Range``, give 200.
    HEAD gets the same headers and no body. Raises ValueError for a content type that is not
    in SERVED_CONTENT_TYPES.

    The response owns ``file``: it is closed once the body has been sent or the response is
    closed (Django's handler closes responses), and at once when there is no body to send.
    """
    if _base_type(content_type or "") not in SERVED_CONTENT_TYPES:
        file.close()
        raise ValueError(f"Refusing to serve an upload as {content_type!r}.")

    size = file.size
    validators = _validators(file, size)
    if filename is None:
        filename = os.path.basename(getattr(file, "name", "") or "") or "download"

    def headers(response: HttpResponse) -> HttpResponse:
        response["Accept-Ranges"] = "bytes"
        response["ETag"] = validators.etag
        if validators.last_modified is not None:
            response["Last-Modified"] = http_date(validators.last_modified)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        return response

    byte_range = None
    range_header = request.headers.get("Range")
    if range_header and request.method in ("GET", "HEAD"):
        if_range = request.headers.get("If-Range")
        if if_range is None or _if_range_matches(if_range, validators):
            try:
                byte_range = _parse_range(range_header, size)
            except _Unsatisfiable:
                response = headers(HttpResponse(b"", status=416, content_type=content_type))
                response["Content-Range"] = f"bytes */{size}"
                response["Content-Length"] = "0"
                file.close()
                return response

    if byte_range is None:
        start, length, status = 0, size, 200
    else:
        start, last = byte_range
        length, status = last - start + 1, 206

    if request.method == "HEAD":
        file.close()
        response = HttpResponse(b"", status=status, content_type=content_type)
    else:
        response = StreamingHttpResponse(
            _RangeIterator(file, start, length), status=status, content_type=content_type
        )
    headers(response)
    response["Content-Length"] = str(length)
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{start + length - 1}/{size}"
    return response


def storage_url_or_none(file, *, expire: int | None = None) -> str | None:
    """A presigned http(s) URL when the file's storage signs URLs (S3Storage), else None.

    The flag is django-storages' ``querystring_auth`` (``AWS_QUERYSTRING_AUTH``). Local
    storage returns None, so the caller serves the file with :func:`ranged_file_response`.
    """
    storage = _storage_of(file)
    if storage is None or not getattr(storage, "querystring_auth", False):
        return None
    url = storage.url(file.name, expire=expire) if expire else storage.url(file.name)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url
