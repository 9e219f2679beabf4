"""Training analytics: who sees which homes, the figures, small-number suppression,
filters, the spreadsheet and a query count that does not grow with the data."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Theme
from network.roles import Role
from tests.factories import AreaFactory, MembershipFactory, OrganisationFactory, make_session
from training import selectors_impact as selectors
from training.models import CascadeDelivery, LearningRecord

ANALYTICS = reverse("training:analytics")
CSV = reverse("training:analytics_csv")


@pytest.fixture
def places(cast):
    """Portsmouth (a second locality in Pat's ICB area) with Elm Court, and Leeds, in
    another region, with Ash Lodge (outside Pat's areas)."""
    icb_area = cast.home_a.area.parent
    portsmouth = AreaFactory(name="Portsmouth", kind="locality", parent=icb_area)
    north = AreaFactory(name="North", kind="region")
    west_yorkshire = AreaFactory(name="West Yorkshire ICB area", kind="icb", parent=north)
    leeds = AreaFactory(name="Leeds", kind="locality", parent=west_yorkshire)
    return {
        "elm": OrganisationFactory(name="Elm Court", area=portsmouth),
        "ash": OrganisationFactory(name="Ash Lodge", area=leeds),
        "leeds": leeds,
        "portsmouth": portsmouth,
        "icb_area": icb_area,
    }


def learners(home, n, session, **fields):
    """`n` new staff at `home`, each with a learning record for `session`."""
    people = []
    for _ in range(n):
        person = MembershipFactory(organisation=home, role=Role.CARE_HOME_STAFF).user
        LearningRecord.objects.create(user=person, session=session, organisation=home, **fields)
        people.append(person)
    return people


def figures_for(client, user, **params):
    client.force_login(user)
    response = client.get(ANALYTICS, params)
    assert response.status_code == 200
    return response.context["figures"], response.content.decode()


# --- Small numbers --------------------------------------------------------------------


def test_counts_of_1_to_4_people_read_fewer_than_5():
    assert selectors.people_text(0) == "0"
    assert selectors.people_text(1) == "fewer than 5"
    assert selectors.people_text(4) == "fewer than 5"
    assert selectors.people_text(5) == "5"
    assert selectors.people_text(1234) == "1,234"


def test_averages_and_rates_from_fewer_than_5_people_are_not_shown():
    assert selectors.mean_text(3.46, 4) is None
    assert selectors.mean_text(3.46, 5) == "3.5"
    assert selectors.rate_text(5, 4) is None
    assert selectors.rate_text(5, 10) == "50%"
    # A rate that would give away a hidden count (4 of 10) is hidden too; 0 is shown.
    assert selectors.rate_text(4, 10) is None
    assert selectors.rate_text(0, 10) == "0%"
    assert selectors.change_text(2.0, 4.2, 5) == "+2.2"
    assert selectors.change_text(3.0, 2.5, 5) == "\u22120.5"
    assert selectors.change_text(2.0, 4.2, 4) is None


def test_time_watched_reads_in_hours_and_minutes():
    assert selectors.duration_text(0) == "0 minutes"
    assert selectors.duration_text(60) == "1 minute"
    assert selectors.duration_text(3 * 3600 + 5 * 60) == "3 hours 5 minutes"
    assert selectors.duration_text(3600) == "1 hour"


# --- Who sees what --------------------------------------------------------------------


def test_care_home_members_are_refused(client, cast):
    for person in (cast.sid, cast.mona, cast.bea):
        client.force_login(person)
        assert client.get(ANALYTICS).status_code == 403
        assert client.get(CSV).status_code == 403


def test_partners_see_the_homes_in_their_areas_only(client, cast, places):
    session = make_session()
    learners(cast.home_a, 5, session)
    learners(places["elm"], 5, session)
    learners(places["ash"], 6, session)
    network, _ = figures_for(client, cast.will)
    assert network.totals["people_text"] == "16"
    partner, page = figures_for(client, cast.pat)
    assert partner.totals["people_text"] == "10"
    assert [row.name for row in partner.organisations] == ["Elm Court", "Oak House"]
    assert "Ash Lodge" not in page
    # The area filter offers only her areas.
    assert "Leeds" not in page and "West Yorkshire" not in page
    assert "Portsmouth" in page


def test_a_partner_cannot_choose_an_area_outside_hers(client, cast, places):
    session = make_session()
    learners(places["ash"], 6, session)
    learners(cast.home_a, 5, session)
    figures, page = figures_for(client, cast.pat, area=places["leeds"].pk)
    assert "Choose an area from the list" in page
    assert "There is a problem" in page
    assert figures.totals["people_text"] == "5"


def test_the_area_filter_narrows_to_a_locality(client, cast, places):
    session = make_session()
    learners(cast.home_a, 5, session)
    learners(places["elm"], 7, session)
    figures, page = figures_for(client, cast.will, area=places["portsmouth"].pk)
    assert figures.totals["people_text"] == "7"
    assert "in Portsmouth" in page


def test_only_people_at_care_homes_are_counted(client, cast):
    session = make_session()
    learners(cast.home_a, 5, session)
    LearningRecord.objects.create(user=cast.will, session=session, organisation=cast.team)
    LearningRecord.objects.create(user=cast.pat, session=session, organisation=cast.icb)
    figures, _ = figures_for(client, cast.will)
    assert figures.totals["people_text"] == "5"


# --- The figures ----------------------------------------------------------------------


def test_by_session_hides_counts_and_averages_below_5(client, cast):
    four = make_session(title="Mouth care matters")
    five = make_session(title="Preventing falls at night")
    now = timezone.now()
    learners(cast.home_a, 4, four, completed_at=now, rating=5)
    for rating in (4, 4, 5, 5, 5):
        learners(cast.home_a, 1, five, completed_at=now, rating=rating)
    figures, page = figures_for(client, cast.will)
    rows = {row.title: row for row in figures.sessions}
    assert rows["Mouth care matters"].people_text == "fewer than 5"
    assert rows["Mouth care matters"].completions_text == "fewer than 5"
    assert rows["Mouth care matters"].rate_text is None
    assert rows["Mouth care matters"].rating_text is None
    assert rows["Preventing falls at night"].people_text == "5"
    assert rows["Preventing falls at night"].rate_text == "100%"
    assert rows["Preventing falls at night"].rating_text == "4.6"
    assert "fewer than 5" in page and "4.6" in page
    # Most watched first.
    assert [row.title for row in figures.sessions][0] == "Preventing falls at night"


def test_totals_count_people_sessions_views_completions_and_time(client, cast):
    first, second = make_session(title="One"), make_session(title="Two")
    people = learners(cast.home_a, 5, first, view_count=3, seconds_watched=600)
    for person in people:
        LearningRecord.objects.create(
            user=person,
            session=second,
            organisation=cast.home_a,
            completed_at=timezone.now(),
            seconds_watched=120,
        )
    figures, page = figures_for(client, cast.will)
    assert figures.totals["people_text"] == "5"  # each person once
    assert figures.totals["records_text"] == "10"
    assert figures.totals["views_text"] == str(5 * 3 + 5)
    assert figures.totals["completions_text"] == "5"
    assert figures.totals["time_watched"] == "1 hour"
    assert "People who watched" in page and "1 hour" in page


def test_self_assessment_shows_the_mean_change_among_people_who_did_both(client, cast):
    session = make_session()
    scores = {"before_confidence": 2, "before_skill": 3, "after_confidence": 4, "after_skill": 3}
    for after in (4, 4, 4, 4, 5):
        learners(cast.home_a, 1, session, before_knowledge=2, after_knowledge=after, **scores)
    # Only a "before": not counted.
    learners(cast.home_a, 1, session, before_knowledge=1)
    figures, page = figures_for(client, cast.will)
    knowledge, confidence, skill = figures.scores
    assert knowledge.people_text == "5"
    assert (knowledge.before_text, knowledge.after_text) == ("2.0", "4.2")
    assert knowledge.change_text == "+2.2"
    assert confidence.change_text == "+2.0"
    assert skill.change_text == "no change"
    assert "People rate themselves from 1 (low) to 5 (high) before and after watching" in page
    assert "+2.2" in page
    assert "<svg" in page and "Knowledge before" in page


def test_self_assessment_from_4_people_is_not_shown(client, cast):
    session = make_session()
    learners(cast.home_a, 4, session, before_knowledge=1, after_knowledge=5)
    figures, page = figures_for(client, cast.will)
    knowledge = figures.scores[0]
    assert knowledge.people_text == "fewer than 5"
    assert knowledge.before_text is None and knowledge.change_text is None
    assert figures.scores_chart is None
    assert "5.0" not in page


def test_feedback_distribution_and_comments_for_project_workers_only(client, cast):
    session = make_session(title="Preventing falls at night")
    people = learners(cast.home_a, 6, session, rating=5, comment="Really useful for nights")
    learners(cast.home_a, 2, session, rating=3)
    figures, page = figures_for(client, cast.will)
    assert figures.feedback["ratings_text"] == "8"
    assert figures.feedback["mean_text"] == "4.5"
    assert dict(figures.feedback["distribution"]) == {
        "5 – Excellent": "6",
        "4 – Very good": "0",
        "3 – Good": "fewer than 5",
        "2 – Fair": "0",
        "1 – Poor": "0",
    }
    assert "Really useful for nights" in page
    assert people[0].full_name not in page  # comments never carry names
    _, partner_page = figures_for(client, cast.pat)
    assert "Really useful for nights" not in partner_page
    assert "4.5 out of 5" in partner_page


def test_by_area_counts_a_person_once_in_their_icb_area(client, cast, places):
    first, second = make_session(title="One"), make_session(title="Two")
    at_a = learners(cast.home_a, 5, first)
    learners(places["elm"], 5, first)
    # One of Oak House's people also learns at Elm Court.
    LearningRecord.objects.create(user=at_a[0], session=second, organisation=places["elm"])
    figures, page = figures_for(client, cast.will)
    rows = [(row.name, row.kind, row.people) for row in figures.areas]
    assert rows == [
        ("Solent ICB area", "icb", 10),
        ("Portsmouth", "locality", 6),
        ("Southampton", "locality", 5),
    ]
    assert "By area" in page


def test_cascade_reach_counts_in_totals_and_by_home(client, cast, places):
    session = make_session()
    day = timezone.localdate() - timedelta(days=5)
    CascadeDelivery.objects.create(
        session=session, home=cast.home_a, delivered_by=cast.mona, delivered_on=day, attendees=3
    )
    CascadeDelivery.objects.create(
        session=session, home=places["elm"], delivered_by=None, delivered_on=day, attendees=12
    )
    figures, page = figures_for(client, cast.will)
    assert figures.totals["times_passed_on"] == 2
    assert figures.totals["colleagues_text"] == "15"
    assert "2 times, reaching 15 colleagues" in page
    homes = {row.name: row for row in figures.organisations}
    assert homes["Oak House"].colleagues_text == "fewer than 5"
    assert homes["Elm Court"].colleagues_text == "12"
    icb = figures.areas[0]
    assert (icb.name, icb.colleagues) == ("Solent ICB area", 15)


# --- Filters --------------------------------------------------------------------------


def test_the_default_is_the_last_12_months(client, cast):
    session = make_session()
    learners(cast.home_a, 5, session)
    old = learners(cast.home_a, 5, session)
    LearningRecord.objects.filter(user__in=old).update(
        started_at=timezone.now() - timedelta(days=400)
    )
    figures, page = figures_for(client, cast.will)
    assert figures.totals["people_text"] == "5"
    start, end = selectors.default_period(timezone.localdate())
    assert f"{start:%-d %B %Y} to {end:%-d %B %Y}" in page

    earlier = timezone.localdate() - timedelta(days=500)
    figures, _ = figures_for(
        client,
        cast.will,
        start_day=earlier.day,
        start_month=earlier.month,
        start_year=earlier.year,
    )
    assert figures.totals["people_text"] == "10"


def test_the_default_period_handles_29_february():
    assert selectors.default_period(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))
    assert selectors.default_period(date(2026, 11, 24)) == (date(2025, 11, 25), date(2026, 11, 24))


def test_bad_dates_are_explained_and_the_default_is_used(client, cast):
    learners(cast.home_a, 5, make_session())
    figures, page = figures_for(
        client, cast.will, start_day="40", start_month="1", start_year="2026"
    )
    assert "The start date must be a real date" in page
    assert "<title>Error: Training figures" in page
    assert figures.totals["people_text"] == "5"
    _, page = figures_for(
        client,
        cast.will,
        start_day="1",
        start_month="6",
        start_year="2026",
        end_day="1",
        end_month="1",
        end_year="2026",
    )
    assert "The end date must be the same as or after the start date" in page
    _, page = figures_for(client, cast.will, end_day="1", end_month="", end_year="2026")
    assert "The end date must include a month" in page


def test_the_theme_filter(client, cast):
    falls = Theme.objects.get(slug="falls")
    learners(cast.home_a, 5, make_session(title="Falls", themes=[falls]))
    learners(cast.home_a, 6, make_session(title="Mouth care"))
    figures, page = figures_for(client, cast.will, theme=falls.pk)
    assert [row.title for row in figures.sessions] == ["Falls"]
    assert f"Sessions on {falls.name}" in page


def test_an_empty_period_says_so(client, cast):
    _, page = figures_for(client, cast.pat)
    assert "Nobody started a session or passed one on in these dates" in page


# --- The spreadsheet ------------------------------------------------------------------


def test_the_spreadsheet_has_both_tables_with_the_same_suppression(client, cast, places):
    risky = make_session(title='=HYPERLINK("http://x")')
    learners(cast.home_a, 5, risky, completed_at=timezone.now(), rating=4)
    learners(places["elm"], 2, risky)
    learners(places["ash"], 6, risky)
    client.force_login(cast.pat)
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_session = rows[rows.index(["By session"]) + 2]
    assert by_session == ['\'=HYPERLINK("http://x")', "7", "5", "71%", "4.0"]
    start = rows.index(["By organisation"]) + 2
    homes = {row[0]: row for row in rows[start:]}
    assert homes["Oak House"][2:4] == ["5", "5"]
    assert homes["Elm Court"][2:4] == ["fewer than 5", "0"]
    assert "Ash Lodge" not in homes  # outside Pat's areas


# --- Queries --------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["will", "pat"])
def test_the_analytics_query_count_stays_flat(client, cast, viewer):
    icb_area = cast.home_a.area.parent
    day = timezone.localdate() - timedelta(days=3)

    def add(n):
        for i in range(n):
            locality = AreaFactory(name=f"Locality {i} {n}", kind="locality", parent=icb_area)
            home = OrganisationFactory(area=locality)
            session = make_session(title=f"Session {i} {n}")
            learners(
                home,
                1,
                session,
                completed_at=timezone.now(),
                rating=4,
                comment="Good",
                before_knowledge=2,
                after_knowledge=4,
            )
            CascadeDelivery.objects.create(
                session=session, home=home, delivered_by=None, delivered_on=day, attendees=6
            )

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ANALYTICS).status_code == 200
            assert client.get(CSV).status_code == 200
        return len(captured)

    client.force_login(getattr(cast, viewer))
    add(3)
    few = count()
    add(27)
    assert count() == few


