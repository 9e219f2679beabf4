"""Content checks for training uploads: videos, captions and handouts."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from training.validators import (
    DOCX_TYPE,
    PDF_TYPE,
    PPTX_TYPE,
    captions_text,
    check_captions_words,
    validate_captions,
    validate_handout,
    validate_video_upload,
)


def message(excinfo) -> str:
    return excinfo.value.messages[0]


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# Samples built here ----------------------------------------------------------------------


def mp4_bytes() -> bytes:
    brands = b"isom" + struct.pack(">I", 0x200) + b"isomiso2avc1mp41"
    ftyp = struct.pack(">I", 8 + len(brands)) + b"ftyp" + brands
    mdat = struct.pack(">I", 16) + b"mdat" + b"\x00" * 8
    return ftyp + mdat


def webm_bytes() -> bytes:
    # EBML header: EBMLVersion 1, ReadVersion 1, MaxIDLength 4, MaxSizeLength 8,
    # DocType "webm", DocTypeVersion 4, DocTypeReadVersion 2.
    body = (
        b"\x42\x86\x81\x01"
        b"\x42\xf7\x81\x01"
        b"\x42\xf2\x81\x04"
        b"\x42\xf3\x81\x08"
        b"\x42\x82\x84webm"
        b"\x42\x87\x81\x04"
        b"\x42\x85\x81\x02"
    )
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(body)]) + body + b"\x18\x53\x80\x67\x80"


def mkv_bytes() -> bytes:
    body = b"\x42\x86\x81\x01\x42\x82\x88matroska"
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(body)]) + body


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="{part}" ContentType="{type}"/>'
    "</Types>"
)


def office_bytes(main_part: str, main_type: str, include_part: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml", CONTENT_TYPES.format(part="/" + main_part, type=main_type)
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        if include_part:
            archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def docx_bytes(**kwargs) -> bytes:
    return office_bytes("word/document.xml", DOCX_TYPE + ".main+xml", **kwargs)


def pptx_bytes() -> bytes:
    return office_bytes("ppt/presentation.xml", PPTX_TYPE + ".main+xml")


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


# Videos ----------------------------------------------------------------------------------


def test_real_mp4_is_accepted_and_file_rewound():
    file = upload("Falls session.MP4", mp4_bytes(), "text/html")
    assert validate_video_upload(file) == "video/mp4"
    assert file.tell() == 0
    assert file.read(8)[4:8] == b"ftyp"


def test_real_webm_is_accepted():
    assert validate_video_upload(upload("session.webm", webm_bytes())) == "video/webm"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.mp4", PNG),
        ("page.mp4", HTML),
        ("handout.mp4", PDF),
        ("film.webm", mkv_bytes()),
        ("tiny.mp4", b"\x00\x00\x00\x18ftyp"),
    ],
)
def test_file_named_as_video_that_is_not_video_is_refused(name, data):
    with pytest.raises(ValidationError) as excinfo:
        validate_video_upload(upload(name, data, "video/mp4"))
    assert message(excinfo) == "The file is not a video. Upload an MP4 or WebM video."


def test_empty_video_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_video_upload(upload("empty.mp4", b""))
    assert message(excinfo) == "The selected file is empty. Upload an MP4 or WebM video."


def test_oversized_video_is_refused_with_limit_in_mb():
    data = mp4_bytes() + b"\x00" * (2 * 1024 * 1024)
    with pytest.raises(ValidationError) as excinfo:
        validate_video_upload(upload("long.mp4", data), max_bytes=2 * 1024 * 1024)
    assert message(excinfo).startswith("The video must be smaller than 2 MB.")


def test_default_video_limit_is_500_mb():
    file = upload("big.mp4", mp4_bytes())
    file.size = 500 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as excinfo:
        validate_video_upload(file)
    assert "smaller than 500 MB" in message(excinfo)


def test_video_extension_must_agree_with_content():
    with pytest.raises(ValidationError) as excinfo:
        validate_video_upload(upload("session.webm", mp4_bytes()))
    assert message(excinfo) == (
        "The file name ends in .webm but the file is an MP4 video. "
        "Rename it to end in .mp4 and upload it again."
    )


def test_video_with_other_extension_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_video_upload(upload("session.exe", mp4_bytes()))
    assert message(excinfo) == (
        "The file name must end in .mp4 or .webm. Upload an MP4 or WebM video."
    )


# Captions --------------------------------------------------------------------------------

GOOD_VTT = (
    "WEBVTT - Falls prevention\n"
    "\n"
    "NOTE written by the project team\n"
    "\n"
    "1\n"
    "00:00:01.000 --> 00:00:04.500 align:start\n"
    "<v Mona>Welcome to <b>falls</b> prevention.\n"
    "\n"
    "00:04.500 --> 00:07.000\n"
    "Check shoes &amp; slippers fit.\n"
    "\n"
    "00:04.500 --> 00:08.000\n"
    "Ask about dizziness.\n"
)


def vtt(text: str, name: str = "captions.vtt", bom: bool = False):
    data = text.encode("utf-8")
    return upload(name, (b"\xef\xbb\xbf" if bom else b"") + data, "text/vtt")


def test_good_captions_are_accepted_and_rewound():
    file = vtt(GOOD_VTT)
    assert validate_captions(file) == "text/vtt"
    assert file.tell() == 0


def test_captions_with_bom_and_windows_line_endings_are_accepted():
    assert validate_captions(vtt(GOOD_VTT.replace("\n", "\r\n"), bom=True)) == "text/vtt"


def test_captions_text_strips_tags_and_entities():
    assert captions_text(vtt(GOOD_VTT, bom=True)) == (
        "Welcome to falls prevention.\nCheck shoes & slippers fit.\nAsk about dizziness."
    )


@pytest.mark.parametrize("name", ["captions.vtt", "captions.pdf"])
def test_html_is_not_captions(name):
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(upload(name, HTML, "text/vtt"))
    if name.endswith(".vtt"):
        assert message(excinfo) == (
            "The file is not a WebVTT captions file. The first line must be WEBVTT. "
            "Upload captions saved as a .vtt file."
        )
    else:
        assert message(excinfo) == (
            "The captions file name must end in .vtt. Upload captions saved as WebVTT."
        )


@pytest.mark.parametrize("name", ["captions", "captions.", "captions.txt", "captions.srt"])
def test_captions_must_be_named_vtt(name):
    """Good WebVTT under any other name (even with no extension at all) is refused."""
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt(GOOD_VTT, name=name))
    assert message(excinfo) == (
        "The captions file name must end in .vtt. Upload captions saved as WebVTT."
    )


def test_captions_named_in_capitals_are_accepted():
    assert validate_captions(vtt(GOOD_VTT, name="Falls talk.VTT")) == "text/vtt"


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("Mrs Green, NHS number 943 476 5919, fell twice.", "an NHS number"),
        ("Mrs Green, DOB: 01/02/1934", "a date of birth"),
    ],
)
def test_captions_words_that_identify_a_resident_are_refused(words, found):
    with pytest.raises(ValidationError) as excinfo:
        check_captions_words(words)
    assert message(excinfo).startswith(f"The captions file has {found} in it. Remove it from")


def test_ordinary_captions_words_pass():
    check_captions_words(captions_text(vtt(GOOD_VTT)))


def test_header_must_be_exactly_webvtt():
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi\n"))
    assert "The first line must be WEBVTT" in message(excinfo)


def test_captions_that_are_not_utf8_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(
            upload("c.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\ncafé\n".encode("latin-1"))
        )
    assert message(excinfo) == (
        "The captions file must be saved as UTF-8 text. "
        "Save it again as a WebVTT (.vtt) file and upload it."
    )


@pytest.mark.parametrize(
    "timing",
    [
        "00:00:01,000 --> 00:00:02,000",  # SRT commas
        "00:00:01.000 -> 00:00:02.000",
        "00:00:61.000 --> 00:01:02.000",
        "1:2.5 --> 00:00:03.000",
        "00:00:01.000 --> soon",
    ],
)
def test_broken_timestamp_names_the_line(timing):
    text = f"WEBVTT\n\n1\n{timing}\nHello\n"
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt(text))
    assert message(excinfo) == ("Line 4: the time must look like 00:01:02.500 --> 00:01:05.000")


def test_missing_timing_line_names_the_line():
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\nJust some words\n"))
    assert message(excinfo).startswith("Line 6: the time must look like")


def test_end_before_start_names_the_line():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne\n\n00:00:05.000 --> 00:00:04.000\nTwo\n"
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt(text))
    assert message(excinfo) == "Line 6: the end time must be after the start time."


def test_end_equal_to_start_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt("WEBVTT\n\n00:00:02.000 --> 00:00:02.000\nOne\n"))
    assert message(excinfo) == "Line 3: the end time must be after the start time."


def test_captions_out_of_order_are_refused():
    text = "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nOne\n\n00:00:01.000 --> 00:00:02.000\nTwo\n"
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt(text))
    assert message(excinfo) == (
        "Line 6: the captions must be in time order. This one starts before the one above it."
    )


def test_captions_without_cues_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt("WEBVTT\n\nNOTE nothing here yet\n"))
    assert message(excinfo) == (
        "The captions file has no captions in it. Add at least one timed caption."
    )


def test_oversized_captions_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(vtt(GOOD_VTT + "x" * 1024), max_bytes=1024)
    assert message(excinfo) == (
        "The captions file must be smaller than 1 KB. "
        "Check you chose the captions file (.vtt) and not the video."
    )


def test_default_captions_limit_is_1_mb():
    file = vtt(GOOD_VTT)
    file.size = 1024 * 1024 + 1
    with pytest.raises(ValidationError) as excinfo:
        validate_captions(file)
    assert message(excinfo).startswith("The captions file must be smaller than 1 MB.")


def test_captions_text_refuses_invalid_captions():
    with pytest.raises(ValidationError):
        captions_text(upload("c.vtt", HTML))


# Handouts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("Falls handout.PDF", PDF, PDF_TYPE),
        ("notes.docx", docx_bytes(), DOCX_TYPE),
        ("slides.pptx", pptx_bytes(), PPTX_TYPE),
    ],
)
def test_real_handouts_are_accepted_with_the_right_type(name, data, expected):
    file = upload(name, data, "text/html")
    assert validate_handout(file) == expected
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("leaflet.pdf", HTML, "a PDF"),
        ("notes.docx", plain_zip_bytes(), "a Word document"),
        ("notes.docx", docx_bytes(include_part=False), "a Word document"),
        ("slides.pptx", b"PK\x03\x04 not really a zip", "a PowerPoint file"),
        ("slides.pptx", PNG, "a PowerPoint file"),
    ],
)
def test_handout_that_is_not_what_its_name_says_is_refused(name, data, what):
    with pytest.raises(ValidationError) as excinfo:
        validate_handout(upload(name, data))
    assert message(excinfo) == (
        f"The file is not {what}. Upload a PDF, Word (.docx) or PowerPoint (.pptx) file."
    )


def test_handout_extension_must_match_content():
    with pytest.raises(ValidationError) as excinfo:
        validate_handout(upload("slides.docx", pptx_bytes()))
    assert message(excinfo) == (
        "The file name ends in .docx but the file is a PowerPoint file. "
        "Rename it to end in .pptx and upload it again."
    )


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "notes.doc", "archive.zip", "noext"])
def test_handout_with_other_extension_is_refused(name):
    with pytest.raises(ValidationError) as excinfo:
        validate_handout(upload(name, b"MZ\x90\x00" + b"\x00" * 60))
    assert message(excinfo) == (
        "The handout must be a PDF, Word (.docx) or PowerPoint (.pptx) file."
    )


def test_oversized_handout_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_handout(upload("big.pdf", PDF + b"\x00" * 2 * 1024 * 1024), max_bytes=1024 * 1024)
    assert message(excinfo).startswith("The handout must be smaller than 1 MB.")


def test_default_handout_limit_is_20_mb():
    file = upload("big.pdf", PDF)
    file.size = 20 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as excinfo:
        validate_handout(file)
    assert message(excinfo).startswith("The handout must be smaller than 20 MB.")


def test_empty_handout_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_handout(upload("empty.pdf", b""))
    assert message(excinfo) == (
        "The selected file is empty. Upload a PDF, Word or PowerPoint file."
    )
