"""Checks for files uploaded to the training library: videos, captions and handouts.

Each check looks at what a file contains, not what it is called or what the browser says it
is. The name's extension must agree with the content. Every failure raises a Django
``ValidationError`` with a message a carer can act on. Each validator returns the content
type to store and serve, and rewinds the file so it can be saved afterwards.
"""

from __future__ import annotations

import html
import os
import re
import zipfile

import filetype
import webvtt
from django.core.exceptions import ValidationError
from webvtt.errors import MalformedCaptionError, MalformedFileError

from portal.validators import no_resident_identifiers

MB = 1024 * 1024
MAX_VIDEO_BYTES = 500 * MB
MAX_CAPTIONS_BYTES = 1 * MB
MAX_HANDOUT_BYTES = 20 * MB

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
VIDEO_NAMES = {"video/mp4": "an MP4", "video/webm": "a WebM"}

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
HANDOUT_TYPES = {".pdf": PDF_TYPE, ".docx": DOCX_TYPE, ".pptx": PPTX_TYPE}
HANDOUT_NAMES = {PDF_TYPE: "a PDF", DOCX_TYPE: "a Word document", PPTX_TYPE: "a PowerPoint file"}
# The main part that [Content_Types].xml must declare for each Office format.
OFFICE_MAIN_PARTS = {
    DOCX_TYPE: DOCX_TYPE + ".main+xml",
    PPTX_TYPE: PPTX_TYPE + ".main+xml",
}
MAX_CONTENT_TYPES_XML = 256 * 1024

TIME_FORMAT_MESSAGE = "the time must look like 00:01:02.500 --> 00:01:05.000"
_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMINGS = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")
_TAG = re.compile(r"</?[^>]*>")
_SPACES = re.compile(r"[ \t]+")


def _megabytes(limit: int) -> str:
    value = limit / MB
    return f"{value:g} MB" if value >= 1 else f"{limit / 1024:g} KB"


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
    file.seek(0)
    return size


def _extension(file) -> str:
    return os.path.splitext(getattr(file, "name", "") or "")[1].lower()


def _head(file, length: int) -> bytes:
    file.seek(0)
    data = file.read(length)
    file.seek(0)
    return data or b""


# Videos ---------------------------------------------------------------------------------


def validate_video_upload(file, max_bytes: int = MAX_VIDEO_BYTES) -> str:
    """Check an uploaded video is a real MP4 or WebM within the size limit.

    Returns the content type, ``video/mp4`` or ``video/webm``.
    """
    size = _size(file)
    if size == 0:
        raise ValidationError(
            "The selected file is empty. Upload an MP4 or WebM video.", code="empty"
        )
    if size > max_bytes:
        raise ValidationError(
            f"The video must be smaller than {_megabytes(max_bytes)}. "
            "Upload a shorter or smaller video, or share a link to it instead.",
            code="too_big",
        )
    kind = filetype.guess(_head(file, 8192))
    detected = kind.mime if kind is not None else None
    if detected not in VIDEO_NAMES:
        raise ValidationError(
            "The file is not a video. Upload an MP4 or WebM video.", code="not_video"
        )
    expected = VIDEO_TYPES.get(_extension(file))
    if expected is None:
        raise ValidationError(
            "The file name must end in .mp4 or .webm. Upload an MP4 or WebM video.",
            code="bad_extension",
        )
    if expected != detected:
        raise ValidationError(
            f"The file name ends in {_extension(file)} but the file is "
            f"{VIDEO_NAMES[detected]} video. Rename it to end in "
            f"{'.mp4' if detected == 'video/mp4' else '.webm'} and upload it again.",
            code="extension_mismatch",
        )
    return detected


# Captions -------------------------------------------------------------------------------


