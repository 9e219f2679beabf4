"""The one-page project PDF and portal.pdf's local-only rendering."""

import shutil
import socket
import subprocess
import urllib.request

import pytest
from django.urls import reverse

from portal import pdf
from qi_cycles import pdf as project_pdfs
from qi_cycles import selectors_measures
from tests.factories import make_change_idea, make_cycle, make_measure, make_project

LONG = "Residents were asked what they like to drink and when. " * 40


def page_text(document, page=0) -> str:
    """The words laid out on a page of a weasyprint Document."""

    def walk(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from walk(child)

    return " ".join(walk(document.pages[page]._page_box))


@pytest.fixture
def project(cast):
    project = make_project(
        cast.home_a,
        shared=True,
        title='Fewer falls / "at night"',
        coach=cast.will,
        what_changed="Falls at night halved after eight weeks.",
        benefit_for_residents="Residents sleep better.",
    )
    idea = make_change_idea(project, title="Night-time comfort rounds")
    make_cycle(
        idea,
        objective="Hourly rounds on one corridor",
        decision="adapt",
        study_learning="Rounds woke some residents",
    )
    make_cycle(idea, number=2, objective="Quiet rounds with a torch", decision="adopt")
    return project


def test_pdf_download(client, cast, project):
    client.force_login(cast.bea)
    response = client.get(reverse("qi:project_pdf", args=[project.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="fewer-falls-at-night-improvement-project.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_pdf_of_a_home_only_project_is_hidden_from_other_homes(client, cast):
    hidden = make_project(cast.home_a, title="Private")
    client.force_login(cast.bea)
    assert client.get(reverse("qi:project_pdf", args=[hidden.pk])).status_code == 404


def test_pdf_is_one_page_with_the_title_aim_cycles_and_learning(project):
    document = project_pdfs.project_document(project)
    assert len(document.pages) == 1
    text = page_text(document)
    for words in (
        "at night",  # the title
        "Oak House",
        "Reduce falls at night",
        "Planning",  # the status
        "Quiet rounds with a torch",
        "Adopt",
        "Adapt",
        "Rounds woke some residents",
        "Falls at night halved",
        "Residents sleep better.",
        "Care Home Improvement Network",
    ):
        assert words in text, words
    assert document.metadata.title.startswith('Fewer falls / "at night"')


@pytest.mark.parametrize("key_measures", [0, 1, 2])
def test_pdf_stays_on_one_page_with_long_text_and_many_cycles(project, key_measures):
    for i in range(key_measures):
        values = [5, 4, 6, 5, 3, 2, 2, 1, 2, 3, 1, 2] * 4
        make_measure(
            project,
            values=values,
            is_key=True,
            target=3,
            chart_kind="xmr" if i == 0 else "run",
            name=f"Measure {i} " + "word " * 30,
        )
    project.title = "Long " * 40
    project.what_changed = LONG
    project.benefit_for_residents = LONG
    project.problem = LONG
    project.aim_what = "Reduce falls " * 23
    project.aim_for_whom = "residents " * 30
    project.save()
    for i in range(6):
        idea = make_change_idea(project, title=(f"Idea {i} " + "word " * 40)[:200])
        for n in range(1, 5):
            make_cycle(idea, number=n, objective="x" * 300, study_learning=LONG)
    document = project_pdfs.project_document(project)
    assert len(document.pages) == 1
    shown = 8 if key_measures == 0 else 6
    assert f"And {26 - shown} earlier cycles" in page_text(document)


def test_pdf_is_tagged_for_screen_readers(project, tmp_path):
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "project.pdf"
    path.write_bytes(project_pdfs.project_pdf(project))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    assert "Pages:           1" in info


# --- Nothing is fetched from outside ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/report.css",
        "https://portal.invalid.example.com/static/css/report.css",
        "file:///etc/passwd",
        "ftp://example.com/x.css",
        "data:text/css,body{}",
        "https://portal.invalid/static/../../../etc/passwd",
        "https://portal.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://portal.invalid/media/upload.png",
        "https://portal.invalid/static/css/missing.css",
        "/static/css/report.css",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.LocalFetcher().fetch(url)


def test_fetcher_serves_our_static_files_from_disk():
    response = pdf.LocalFetcher().fetch("https://portal.invalid/static/css/report.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_remote_images_and_stylesheets_are_never_fetched(monkeypatch):
    attempts = []
    monkeypatch.setattr(socket.socket, "connect", lambda *a: attempts.append(a))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda *a, **k: attempts.append(a))
    asked = []
    real_fetch = pdf.LocalFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf.LocalFetcher, "fetch", spy)
    html = (
        '<html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="https://example.com/evil.css">'
        '<link rel="stylesheet" href="/static/css/report.css"></head>'
        '<body><h1>Hello</h1><img src="http://127.0.0.1:9/tracker.png" alt="">'
        '<img src="file:///etc/hostname" alt="">'
        '<div style="background: url(https://example.org/bg.png)">x</div></body></html>'
    )
    document = pdf.html_document(html, stylesheets=["css/report.css"])
    assert pdf.write_pdf(document).startswith(b"%PDF-")
    assert attempts == []
    assert "https://example.com/evil.css" in asked
    assert "http://127.0.0.1:9/tracker.png" in asked
    assert "https://portal.invalid/static/css/report.css" in asked


def test_stylesheets_and_fonts_are_built_once():
    assert pdf.stylesheet("css/report.css") is pdf.stylesheet("css/report.css")
    assert pdf.font_config() is pdf.font_config()
    with pytest.raises(FileNotFoundError):
        pdf.stylesheet("css/nothing-here.css")


def test_pdf_shows_up_to_two_key_measure_charts_with_summaries(project):
    for name in ("Falls at night", "Residents checked hourly", "Staff on shift"):
        make_measure(project, values=[5, 4, 6, 5, 3, 2, 2, 1], is_key=True, name=name)
    make_measure(project, values=[1, 2, 3], name="Not a key measure")
    document = project_pdfs.project_document(project)
    text = page_text(document)
    assert len(document.pages) == 1
    assert "Falls at night" in text and "Residents checked hourly" in text
    assert "Staff on shift" not in text and "Not a key measure" not in text
    summary = dict(selectors_measures.charts_for(project, key_only=True))
    for measure, chart in list(summary.items())[:2]:
        assert chart["summary"].split(":")[0] in text, measure


def test_pdf_without_the_pdf_library_says_so(client, cast, monkeypatch):
    """A server without Pango still answers: a plain page instead of a server error."""
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "qi_cycles" and fromlist and "pdf" in fromlist:
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, globals, locals, fromlist, level)

    project = make_project(cast.home_a)
    client.force_login(cast.mona)
    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    response = client.get(reverse("qi:project_pdf", args=[project.pk]))
    monkeypatch.undo()
    assert response.status_code == 503
    assert "The PDF cannot be made right now" in response.content.decode()
