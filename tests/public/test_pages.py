"""The public learning pages as a visitor without an account reads them: what is there,
what is not, addresses, titles and link previews, and no cookies."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publicpages.paths import case_study_path, collection_path, session_path
from tests.factories import make_project, make_session
from tests.public.items import COMMENT, NOTE
from training.models import Collection, CollectionItem


def _html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def _meta(html: str, attr: str, name: str) -> str:
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    assert match, f"no {name} meta tag"
    return match.group(1)


def test_the_index_lists_public_items_and_nothing_else(client, items):
    html = _html(client, reverse("public:index"))
    for name in ("p_session", "p_link"):
        assert items[name].title in html
        assert session_path(items[name]) in html
    assert collection_path(items["p_collection"]) in html
    for name in ("p_named", "p_unnamed"):
        assert case_study_path(items[name]) in html
    for name in ("p_draft", "p_archived", "p_members_session"):
        assert items[name].title not in html
    assert "Nothing public yet" not in html  # a public collection with no public session
    assert "Members&#x27; collection" not in html
    assert "Calmer medicine rounds" not in html  # shared, not public
    assert "Our private project" not in html
    # Home B did not agree to be named; home A did.
    assert "Birch House" not in html
    assert "A care home in Solent ICB area" in html
    assert "Oak House" in html


def test_a_public_session_plays_its_video_with_captions_and_handouts(client, items):
    session = items["p_session"]
    html = _html(client, session_path(session))
    assert f'src="{reverse("public:session_video", args=[session.pk])}"' in html
    assert f'src="{reverse("public:session_captions", args=[session.pk])}"' in html
    assert reverse("public:handout", args=[items["p_handout"].pk]) in html
    assert "Dr Jo Patel, GP" in html
    # Part 1 of 1 in the public collection: the members-only session is not counted.
    assert "Part 1 of 1 in" in html
    assert collection_path(items["p_collection"]) in html
    # Nothing points into the members' portal except signing in.
    assert "/training/" not in html.replace("/learn/training/", "")


def test_a_presenter_who_works_at_a_care_home_is_not_named(client, cast, items):
    html = _html(client, session_path(items["p_link"]))
    assert cast.sid.full_name not in html
    assert "A member of care home staff" in html
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html


@pytest.mark.parametrize(
    "line",
    [
        "{name} - senior carer at Oak House",
        "Ann Cole (nurse) / {name}",
        "Talk by Ann Cole and {name}",
        "{name}; Oak House",
    ],
)
def test_a_care_home_presenter_is_not_named_however_the_line_is_written(client, cast, items, line):
    session = items["p_link"]
    session.presenter = line.format(name=cast.sid.full_name)
    session.save()
    html = _html(client, session_path(session))
    assert cast.sid.full_name not in html
    assert "A member of care home staff" in html


def test_a_presenter_from_outside_care_homes_is_named(client, items):
    session = items["p_link"]
    session.presenter = "Helen Price - community matron at Solent NHS Trust"
    session.save()
    assert "Helen Price - community matron" in _html(client, session_path(session))


@pytest.mark.parametrize("name", ["p_draft", "p_archived", "p_members_session"])
def test_sessions_that_are_not_public_are_not_found(client, items, name):
    assert client.get(session_path(items[name])).status_code == 404


def test_a_wrong_or_old_slug_redirects_for_good_to_the_right_address(client, items):
    session = items["p_session"]
    response = client.get(reverse("public:session", args=[session.pk, "old-title"]))
    assert response.status_code == 301
    assert response["Location"] == session_path(session)
    project = items["p_named"]
    response = client.get(reverse("public:case_study", args=[project.pk, "x"]))
    assert response.status_code == 301
    assert response["Location"] == case_study_path(project)
    # A made-up number is not found, whatever the slug.
    assert client.get(reverse("public:session", args=[987654, "x"])).status_code == 404


def test_a_collection_shows_only_its_public_sessions(client, items):
    html = _html(client, collection_path(items["p_collection"]))
    assert items["p_session"].title in html
    assert items["p_members_session"].title not in html
    assert items["p_draft"].title not in html
    assert "1 session." in html
    for name in ("p_empty_collection", "p_members_collection"):
        assert client.get(collection_path(items[name])).status_code == 404


def test_a_named_case_study_names_the_home_and_no_staff(client, cast, items):
    project = items["p_named"]
    html = _html(client, case_study_path(project))
    assert "Oak House" in html
    assert project.what_changed in html and project.benefit_for_residents in html
    assert "Night-time comfort rounds" in html and "Rounds helped." in html
    assert "<svg" in html  # the key measure's chart
    for person in (cast.sid, cast.mona, cast.will, cast.bea, cast.pat, cast.ada):
        assert person.full_name not in html, person.full_name
    assert COMMENT not in html
    assert NOTE not in html  # chart notes can say anything
    assert "Sid and Mona" not in html  # the cycle's plan


def test_an_unnamed_case_study_says_a_care_home_in_its_icb_area(client, cast, items):
    html = _html(client, case_study_path(items["p_unnamed"]))
    assert "Birch House" not in html
    assert cast.home_b.area.name not in html  # the locality is too close
    assert "A care home in Solent ICB area" in html
    assert cast.bea.full_name not in html


def test_other_homes_in_a_collaborative_are_counted_not_named(client, cast, items):
    project = items["p_named"]
    project.participating_homes.add(cast.home_b)
    html = _html(client, case_study_path(project))
    assert "with 1 other care home" in html
    assert "Birch House" not in html


@pytest.mark.parametrize("name", ["p_shared", "p_home_only"])
def test_case_studies_that_are_not_public_are_not_found(client, items, name):
    assert client.get(case_study_path(items[name])).status_code == 404


def test_titles_descriptions_and_link_previews(client, settings, items):
    settings.SITE_URL = "https://learn.example.org"
    session = items["p_session"]
    html = _html(client, session_path(session))
    assert f"<title>{session.title} – " in html
    assert _meta(html, "name", "description") == session.summary
    assert _meta(html, "property", "og:title") == session.title
    assert _meta(html, "property", "og:description") == session.summary
    url = f"https://learn.example.org{session_path(session)}"
    assert _meta(html, "property", "og:url") == url
    assert _meta(html, "property", "og:type") == "video.other"
    assert f'<link rel="canonical" href="{url}">' in html
    html = _html(client, case_study_path(items["p_unnamed"]))
    assert "<title>Case study: Drink more, feel better – " in html
    assert _meta(html, "property", "og:type") == "article"
    assert _meta(html, "name", "description").startswith("A care home in Solent ICB area: ")


def test_a_long_summary_is_cut_at_a_word_for_the_description(client, items):
    session = items["p_session"]
    session.summary = "Word " * 80
    session.save()
    description = _meta(_html(client, session_path(session)), "name", "description")
    assert len(description) <= 160 and description.endswith("Word…")


def test_public_pages_set_no_cookies_and_have_no_forms(client, items):
    paths = [
        reverse("public:index"),
        session_path(items["p_session"]),
        collection_path(items["p_collection"]),
        case_study_path(items["p_named"]),
        reverse("public:session_video", args=[items["p_session"].pk]),
        reverse("sitemap"),
        reverse("robots_txt"),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
        assert not response.cookies, path
        if response["Content-Type"].startswith("text/html"):
            assert "<form" not in response.content.decode(), path
    assert not client.cookies


def test_members_read_the_same_public_pages_with_a_link_back(client, cast, items):
    client.force_login(cast.mona)
    html = _html(client, session_path(items["p_session"]))
    assert "Go to the members' portal" in html
    assert "<form" not in html  # no sign-out form: no CSRF cookie here either
    assert client.get(session_path(items["p_draft"])).status_code == 404


# --- Queries ----------------------------------------------------------------------------------


def _queries(client, path) -> int:
    client.get(path)  # this month's view count exists from now on: one UPDATE each time
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _more(cast, n, start):
    collection = Collection.objects.get(title="Introduction to QI methods")
    for i in range(start, start + n):
        session = make_session(title=f"Session {i}", is_public=True)
        CollectionItem.objects.create(collection=collection, session=session, position=10 + i)
        extra = Collection.objects.create(title=f"Course {i}", is_public=True)
        CollectionItem.objects.create(collection=extra, session=session, position=1)
        make_project(cast.home_a, shared=True, title=f"Project {i}", is_public=True)


def test_the_index_reads_the_same_number_of_queries_as_items_grow(client, cast, items):
    path = reverse("public:index")
    few = _queries(client, path)
    _more(cast, 12, 0)
    many = _queries(client, path)
    assert many == few
    html = client.get(path).content.decode()
    assert "Session 11" in html and "Course 11" in html and "Project 11" in html


def test_a_collection_reads_the_same_number_of_queries_as_sessions_grow(client, cast, items):
    path = collection_path(items["p_collection"])
    few = _queries(client, path)
    _more(cast, 12, 0)
    many = _queries(client, path)
    assert many == few
    assert "Session 11" in client.get(path).content.decode()
