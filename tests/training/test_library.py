"""The training library: the list, its search and theme filter, progress tags, collections
and the query counts of both pages."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from network.models import Theme
from tests.factories import make_learning_record, make_session
from training import selectors_library
from training.models import Collection, CollectionItem, Session

LIBRARY = reverse("training:library")
COLLECTIONS = reverse("training:collection_list")


def collection_url(collection):
    return reverse("training:collection_detail", args=[collection.pk])


def _get(client, user, url=LIBRARY, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _published(title, days_ago=0, **fields):
    session = make_session(title=title, **fields)
    Session.objects.filter(pk=session.pk).update(
        published_at=timezone.now() - timedelta(days=days_ago)
    )
    return session


# --- The list ---------------------------------------------------------------------------


def test_library_lists_published_sessions_newest_first(client, cast):
    _published("Older session", days_ago=5)
    _published("Newest session", days_ago=0)
    _published("Middle session", days_ago=2)
    make_session(status="draft", title="A draft")
    make_session(status="archived", title="An archived one")
    for user in (cast.sid, cast.will):
        html = _get(client, user)
        assert "3 sessions" in html
        assert html.index("Newest session") < html.index("Middle session")
        assert html.index("Middle session") < html.index("Older session")
        # Drafts and archived sessions never appear in the library, not even for workers.
        assert "A draft" not in html and "An archived one" not in html


def test_each_row_says_who_when_how_long_themes_and_captions(client, cast):
    falls = Theme.objects.get(slug="falls")
    make_session(
        title="With captions",
        upload=True,
        themes=[falls],
        presenter="Dr Jo Patel",
        recorded_on=date(2026, 9, 10),
        duration_minutes=95,
    )
    make_session(title="Without captions", link="https://youtu.be/dQw4w9WgXcQ")
    html = _get(client, cast.sid)
    row, other = html.split("Without captions")[0], html.split("Without captions")[1]
    assert "Dr Jo Patel · Recorded 10 September 2026 · 1 hour 35 minutes" in html
    assert '<strong class="nhsuk-tag nhsuk-tag--white">Falls</strong>' in html
    assert html.count(">Captions</strong>") == 1
    assert ">Captions</strong>" in (row if "With captions" in row else other)


def test_rows_show_the_persons_own_progress(client, cast):
    done = make_session(title="Done one")
    started = make_session(title="Started one")
    make_session(title="Not started")
    make_learning_record(cast.sid, done, completed=True)
    make_learning_record(cast.sid, started)
    html = _get(client, cast.sid)
    assert html.count("Your progress: </span>Completed") == 1
    assert html.count("Your progress: </span>Started") == 1
    assert html.index("Done one") < html.index("Completed</strong>")
    # Mona has no records: no progress tags for her.
    assert "Your progress" not in _get(client, cast.mona)


def test_search_looks_in_title_summary_presenter_and_transcript(client, cast):
    make_session(title="Preventing falls", summary="Moving safely.", presenter="Jo Patel")
    make_session(title="Mouth care", summary="Brushing teeth.", presenter="Sam Reid")
    make_session(
        title="Hydration",
        summary="Drinks rounds.",
        presenter="Kim Lee",
        transcript="Offer a drink with every visit to a resident's room.",
    )
    found = lambda q: {s.title for s in selectors_library.library(q=q)}  # noqa: E731
    assert found("falls") == {"Preventing falls"}
    assert found("teeth") == {"Mouth care"}
    assert found("Sam Reid") == {"Mouth care"}
    assert found("every visit") == {"Hydration"}
    assert found("nothing like this") == set()
    html = _get(client, cast.sid, q="teeth")
    assert "1 session found" in html and "Mouth care" in html and "Hydration" not in html
    html = _get(client, cast.sid, q="zebra")
    assert "0 sessions found" in html and "No sessions match" in html
    assert 'href="/training/">see all sessions</a>' in html


def test_search_on_sqlite_needs_every_word(cast):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL uses full-text search")
    make_session(title="Falls at night", summary="x")
    make_session(title="Falls in the day", summary="x")
    assert [s.title for s in selectors_library.library(q="falls night")] == ["Falls at night"]


def test_theme_filter_and_its_choices(client, cast):
    falls = Theme.objects.get(slug="falls")
    dementia = Theme.objects.get(slug="dementia")
    make_session(title="Falls session", themes=[falls])
    make_session(title="Dementia session", themes=[dementia])
    make_session(status="draft", title="Draft", themes=[Theme.objects.get(slug="digital")])
    html = _get(client, cast.sid, theme=falls.pk)
    assert "1 session found" in html
    assert "Falls session" in html and "Dementia session" not in html
    # Only themes with a published session are offered.
    choices = set(selectors_library.library_themes().values_list("slug", flat=True))
    assert choices == {"falls", "dementia"}
    assert f'<option value="{dementia.pk}">Dementia</option>' in html
    assert "Digital" not in html


def test_a_bad_theme_or_long_search_says_what_is_wrong(client, cast):
    make_session(title="Falls session")
    html = _get(client, cast.sid, theme="9999")
    assert "Choose a theme from the list" in html
    assert "<title>Error: Training" in html
    html = _get(client, cast.sid, q="x" * 201)
    assert "Search must be 200 characters or fewer" in html


def test_the_list_is_paginated_and_keeps_the_search(client, cast):
    for i in range(25):
        _published(f"Falls session {i:02d}", days_ago=i)
    html = _get(client, cast.sid, q="falls")
    assert "25 sessions found" in html
    assert html.count('<li class="nhsuk-card nhsuk-u-margin-bottom-4">') == 20
    assert "q=falls" in html and "page=2" in html
    html = _get(client, cast.sid, q="falls", page=2)
    assert html.count('<li class="nhsuk-card nhsuk-u-margin-bottom-4">') == 5
    assert "Falls session 24" in html


def test_empty_library_says_so(client, cast):
    assert "There are no training sessions yet" in _get(client, cast.sid)


def test_manage_link_is_for_project_workers_only(client, cast):
    make_session()
    assert "Add and change training sessions" not in _get(client, cast.sid)
    try:
        reverse("training:manage")
    except NoReverseMatch:
        pytest.skip("The manage page is not there yet")
    assert "Add and change training sessions" in _get(client, cast.will)


def test_training_is_in_the_navigation(client, cast):
    html = _get(client, cast.sid)
    assert 'href="/training/"' in html and ">Training</a>" in html


# --- Collections ------------------------------------------------------------------------


@pytest.fixture
def qi_collection(cast):
    """Three sessions in order: published, draft, published. Sid completed the first."""
    first = make_session(title="What is a PDSA cycle?")
    draft = make_session(status="draft", title="Measuring change (draft)")
    third = make_session(title="Run charts")
    collection = Collection.objects.create(
        title="Introduction to QI methods", summary="Start here."
    )
    # Added out of order: the page follows `position`.
    for session, position in [(third, 3), (draft, 2), (first, 1)]:
        CollectionItem.objects.create(collection=collection, session=session, position=position)
    make_learning_record(cast.sid, first, completed=True)
    make_learning_record(cast.sid, third)
    return collection


def test_collections_are_listed_first_in_the_library(client, cast, qi_collection):
    only_drafts = Collection.objects.create(title="Coming soon")
    CollectionItem.objects.create(
        collection=only_drafts, session=make_session(status="draft", title="Later")
    )
    html = _get(client, cast.sid)
    assert html.index("Introduction to QI methods") < html.index('id="results"')
    assert "2 sessions · 1 of 2 completed" in html
    assert "Coming soon" not in html
    # Project workers see every collection and count the drafts.
    html = _get(client, cast.will)
    assert "Coming soon" in html and "3 sessions · 0 of 3 completed" in html
    # Not while searching.
    assert "Introduction to QI methods" not in _get(client, cast.sid, q="charts")


def test_collection_list(client, cast, qi_collection):
    html = _get(client, cast.sid, COLLECTIONS)
    assert f'href="{collection_url(qi_collection)}"' in html
    assert '<h2 class="nhsuk-card__heading' in html  # under the h1, not h3
    assert "1 of 2 completed" in html


def test_collection_list_when_there_are_none(client, cast):
    assert "There are no collections yet" in _get(client, cast.sid, COLLECTIONS)


def test_collection_page_lists_published_sessions_in_order(client, cast, qi_collection):
    html = _get(client, cast.sid, collection_url(qi_collection))
    assert "You have completed 1 of 2 sessions." in html
    listed = html.split("Sessions in order")[1]
    assert listed.index("What is a PDSA cycle?") < listed.index("Run charts")
    assert "Measuring change" not in html
    assert "Part 1" in html and "Part 2" in html and "Part 3" not in html
    # A button to the first session not yet completed.
    run_charts = qi_collection.sessions.get(title="Run charts")
    assert (
        f'href="{reverse("training:session_detail", args=[run_charts.pk])}">Carry on with part 2'
        in html
    )


def test_collection_page_shows_drafts_tagged_to_project_workers(client, cast, qi_collection):
    html = _get(client, cast.will, collection_url(qi_collection))
    assert "You have completed 0 of 3 sessions." in html
    listed = html.split("Sessions in order")[1]
    first, draft, third = (
        listed.index("What is a PDSA cycle?"),
        listed.index("Measuring change (draft)"),
        listed.index("Run charts"),
    )
    assert first < draft < third
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">Draft</strong>' in html
    assert "Start with part 1" in html


def test_a_collection_of_drafts_is_not_found_for_learners(client, cast):
    collection = Collection.objects.create(title="Coming soon")
    CollectionItem.objects.create(collection=collection, session=make_session(status="draft"))
    client.force_login(cast.sid)
    assert client.get(collection_url(collection)).status_code == 404
    client.force_login(cast.will)
    assert client.get(collection_url(collection)).status_code == 200


# --- Units ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "minutes, label",
    [
        (0, "Under a minute"),
        (1, "1 minute"),
        (25, "25 minutes"),
        (60, "1 hour"),
        (61, "1 hour 1 minute"),
        (150, "2 hours 30 minutes"),
    ],
)
def test_length_label(minutes, label):
    assert selectors_library.length_label(minutes) == label


@pytest.mark.parametrize(
    "size, label",
    [(0, "0 KB"), (500, "less than 1 KB"), (120 * 1024, "120 KB"), (3_565_158, "3.4 MB")],
)
def test_size_label(size, label):
    assert selectors_library.size_label(size) == label


# --- Query counts -----------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_sessions(cast, n, start=0):
    themes = list(Theme.objects.filter(slug__in=["falls", "dementia"]))
    for i in range(start, start + n):
        session = make_session(title=f"Session {i}", themes=themes)
        if i % 2:
            make_learning_record(cast.sid, session, completed=i % 4 == 1)


@pytest.mark.parametrize("role", ["sid", "will"])
def test_library_query_count_stays_flat(client, cast, role):
    client.force_login(getattr(cast, role))
    collection = Collection.objects.create(title="A collection")
    _add_sessions(cast, 3)
    CollectionItem.objects.create(collection=collection, session=Session.objects.first())
    few = _queries(client, LIBRARY)
    _add_sessions(cast, 27, start=3)
    for i, session in enumerate(Session.objects.all()[:10]):
        other = Collection.objects.create(title=f"Collection {i}")
        CollectionItem.objects.create(collection=other, session=session)
    assert Session.objects.count() == 30
    assert _queries(client, LIBRARY) == few
    assert _queries(client, f"{LIBRARY}?q=Session&theme=" + str(Theme.objects.first().pk)) <= few


def test_collection_page_query_count_stays_flat(client, cast):
    client.force_login(cast.sid)
    collection = Collection.objects.create(title="A collection")

    def add(n, start=0):
        _add_sessions(cast, n, start=start)
        for session in Session.objects.exclude(collection_items__collection=collection):
            CollectionItem.objects.create(collection=collection, session=session)

    add(3)
    few = _queries(client, collection_url(collection))
    add(27, start=3)
    assert _queries(client, collection_url(collection)) == few
    assert _queries(client, COLLECTIONS) == _queries(client, COLLECTIONS)


# --- Search on PostgreSQL ---------------------------------------------------------------


def test_search_uses_full_text_on_postgres(cast):
    make_session(title="Preventing falls", summary="Residents who fall at night")
    make_session(title="Mouth care", summary="Brushing")
    found = [s.title for s in selectors_library.library(q="falling")]
    if connection.vendor == "postgresql":
        assert found == ["Preventing falls"]  # stemmed: "falling" finds "falls"
    else:
        assert found == []  # plain contains


def test_search_index_is_used_on_postgres(cast):
    if connection.vendor != "postgresql":
        pytest.skip("The full-text index exists on PostgreSQL only")
    make_session(title="Preventing falls")
    # search_vector() is the index's expression, so the planner can use the index ...
    qs = selectors_library.search_sessions(Session.objects.all(), "falls at night")
    assert "training_session_search_gin" in _plan(qs.values("pk"))
    # ... and for the library's own query (published only, newest first) once there are
    # many published sessions. Scans are switched off because whether the planner prefers
    # one over an index depends on statistics that vary between runs; what matters is that
    # with thousands of published sessions the search index beats the status index.
    Session.objects.bulk_create(
        Session(
            title=f"Session {i} on mouth care",
            summary="Brushing and checking",
            presenter="Sam Reid",
            recorded_on=date(2026, 1, 1),
            duration_minutes=20,
            status="published",
            published_at=timezone.now(),
        )
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE training_session")
    plan = _plan(selectors_library.library(q="falls"))
    assert "training_session_search_gin" in plan, plan


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("count, linked", [(6, False), (7, True)])
def test_the_library_shows_six_collections_and_links_to_the_rest(client, cast, count, linked):
    """At national scale there are hundreds of collections: the library's first page shows
    six (a page of 300 cards weighed 170 KB) and links to the full list."""
    session = make_session(title="What is a PDSA cycle?")
    for number in range(count):
        collection = Collection.objects.create(title=f"Collection {number}")
        CollectionItem.objects.create(collection=collection, session=session, position=1)
    client.force_login(cast.sid)
    response = client.get(reverse("training:library"))

    assert len(response.context["collections"]) == 6
    assert ("See all collections" in response.content.decode()) is linked
