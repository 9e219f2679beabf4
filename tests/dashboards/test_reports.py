"""The one-page PDF reports: the area summary (dashboards:area_pdf), a care home's summary
(dashboards:home_pdf) and the staff-room poster of a project (dashboards:poster)."""

import shutil
import socket
import subprocess
import urllib.request
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from dashboards import pdf as reports
from dashboards import selectors_home
from dashboards.filters import scope_for
from network.models import Theme
from portal import pdf
from qi_cycles.models import Project
from tests.dashboards.test_home import (
    attended,
    need,
    other_icb_home,
    past_event,
    rating_answers,
    staff,
)
from tests.factories import (
    make_change_idea,
    make_cycle,
    make_learning_record,
    make_measure,
    make_project,
    make_session,
)
from tests.qi_cycles.test_pdf import page_text

LONG = "Residents told us what matters to them and when they like to do it. " * 30
TWELVE_MONTHS = selectors_home.period_of(12)


def pdf_text(body: bytes, tmp_path) -> str:
    """The words pdftotext reads from the PDF (as a reader's copy and paste would)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def pdf_pages(body: bytes, tmp_path) -> int:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[-1])


def words(document) -> str:
    """The words laid out on the first page, in document order, single spaced."""
    return " ".join(page_text(document).split())


def download(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")
    return response


def area_scope(user, **params):
    data = QueryDict(mutable=True)
    data.update({key: str(value) for key, value in params.items()})
    return scope_for(user, data)[1]


# --- The home summary ---------------------------------------------------------------------


@pytest.fixture
def busy_home(cast):
    need(cast.home_a, answered_after=timedelta(days=2))
    need(cast.home_a, answered_after=timedelta(days=4))
    need(cast.home_b)
    private = make_project(cast.home_a, title="Quiet nights", status=Project.Status.TESTING)
    make_measure(private, values=[5, 4, 6, 5], is_key=True, name="Night-time calls")
    shared = make_project(cast.home_a, shared=True, title="Better hydration")
    make_measure(shared, values=[5, 6, 7, 8, 9, 10, 11], is_key=True, name="Drinks offered")
    session = make_session()
    for person in staff(cast.home_a, 6):
        make_learning_record(person, session, completed=True, organisation=cast.home_a)
    rating_answers(cast.home_a, [4, 4, 5, 3, 4], Theme.objects.get(slug="falls"))
    return cast.home_a


def test_home_summary_downloads_as_one_tagged_page_with_the_homes_figures(
    client, cast, busy_home, tmp_path
):
    url = reverse("dashboards:home_pdf", args=[busy_home.pk])
    response = download(client, cast.mona, url)
    assert response["Content-Disposition"] == 'attachment; filename="oak-house-summary.pdf"'
    assert pdf_pages(response.content, tmp_path) == 1
    assert "Care home summary" in pdf_text(response.content, tmp_path)
    text = words(reports.home_document(cast.mona, busy_home, TWELVE_MONTHS))
    for words_ in (
        "Oak House",
        "Solent ICB area",
        "Needs posted 2 1.5",  # Oak House, then the average home in the area
        "Time to a first response 3 days",
        "People who started a session 6",
        "Sessions completed 6",
        "Falls 4.0",
        "Night-time calls",  # a home-only project's key measure, for the home's manager
        "Drinks offered",
        "Care Home Improvement Network",
    ):
        assert words_ in text, words_


def test_home_summary_for_a_partner_names_only_shared_projects(client, cast, busy_home, tmp_path):
    url = reverse("dashboards:home_pdf", args=[busy_home.pk])
    text = pdf_text(download(client, cast.pat, url).content, tmp_path)
    assert "Drinks offered" in text
    assert "Night-time calls" not in text and "Quiet nights" not in text
    assert "Projects shared with the network only" in text


def test_home_summary_follows_the_chosen_period(client, cast, tmp_path):
    need(cast.home_a, days_ago=150)
    url = reverse("dashboards:home_pdf", args=[cast.home_a.pk])
    text = " ".join(pdf_text(download(client, cast.mona, url, months=3).content, tmp_path).split())
    assert "The last 3 months" in text
    assert "Needs posted 0" in text
    # A period that is not offered falls back to the last 12 months.
    text = " ".join(pdf_text(download(client, cast.mona, url, months=7).content, tmp_path).split())
    assert "The last 12 months" in text
    assert "Needs posted 1" in text


def test_home_summary_is_hidden_like_the_dashboard(client, cast):
    client.force_login(cast.bea)
    url = reverse("dashboards:home_pdf", args=[cast.home_a.pk])
    assert client.get(url).status_code == 404
    client.force_login(cast.pat)
    elsewhere = other_icb_home(cast)
    assert client.get(reverse("dashboards:home_pdf", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("dashboards:home_pdf", args=[cast.icb.pk])).status_code == 404


def test_home_summary_stays_on_one_page_with_everything_at_its_longest(cast):
    home = cast.home_a
    home.name = "The Very Long Named Residential and Nursing Care Home " * 2
    home.save()
    for i in range(12):
        theme = Theme.objects.create(name=f"A theme with a long name number {i}", slug=f"t{i}")
        rating_answers(home, [3, 4, 5, 4, 3], theme)
    for i in range(7):
        project = make_project(home, title="Long project title " * 10)
        make_measure(
            project, values=[5, 4, 6, 5, 3, 2, 2, 1], is_key=True, name=f"{i} " + "word " * 38
        )
    document = reports.home_document(cast.mona, home, TWELVE_MONTHS)
    assert len(document.pages) == 1
    text = page_text(document)
    assert "And 3 more on the home dashboard" in text
    assert "And 4 more themes on the home dashboard" in text


# --- The poster ---------------------------------------------------------------------------


@pytest.fixture
def project(cast):
    project = make_project(
        cast.home_a,
        shared=True,
        title="Better hydration",
        what_changed="A drinks trolley goes round at 3pm, with each resident's favourite.",
        benefit_for_residents="Fewer urine infections and less confusion.",
        coach=cast.will,
    )
    project.team.add(cast.mona, cast.sid)
    make_measure(project, values=[5, 6, 5, 7, 8, 9, 10, 11, 12], is_key=True, name="Drinks")
    return project


def test_poster_downloads_as_one_page_with_the_aim_chart_and_what_changed(
    client, cast, project, tmp_path
):
    url = reverse("dashboards:poster", args=[project.pk])
    response = download(client, cast.sid, url)
    assert response["Content-Disposition"] == 'attachment; filename="better-hydration-poster.pdf"'
    assert pdf_pages(response.content, tmp_path) == 1
    assert "Better hydration" in pdf_text(response.content, tmp_path)
    text = words(reports.poster_document(project))
    for words_ in (
        "Improvement project at Oak House",
        "Better hydration",
        "Our aim",
        "Reduce falls at night for residents on the first floor by half",
        "How we are doing",
        "Drinks",
        "What we changed",
        "A drinks trolley goes round at 3pm",
        "Fewer urine infections",
        "Talk to Mona, Sid, or our coach Will",
    ):
        assert words_ in text, words_


def test_poster_uses_the_same_chart_as_the_project_page(project):
    context = reports.poster_context(project)
    assert context["measure"].name == "Drinks"
    document = reports.poster_document(project)
    assert context["chart"]["summary"].split(":")[0] in page_text(document)


def test_poster_lists_adopted_changes_when_the_team_wrote_nothing(cast):
    project = make_project(cast.home_a, title="Calmer mornings")
    for title, decision in (("Later breakfasts", "adopt"), ("Music", "abandon"), ("Radio", "")):
        make_cycle(make_change_idea(project, title=title), decision=decision)
    text = page_text(reports.poster_document(project))
    assert "Changes we tested and kept" in text
    assert "Later breakfasts" in text
    assert "Music" not in text and "Radio" not in text
    assert "We have not recorded any measures yet" in text


def test_poster_without_a_key_measure_uses_the_first_measure_with_values(cast):
    project = make_project(cast.home_a, title="Calmer mornings")
    make_measure(project, values=[], is_key=True, name="Empty key measure")
    make_measure(project, values=[1, 2, 3, 4], name="Mornings with music")
    context = reports.poster_context(project)
    assert context["measure"].name == "Mornings with music"


def test_poster_stays_on_one_page_with_long_text(cast):
    project = make_project(
        cast.home_a,
        title="Long " * 40,
        aim_what="Reduce falls " * 23,
        aim_for_whom="residents " * 30,
        what_changed=LONG,
        benefit_for_residents=LONG,
    )
    make_measure(
        project,
        values=[5, 4, 6, 5, 3, 2, 2, 1, 2, 3, 1, 2] * 4,
        is_key=True,
        target=3,
        chart_kind="xmr",
        name="Measure " + "word " * 30,
    )
    assert len(reports.poster_document(project).pages) == 1
    project.what_changed = ""
    project.save()
    for i in range(8):
        make_cycle(make_change_idea(project, title=f"{i} " + "idea " * 39), decision="adopt")
    document = reports.poster_document(project)
    assert len(document.pages) == 1
    assert "And 4 more." in page_text(document)


@pytest.mark.parametrize("who", ["bea", "pat"])
def test_poster_of_a_home_only_project_does_not_exist_for_outsiders(client, cast, who):
    private = make_project(cast.home_a, title="Quiet nights")
    client.force_login(getattr(cast, who))
    assert client.get(reverse("dashboards:poster", args=[private.pk])).status_code == 404
    assert client.get(reverse("dashboards:poster", args=[987654])).status_code == 404


# --- The area summary ---------------------------------------------------------------------


def test_area_summary_for_a_partner_counts_only_her_areas(client, cast, tmp_path):
    elsewhere = other_icb_home(cast)
    for _ in range(3):
        need(cast.home_a)
    for _ in range(5):
        need(elsewhere)
    shared = make_project(cast.home_a, shared=True, title="Better hydration")
    make_measure(shared, values=[5, 6, 7, 8, 9, 10, 11], is_key=True, name="Drinks offered")
    response = download(client, cast.pat, reverse("dashboards:area_pdf"))
    name = response["Content-Disposition"]
    assert name.startswith('attachment; filename="area-summary-solent-icb-area-')
    assert pdf_pages(response.content, tmp_path) == 1
    assert "Solent ICB area" in pdf_text(response.content, tmp_path)
    text = words(reports.area_document(area_scope(cast.pat)))
    assert "2 care homes taking part" in text
    assert "3 needs posted" in text
    assert "Needs posted 3" in text
    assert "Drinks offered" in text and "Oak House" in text
    # The whole network, for a project worker: Cedar House's 5 needs too.
    download(client, cast.will, reverse("dashboards:area_pdf"))
    text = words(reports.area_document(area_scope(cast.will)))
    assert "The whole network" in text
    assert "8 needs posted" in text


def test_area_summary_keeps_the_dashboards_filters(client, cast, tmp_path):
    need(cast.home_a, days_ago=150)
    need(cast.home_a, days_ago=10)
    url = reverse("dashboards:area_pdf")
    today = timezone.localdate()
    start = today - timedelta(days=30)
    params = {
        "start_day": start.day,
        "start_month": start.month,
        "start_year": start.year,
        "end_day": today.day,
        "end_month": today.month,
        "end_year": today.year,
        "area": cast.home_a.area_id,
    }
    response = download(client, cast.pat, url, **params)
    assert "area-summary-southampton-" in response["Content-Disposition"]
    text = words(reports.area_document(area_scope(cast.pat, **params)))
    assert "Southampton" in text
    assert "1 need posted" in text
    # Filters that make no sense are left out, as on the dashboard.
    response = download(client, cast.pat, url, area="987654")
    assert "area-summary-solent-icb-area-" in response["Content-Disposition"]
    text = words(reports.area_document(area_scope(cast.pat, area="987654")))
    assert "Solent ICB area" in text and "2 needs posted" in text


@pytest.mark.parametrize("who", ["mona", "sid"])
def test_care_homes_cannot_download_the_area_summary(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("dashboards:area_pdf")).status_code == 403


def test_area_summary_stays_on_one_page_with_everything_at_its_longest(cast):
    theme_names = [f"A theme with a rather long name, number {i}" for i in range(10)]
    for i, name in enumerate(theme_names):
        theme = Theme.objects.create(name=name, slug=f"long-{i}")
        rating_answers(cast.home_a, [3, 4, 5, 4, 3], theme)
        rating_answers(cast.home_b, [3, 4, 5, 4, 3], theme, days_ago=200)
    for i in range(8):
        project = make_project(cast.home_a, shared=True, title="Long project title " * 10)
        make_measure(project, values=[5, 4, 6, 5, 3, 2, 2, 1], is_key=True, name="word " * 39)
        endorsed = need(cast.home_b)
        endorsed.title = "A need with a very long title that goes on and on " * 3
        endorsed.save()
    event = past_event()
    attended(event, staff(cast.home_a, 5))
    document = reports.area_document(area_scope(cast.will))
    assert len(document.pages) == 1
    text = page_text(document)
    assert "And 3 more on the area dashboard" in text


# --- Nothing is fetched from outside, and no PDF library ----------------------------------


def test_reports_fetch_only_our_own_stylesheet_and_never_a_remote_image(cast, monkeypatch):
    attempts, asked = [], []
    monkeypatch.setattr(socket.socket, "connect", lambda *a: attempts.append(a))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda *a, **k: attempts.append(a))
    real_fetch = pdf.LocalFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf.LocalFetcher, "fetch", spy)
    remote = '<img src="http://127.0.0.1:9/tracker.png" alt="">'
    cast.home_a.name = f"Oak House {remote}"
    cast.home_a.save()
    project = make_project(
        cast.home_a, shared=True, title=f"Hydration {remote}", what_changed=remote
    )
    make_measure(project, values=[1, 2, 3], is_key=True, name=remote)
    need(cast.home_a).themes.add(Theme.objects.get(slug="falls"))
    documents = [
        reports.home_document(cast.mona, cast.home_a, TWELVE_MONTHS),
        reports.poster_document(project),
        reports.area_document(area_scope(cast.will)),
    ]
    for document in documents:
        assert pdf.write_pdf(document).startswith(b"%PDF-")
        # The markup is shown as text, never loaded.
        assert "tracker.png" in page_text(document)
    assert attempts == []
    assert all(url.startswith("https://portal.invalid/static/") for url in asked), asked
    # And were the markup ever to reach a report's layout, the fetcher refuses it.
    html = f'<html lang="en"><head><title>t</title></head><body>{remote}</body></html>'
    assert pdf.write_pdf(pdf.html_document(html, stylesheets=reports.STYLESHEETS))
    assert "http://127.0.0.1:9/tracker.png" in asked
    assert attempts == []


@pytest.mark.parametrize(
    ("name", "who", "args"),
    [("dashboards:home_pdf", "mona", "home"), ("dashboards:area_pdf", "will", None)],
)
def test_without_the_pdf_library_the_page_says_so(client, cast, monkeypatch, name, who, args):
    """A server without Pango still answers: a plain page instead of a server error."""
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(module, globals=None, locals=None, fromlist=(), level=0):
        if module == "dashboards" and fromlist and "pdf" in fromlist:
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(module, globals, locals, fromlist, level)

    client.force_login(getattr(cast, who))
    url = reverse(name, args=[cast.home_a.pk] if args else [])
    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    response = client.get(url)
    monkeypatch.undo()
    assert response.status_code == 503
    assert "The PDF cannot be made right now" in response.content.decode()


def test_chart_sizes_keep_each_charts_shape():
    chart = {"id": "chart-7", "width": 372, "height": 162}
    assert reports.chart_sizes((chart, 62), (None, 62)) == [("chart-7", 62, 27.0)]