def test_an_icb_area_row_is_left_out_when_only_part_of_it_is_counted(client, cast, places):
    session = make_session()
    learners(cast.home_a, 5, session)
    learners(places["elm"], 6, session)
    figures, _ = figures_for(client, cast.will, area=places["portsmouth"].pk)
    assert [(row.name, row.people) for row in figures.areas] == [("Portsmouth", 6)]
    figures, _ = figures_for(client, cast.will, area=places["icb_area"].pk)
    assert [row.name for row in figures.areas] == ["Solent ICB area", "Portsmouth", "Southampton"]


# --- Fixes after review ---------------------------------------------------------------


def _csv_rows(client, user, **params):
    client.force_login(user)
    response = client.get(CSV, params)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_one_persons_ratings_are_not_shown_in_the_breakdown(client, cast):
    # Sid rates five sessions "1"; the average is hidden, so the breakdown must be too.
    for i in range(5):
        LearningRecord.objects.create(
            user=cast.sid, session=make_session(title=f"S{i}"), organisation=cast.home_a, rating=1
        )
    figures, page = figures_for(client, cast.pat)
    assert figures.feedback["mean_text"] is None
    assert figures.feedback["distribution"] == []
    assert figures.feedback["ratings_text"] is None
    assert "Fewer than 5 people gave a rating" in page
    assert "How people rated the sessions" not in page


