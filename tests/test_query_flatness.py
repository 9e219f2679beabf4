"""Flatness: a list page reads the same number of SQL queries with 1 row as with 20.

tests/test_query_budgets.py caps the count of every page; this module and the tests below
prove the count does not grow with rows. The map of list pages and where each is proved:

- needs list and a need's page: tests/surveys/test_needs.py
- survey results: tests/surveys/test_surveys_views.py (test_results_queries_stay_flat)
- surveys list, a survey's answers as CSV: here
- improvement projects list and a project's page: tests/qi_cycles/test_projects.py
- cycles (ramps) list: tests/qi_cycles/test_cycles.py (test_ramps_list_queries_do_not_grow)
- a measure's page: tests/qi_cycles/test_measures.py
- shared projects library and a story: tests/qi_cycles/test_sharing.py
- driver diagram page: here
- training library, a collection's page: tests/training/test_library.py
- training collections list: here
- a session's page: tests/training/test_library_session.py
- learning records (My learning): tests/training/test_learning_pages.py
- manage sessions, collection order: tests/training/test_authoring_publishing.py,
  tests/training/test_authoring_collections.py
- cascades list: tests/training/test_impact_cascade.py; training analytics:
  tests/training/test_impact_analytics.py; training for a need:
  tests/training/test_library_needs.py
- events list and an event's page: tests/network/test_events_views.py
- a series' page, feedback on an event: here
- directory (people and organisations): tests/network/test_directory.py
- organisations list, members list: tests/network/test_members.py checks a ceiling with 3
  and 30 rows; here they must be equal with 1 and 20
- themes list: here
- agreement signatures: tests/network/test_agreement.py; profile: tests/network/test_profiles.py
- local services list, suggestions, your suggestions: tests/localservices/test_pages.py;
  services for a need: tests/localservices/test_needs.py
- network measures pages (index, measure, returns, status): tests/outcomes/test_pages.py;
  outcomes on the dashboard: tests/outcomes/test_dashboard.py
- dashboards: tests/dashboards/test_home.py, tests/dashboards/test_area_queries.py
- public index and a public collection: tests/public/test_pages.py
- sitemap: here
- the home page (what needs your attention, several short lists): here
- the audit log: tests/audit/test_page.py (test_the_same_queries_with_1_and_20_rows)
- your data download (JSON and CSV): tests/privacy/test_export.py; requests to erase
  accounts: tests/privacy/test_erasure.py

Each test below adds 1 row, warms the session, counts; adds 19 more, counts again; and
checks the rows are on the page, so the count compared is the count of a page showing them.
"""

from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Event, EventFeedback, EventSeries, Invitation, Theme
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    make_change_idea,
    make_learning_record,
    make_project,
    make_session,
)
from tests.surveys.test_surveys_support import make_survey, submit
from training.models import Collection, CollectionItem

pytestmark = pytest.mark.django_db

_serial = count()


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def assert_flat(client, user, url, add, marker, *, capped=False):
    """`add(n)` adds n rows; each row shows `marker` at least as often as the first one
    (or, on a page that shows only the first few, `capped`, more than the first alone)."""
    if user is not None:
        client.force_login(user)
    add(1)
    client.get(url)  # warm the session
    few, page = _queries(client, url)
    shown = page.count(marker)
    assert shown >= 1, f"the row is not on {url}"
    add(19)
    many, page = _queries(client, url)
    assert page.count(marker) >= (shown + 1 if capped else shown * 20), f"new rows not on {url}"
    assert many == few, f"{url}: {few} queries with 1 row, {many} with 20"


def test_surveys_list(client, cast):
    def add(n):
        for _ in range(n):
            make_survey(title=f"Flat survey {next(_serial)}")

    assert_flat(client, cast.sid, reverse("surveys:survey_list"), add, "Flat survey ")


def test_themes_list(client, cast):
    def add(n):
        for _ in range(n):
            i = next(_serial)
            Theme.objects.create(name=f"Flat theme {i}", slug=f"flat-theme-{i}")

    assert_flat(client, cast.will, reverse("network:theme_list"), add, "Flat theme ")