def _seconds(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _read_captions(file, max_bytes: int) -> str:
    size = _size(file)
    if size > max_bytes:
        raise ValidationError(
            f"The captions file must be smaller than {_megabytes(max_bytes)}. "
            "Check you chose the captions file (.vtt) and not the video.",
            code="too_big",
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                "The captions file must be saved as UTF-8 text. "
                "Save it again as a WebVTT (.vtt) file and upload it.",
                code="not_utf8",
            ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _blocks(lines: list[str]):
    """Yield (first line number, lines) for each block of non-blank lines."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _error(line: int, message: str, code: str) -> ValidationError:
    return ValidationError(f"Line {line}: {message}", code=code)


def _check_captions_text(text: str) -> None:
    lines = text.split("\n")
    first = lines[0] if lines else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(
            "The file is not a WebVTT captions file. The first line must be WEBVTT. "
            "Upload captions saved as a .vtt file.",
            code="not_webvtt",
        )
    if "\x00" in text:
        raise ValidationError(
            "The file is not a WebVTT captions file. Upload captions saved as a .vtt file.",
            code="not_webvtt",
        )
    cues = 0
    previous_start = None
    blocks = _blocks(lines)
    next(blocks, None)  # the header block: WEBVTT and any metadata
    for start_line, block in blocks:
        head = block[0].strip()
        if re.match(r"^(NOTE|STYLE|REGION)(\s|$)", head):
            continue
        if "-->" in block[0]:
            timing_offset = 0
        elif len(block) > 1 and "-->" in block[1]:
            timing_offset = 1
        else:
            # No timings line where one should be: point at the most likely line.
            bad = start_line + (1 if len(block) > 1 else 0)
            raise _error(bad, TIME_FORMAT_MESSAGE, "bad_timing")
        line_number = start_line + timing_offset
        match = _TIMINGS.match(block[timing_offset].strip())
        if match is None:
            raise _error(line_number, TIME_FORMAT_MESSAGE, "bad_timing")
        start = _seconds(*match.group(1, 2, 3, 4))
        end = _seconds(*match.group(5, 6, 7, 8))
        if end <= start:
            raise _error(line_number, "the end time must be after the start time.", "end_first")
        if previous_start is not None and start < previous_start:
            raise _error(
                line_number,
                "the captions must be in time order. This one starts before the one above it.",
                "out_of_order",
            )
        previous_start = start
        cues += 1
    if cues == 0:
        raise ValidationError(
            "The captions file has no captions in it. Add at least one timed caption.",
            code="no_cues",
        )


def _parse(text: str):
    try:
        captions = webvtt.WebVTT.from_string(text, strict=True)
    except (MalformedFileError, MalformedCaptionError, ValueError):
        raise ValidationError(
            "The captions file could not be read. Check it is a WebVTT (.vtt) file "
            "and upload it again.",
            code="unreadable",
        ) from None
    if len(captions) == 0:
        raise ValidationError(
            "The captions file has no captions in it. Add at least one timed caption.",
            code="no_cues",
        )
    return captions


def validate_captions(file, max_bytes: int = MAX_CAPTIONS_BYTES) -> str:
    """Check an uploaded captions file is valid WebVTT. Returns ``text/vtt``."""
    if _extension(file) != ".vtt":
        raise ValidationError(
            "The captions file name must end in .vtt. Upload captions saved as WebVTT.",
            code="bad_extension",
        )
    text = _read_captions(file, max_bytes)
    _check_captions_text(text)
    _parse(text)
    return "text/vtt"


def captions_text(file, max_bytes: int = MAX_CAPTIONS_BYTES) -> str:
    """The plain words of a valid captions file, one caption a line, without markup.

    Raises ``ValidationError`` like ``validate_captions`` if the file is not valid.
    """
    text = _read_captions(file, max_bytes)
    _check_captions_text(text)
    lines = []
    for caption in _parse(text):
        for line in caption.raw_text.split("\n"):
            plain = _SPACES.sub(" ", html.unescape(_TAG.sub("", line))).strip()
            if plain:
                lines.append(plain)
    return "\n".join(lines)


CAPTIONS_IDENTIFIER_MESSAGES = {
    "nhs_number": "The captions file has an NHS number in it. ",
    "date_of_birth": "The captions file has a date of birth in it. ",
}


def check_captions_words(text: str) -> None:
    """The words of captions (shown as the transcript) must not identify a resident.
    Raises ``ValidationError`` saying the problem is in the captions file."""
    try:
        no_resident_identifiers(text)
    except ValidationError as error:
        found = CAPTIONS_IDENTIFIER_MESSAGES.get(
            error.code, "The captions file has something in it that could identify a resident. "
        )
        raise ValidationError(
            found + "Remove it from the captions and upload the file again. The captions are "
            "shown as the transcript, and everyone in the network can read them.",
            code=error.code,
        ) from None


# Handouts -------------------------------------------------------------------------------

_OVERRIDE = re.compile(r"<(?:\w+:)?Override\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _office_type(file) -> str | None:
    """The Office type a zip declares as its main part, or None if it is not one."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > MAX_CONTENT_TYPES_XML:
                return None
            with archive.open(info) as member:
                xml = member.read(MAX_CONTENT_TYPES_XML).decode("utf-8", "replace")
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError):
        return None
    finally:
        file.seek(0)
    for match in _OVERRIDE.finditer(xml):
        attributes = {
            key.lower(): double or single for key, double, single in _ATTRIBUTE.findall(match[1])
        }
        part = attributes.get("partname", "").lstrip("/")
        for office_type, main in OFFICE_MAIN_PARTS.items():
            if attributes.get("contenttype") == main and part in names:
                return office_type
    return None


def validate_handout(file, max_bytes: int = MAX_HANDOUT_BYTES) -> str:
    """Check a handout is a real PDF, Word (.docx) or PowerPoint (.pptx) file.

    Returns the content type to store and serve it with.
    """
    size = _size(file)
    if size == 0:
        raise ValidationError(
            "The selected file is empty. Upload a PDF, Word or PowerPoint file.", code="empty"
        )
    if size > max_bytes:
        raise ValidationError(
            f"The handout must be smaller than {_megabytes(max_bytes)}. "
            "Make the file smaller, for example by saving it as a PDF, and upload it again.",
            code="too_big",
        )
    expected = HANDOUT_TYPES.get(_extension(file))
    if expected is None:
        raise ValidationError(
            "The handout must be a PDF, Word (.docx) or PowerPoint (.pptx) file.",
            code="bad_extension",
        )
    head = _head(file, 8)
    if head.startswith(b"%PDF-"):
        detected = PDF_TYPE
    elif head.startswith(b"PK\x03\x04"):
        detected = _office_type(file)
    else:
        detected = None
    if detected is None:
        raise ValidationError(
            f"The file is not {HANDOUT_NAMES[expected]}. "
            "Upload a PDF, Word (.docx) or PowerPoint (.pptx) file.",
            code="wrong_content",
        )
    if detected != expected:
        right = {value: key for key, value in HANDOUT_TYPES.items()}[detected]
        raise ValidationError(
            f"The file name ends in {_extension(file)} but the file is "
            f"{HANDOUT_NAMES[detected]}. Rename it to end in {right} and upload it again.",
            code="extension_mismatch",
        )
    return detected