def test_the_ratings_breakdown_counts_people_not_ratings(client, cast):
    # Five people rate one session "5"; one of them rates six more sessions "2".
    session = make_session(title="Main")
    people = learners(cast.home_a, 5, session, rating=5)
    for i in range(6):
        LearningRecord.objects.create(
            user=people[0], session=make_session(title=f"S{i}"), organisation=cast.home_a, rating=2
        )
    figures, page = figures_for(client, cast.pat)
    distribution = dict(figures.feedback["distribution"])
    assert distribution["5 – Excellent"] == "5"
    assert distribution["2 – Fair"] == "fewer than 5"  # one person, not six ratings
    assert figures.feedback["ratings_text"] == "11"
    assert "11 ratings from 5 people" in page
    assert "People who gave this rating" in page


def test_completions_are_hidden_when_fewer_than_5_people_completed(client, cast):
    # One person completes six sessions: "Sessions completed: 6" would give them away.
    for i in range(6):
        LearningRecord.objects.create(
            user=cast.sid,
            session=make_session(title=f"S{i}"),
            organisation=cast.home_a,
            completed_at=timezone.now(),
        )
    figures, page = figures_for(client, cast.pat)
    assert figures.totals["completions_text"] is None
    assert figures.totals["records_text"] is None
    home = {row.name: row for row in figures.organisations}["Oak House"]
    assert home.people_text == "fewer than 5"
    assert home.completions_text is None
    assert [row.completions_text for row in figures.areas] == [None, None]
    assert "not shown" in page
    rows = _csv_rows(client, cast.pat)
    start = rows.index(["By organisation"]) + 2
    assert rows[start][2:4] == ["fewer than 5", ""]