def test_organisations_list(client, cast):
    def add(n):
        for _ in range(n):
            home = OrganisationFactory(area=cast.home_a.area, name=f"Flat home {next(_serial)}")
            MembershipFactory(organisation=home)

    assert_flat(client, cast.will, reverse("network:organisation_list"), add, "Flat home ")


@pytest.mark.parametrize("role", ["sid", "mona"])
def test_members_list(client, cast, role):
    def add(n):
        for _ in range(n):
            MembershipFactory(
                organisation=cast.home_a, role="staff", user__full_name=f"Flat {next(_serial)}"
            )

    url = reverse("network:member_list", args=[cast.home_a.pk])
    assert_flat(client, getattr(cast, role), url, add, "Flat ")


def test_training_collections_list(client, cast):
    def add(n):
        for _ in range(n):
            i = next(_serial)
            collection = Collection.objects.create(title=f"Flat collection {i}")
            for position in (1, 2):
                session = make_session(title=f"Flat session {i}.{position}")
                CollectionItem.objects.create(
                    collection=collection, session=session, position=position
                )
                make_learning_record(cast.sid, session, completed=position == 1)

    url = reverse("training:collection_list")
    assert_flat(client, cast.sid, url, add, "Flat collection ")


def test_driver_diagram(client, cast):
    project = make_project(cast.home_a)

    def add(n):
        for _ in range(n):
            make_change_idea(project, title=f"Flat idea {next(_serial)}")

    url = reverse("qi:drivers", args=[project.pk])
    assert_flat(client, cast.sid, url, add, "Flat idea ")


def test_a_series_page(client, cast):
    series = EventSeries.objects.create(title="Peer support", kind="peer_support")

    def add(n):
        for _ in range(n):
            i = next(_serial)
            starts = timezone.now() + timedelta(days=i - 10)
            Event.objects.create(
                title=f"Flat event {i}",
                kind="peer_support",
                series=series,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                venue="Oak House lounge",
            )

    url = reverse("network:series_detail", args=[series.pk])
    assert_flat(client, cast.sid, url, add, "Flat event ")


def test_the_sitemap(client, cast):
    def add(n):
        for _ in range(n):
            make_session(
                title=f"Flat public {next(_serial)}", is_public=True, made_public_at=timezone.now()
            )

    assert_flat(client, None, reverse("sitemap"), add, "/training/")


@pytest.mark.parametrize("role", ["sid", "mona", "will"])
def test_the_home_page(client, cast, role):
    def add(n):
        for _ in range(n):
            i = next(_serial)
            starts = timezone.now() + timedelta(days=1 + i)
            make_survey(title=f"Flat survey {i}")
            Event.objects.create(
                title=f"Flat event {i}",
                kind="peer_support",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                venue="Oak House lounge",
            )
            make_learning_record(getattr(cast, role), make_session(title=f"Flat session {i}"))
            make_session(status="draft", title=f"Flat draft {i}")
            Invitation.objects.create(
                email=f"flat{i}@example.org",
                organisation=cast.home_a,
                role="staff",
                token_hash=f"flat-{i}",
                invited_by=cast.mona,
            )

    assert_flat(client, getattr(cast, role), reverse("home"), add, "Flat ", capped=True)


def test_feedback_on_an_event(client, cast):
    starts = timezone.now() - timedelta(days=3)
    event = Event.objects.create(
        title="Past session",
        kind="peer_support",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        venue="Oak House lounge",
    )

    def add(n):
        for _ in range(n):
            EventFeedback.objects.create(
                event=event, rating=4, takeaway=f"Flat takeaway {next(_serial)}"
            )

    url = reverse("network:event_feedback_summary", args=[event.pk])
    assert_flat(client, cast.will, url, add, "Flat takeaway ")


def test_a_surveys_answers_as_csv(client, cast):
    survey = make_survey()

    def add(n):
        for _ in range(n):
            membership = MembershipFactory(organisation=cast.home_a, role="staff")
            submit(survey, membership, text=f"Flat answer {next(_serial)}")

    url = reverse("surveys:survey_export", args=[survey.pk])
    assert_flat(client, cast.will, url, add, "Flat answer ")
