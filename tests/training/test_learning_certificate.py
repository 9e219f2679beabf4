"""The certificate of completion (training:certificate): a one-page A4 landscape PDF for the
person's own completed record, and nothing for anyone else."""

import shutil
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import make_learning_record, make_session
from training import pdf as certificates

COMPLETED = datetime(2026, 11, 24, 23, 30, tzinfo=ZoneInfo("UTC"))  # still the 24th in London


@pytest.fixture
def session(db):
    return make_session(
        title="Preventing falls at night", presenter="Dr Jo Patel", duration_minutes=25
    )


@pytest.fixture
def record(cast, session):
    cast.sid.full_name = "Sid Okafor"
    cast.sid.save()
    record = make_learning_record(cast.sid, session, completed=True)
    record.completed_at = COMPLETED
    record.save()
    return record


def _url(session):
    return reverse("training:certificate", args=[session.pk])


def _text(pdf_bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf_bytes)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def test_the_certificate_downloads_as_a_pdf(client, cast, record, session, tmp_path):
    client.force_login(cast.sid)
    response = client.get(_url(session))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="certificate-preventing-falls-at-night.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")
    text = _text(response.content, tmp_path)
    for words in (
        "Care Home Improvement Network",
        "Certificate of completion",
        "Sid Okafor",
        "Preventing falls at night",
        "Presented by Dr Jo Patel",
        "Length: 25 minutes",
        "Completed on 24 November 2026",
        "self-reported",
    ):
        assert words in text, words
    flat = " ".join(text.split())
    # Completing is self-reported: the certificate says so, and claims no more.
    assert "The learner told us they completed this session" in flat
    assert "It is not an assessment of their practice." in flat
    assert "watched" not in flat


def test_the_certificate_is_one_a4_landscape_page(record):
    document = certificates.certificate_document(record)
    assert len(document.pages) == 1
    page = document.pages[0]
    assert page.width > page.height
    assert round(page.width * 25.4 / 96) == 297  # CSS pixels to millimetres
    assert document.metadata.title == "Certificate of completion: Preventing falls at night"


def _line_boxes(document):
    """Each line of text on the first page with where it sits (top, bottom)."""

    def walk(box):
        if type(box).__name__ == "LineBox":
            text = "".join(getattr(b, "text", "") for b in _descendants(box))
            yield text, box.position_y, box.position_y + box.height
            return
        for child in getattr(box, "children", ()):
            yield from walk(child)

    return list(walk(document.pages[0]._page_box))


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


@pytest.mark.parametrize("long_name, long_title", [(False, True), (True, False), (True, True)])
def test_long_names_and_titles_stay_inside_the_frame(record, session, long_name, long_title):
    if long_title:
        session.title = ("Supporting residents with " * 8)[:200]
        session.presenter = "Professor " * 20
        session.save()
    if long_name:
        record.user.full_name = ("Alexandra " * 15)[:150]
        record.user.save()
    record.refresh_from_db()
    document = certificates.certificate_document(record)
    assert len(document.pages) == 1
    lines = _line_boxes(document)
    completed = next(top_bottom for text, *top_bottom in lines if "Completed on" in text)
    note = [
        top_bottom for text, *top_bottom in lines if "self-reported" in text or "assessment" in text
    ]
    page_height = document.pages[0].height
    assert completed[1] < note[0][0], "the completion date runs into the note"
    assert note[-1][1] < page_height - 20 * 96 / 25.4, "the note runs off the frame"


@pytest.mark.parametrize(
    "minutes, words",
    [(25, "25 minutes"), (1, "1 minute"), (60, "1 hour"), (90, "1 hour 30 minutes"),
     (121, "2 hours 1 minute"), (0, "0 minutes")],
)  # fmt: skip
def test_length_in_words(minutes, words):
    assert certificates.length_text(minutes) == words


def test_no_certificate_before_completing(client, cast, session):
    make_learning_record(cast.mona, session)
    client.force_login(cast.mona)
    assert client.get(_url(session)).status_code == 404


def test_no_certificate_without_a_record(client, cast, session, record):
    client.force_login(cast.bea)
    assert client.get(_url(session)).status_code == 404


def test_nobody_gets_another_persons_certificate(client, cast, session, record):
    """Not even a project worker or an admin: the certificate is always one's own."""
    for person in (cast.mona, cast.will, cast.ada):
        client.force_login(person)
        assert client.get(_url(session)).status_code == 404


def test_an_archived_session_keeps_its_certificate(client, cast, session, record):
    session.status = "archived"
    session.save()
    client.force_login(cast.sid)
    assert client.get(_url(session)).status_code == 200


def test_without_the_pdf_library_the_page_says_so(client, cast, session, record, monkeypatch):
    """A server without Pango still answers: a plain page instead of a server error."""
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "training" and fromlist and "pdf" in fromlist:
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, globals, locals, fromlist, level)

    client.force_login(cast.sid)
    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    response = client.get(_url(session))
    monkeypatch.undo()
    assert response.status_code == 503
    html = response.content.decode()
    assert "Your certificate cannot be made right now" in html
    assert "24 November 2026" in html