def test_completions_by_5_people_are_shown(client, cast):
    session, other = make_session(title="One"), make_session(title="Two")
    for person in learners(cast.home_a, 5, session, completed_at=timezone.now()):
        LearningRecord.objects.create(
            user=person, session=other, organisation=cast.home_a, completed_at=timezone.now()
        )
    figures, _ = figures_for(client, cast.pat)
    assert figures.totals["completions_text"] == "10"
    assert {row.name: row for row in figures.organisations}["Oak House"].completions_text == "10"


def test_views_and_time_watched_are_hidden_below_5_people(client, cast):
    session = make_session()
    LearningRecord.objects.create(
        user=cast.sid,
        session=session,
        organisation=cast.home_a,
        view_count=7,
        seconds_watched=3 * 3600,
    )
    figures, page = figures_for(client, cast.pat)
    assert figures.totals["people_text"] == "fewer than 5"
    assert figures.totals["views_text"] is None
    assert figures.totals["time_watched"] is None
    assert "3 hours" not in page
    learners(cast.home_a, 4, session, view_count=1, seconds_watched=0)
    figures, page = figures_for(client, cast.pat)
    assert figures.totals["views_text"] == "11"
    assert figures.totals["time_watched"] == "3 hours"


@pytest.mark.parametrize("url", [ANALYTICS, CSV])
@pytest.mark.parametrize(
    "params, message",
    [
        (
            {"end_day": "31", "end_month": "12", "end_year": "9999"},
            "The end date must be on or before",
        ),
        (
            {"start_day": "1", "start_month": "1", "start_year": "0001"},
            "The start date must be on or after 1 January 2000",
        ),
        (
            {"start_day": "31", "start_month": "12", "start_year": "1999"},
            "The start date must be on or after 1 January 2000",
        ),
    ],
)
def test_dates_far_in_the_past_or_future_are_refused_with_a_reason(
    client, cast, url, params, message
):
    learners(cast.home_a, 5, make_session())
    client.force_login(cast.will)
    response = client.get(url, params)
    assert response.status_code == 200
    if url == ANALYTICS:
        page = response.content.decode()
        assert message in page and "There is a problem" in page
        assert response.context["figures"].totals["people_text"] == "5"


def test_the_latest_end_date_is_a_year_from_today(client, cast):
    latest = selectors.a_year_after(timezone.localdate())
    client.force_login(cast.will)
    for day, refused in ((latest, False), (latest + timedelta(days=1), True)):
        page = client.get(
            ANALYTICS, {"end_day": day.day, "end_month": day.month, "end_year": day.year}
        ).content.decode()
        assert (f"The end date must be on or before {latest:%-d %B %Y}" in page) is refused
    assert selectors.a_year_after(date(2028, 2, 29)) == date(2029, 2, 28)


def test_partners_do_not_see_the_titles_of_draft_sessions(client, cast):
    secret = make_session(title="Secret restructure briefing")
    learners(cast.home_a, 5, secret, comment="Worrying news")
    learners(cast.home_a, 5, make_session(status="archived", title="Old moving and handling"))
    secret.status = "draft"
    secret.save()
    figures, page = figures_for(client, cast.pat)
    titles = {row.title for row in figures.sessions}
    assert titles == {"A session no longer in the library", "Old moving and handling"}
    assert "Secret restructure briefing" not in page
    rows = _csv_rows(client, cast.pat)
    assert "Secret restructure briefing" not in str(rows)
    assert ["A session no longer in the library", "5", "0", "0%", ""] in rows
    # Project workers manage training: they see every title, and the comments with them.
    figures, page = figures_for(client, cast.will)
    assert "Secret restructure briefing" in {row.title for row in figures.sessions}
    assert figures.comments == [("Secret restructure briefing", "Worrying news")] * 5


def test_comments_on_draft_sessions_are_labelled_for_people_who_cannot_manage(cast):
    secret = make_session(status="draft", title="Secret restructure briefing")
    learners(cast.home_a, 1, secret, comment="Worrying news")
    scope = selectors.Scope(
        area_ids=None, tree=selectors.AreaTree.load(), network_wide=True, sees_drafts=False
    )
    start, end = selectors.default_period(timezone.localdate())
    figures = selectors.analytics(
        scope, selectors.AnalyticsFilters(start=start, end=end), with_comments=True
    )
    assert figures.comments == [("A session no longer in the library", "Worrying news")]


def test_rating_labels_are_the_ones_learners_chose_from(client, cast):
    from training.forms_learning import FeedbackForm

    learners(cast.home_a, 5, make_session(), rating=5)
    figures, page = figures_for(client, cast.will)
    offered = [label for _, label in FeedbackForm.base_fields["rating"].choices]
    assert [label for label, _ in figures.feedback["distribution"]] == offered[::-1]
    assert "5 – Excellent" in page and "1 – Poor" in page
    assert "very poor" not in page and "neither good nor poor" not in page
    assert "from 1 (poor) to 5 (excellent)" in page
