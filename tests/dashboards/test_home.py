"""The home dashboard: one care home next to the average home in its ICB area and in the
network (dashboards:home, dashboards.selectors_home)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards import selectors_home as selectors
from network.models import Area, Event, EventKind, Registration, Theme
from network.roles import OrganisationKind
from qi_cycles.models import Project
from surveys.models import Answer, Need, Question, Response, Survey
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    make_change_idea,
    make_cycle,
    make_learning_record,
    make_measure,
    make_project,
    make_session,
)
from training.models import CascadeDelivery

# --- Building figures ---------------------------------------------------------------------


def other_icb_home(cast, name="Cedar House"):
    """A care home in another ICB area (outside Pat's area and Oak House's comparison)."""
    region = cast.home_a.area.parent.parent
    icb = Area.objects.get_or_create(name="North ICB area", kind="icb", parent=region)[0]
    locality = Area.objects.get_or_create(name="Northtown", kind="locality", parent=icb)[0]
    return OrganisationFactory(name=name, area=locality)


def need(home, *, days_ago=10, status=Need.Status.OPEN, answered_after=None, closed=False):
    created = timezone.now() - timedelta(days=days_ago)
    return Need.objects.create(
        organisation=home,
        title="Help with falls",
        description="We would like help.",
        status=status,
        created_at=created,
        first_response_at=created + answered_after if answered_after else None,
        closed_at=timezone.now() - timedelta(days=1) if closed else None,
    )


def staff(home, count):
    return [MembershipFactory(organisation=home).user for _ in range(count)]


def rating_answers(home, ratings, theme, *, days_ago=5):
    """One submitted survey response per rating, from `home`, on a `theme` question."""
    now = timezone.now()
    survey = Survey.objects.create(
        title="Staff survey",
        audience=Survey.Audience.CARE_HOME_STAFF,
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=30),
        published=True,
    )
    question = Question.objects.create(
        survey=survey, kind=Question.Kind.RATING, text="How well do we do?", theme=theme
    )
    for rating in ratings:
        response = Response.objects.create(
            survey=survey, organisation=home, submitted_at=now - timedelta(days=days_ago)
        )
        Answer.objects.create(response=response, question=question, rating=rating)


def attended(event, users):
    for user in users:
        Registration.objects.create(event=event, user=user, status="registered", attended=True)


def past_event(days_ago=20):
    starts = timezone.now() - timedelta(days=days_ago)
    return Event.objects.create(
        title="Peer support",
        kind=EventKind.PEER_SUPPORT,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )


def figure(response, section, label):
    figures = response.context[section]["figures"]
    return next(f for f in figures if f.label == label)


def page(client, user, home, **params):
    client.force_login(user)
    response = client.get(reverse("dashboards:home", args=[home.pk]), params)
    assert response.status_code == 200
    return response


# --- Who may see it -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mona", "sid", "pat", "will", "ada"])
def test_the_home_its_partner_and_the_network_team_see_the_dashboard(client, cast, who):
    response = page(client, getattr(cast, who), cast.home_a)
    text = response.content.decode()
    assert "<h1>Oak House</h1>" in text
    assert "Average home in Solent ICB area" in text
    assert "Download a one-page summary of Oak House (PDF)" in text


def test_another_homes_manager_gets_not_found(client, cast):
    client.force_login(cast.bea)
    assert client.get(reverse("dashboards:home", args=[cast.home_a.pk])).status_code == 404
    # Her own home is there.
    assert client.get(reverse("dashboards:home", args=[cast.home_b.pk])).status_code == 200


def test_a_partner_cannot_open_a_home_outside_her_areas(client, cast):
    elsewhere = other_icb_home(cast)
    client.force_login(cast.pat)
    assert client.get(reverse("dashboards:home", args=[elsewhere.pk])).status_code == 404


@pytest.mark.parametrize("who", ["mona", "pat", "will"])
def test_organisations_that_are_not_care_homes_have_no_dashboard(client, cast, who):
    client.force_login(getattr(cast, who))
    for org in (cast.icb, cast.team):
        assert client.get(reverse("dashboards:home", args=[org.pk])).status_code == 404
    assert client.get(reverse("dashboards:home", args=[987654])).status_code == 404


# --- The period ---------------------------------------------------------------------------


def test_the_period_narrows_the_figures(client, cast):
    need(cast.home_a, days_ago=20)
    need(cast.home_a, days_ago=150)  # five months ago
    need(cast.home_a, days_ago=500)  # before the last 12 months
    assert figure(page(client, cast.mona, cast.home_a), "needs", "Needs posted").home == "2"
    three = page(client, cast.mona, cast.home_a, months=3)
    assert figure(three, "needs", "Needs posted").home == "1"
    assert "The last 3 months" in three.content.decode()
    two_years = page(client, cast.mona, cast.home_a, months=24)
    assert figure(two_years, "needs", "Needs posted").home == "3"


@pytest.mark.parametrize("bad", ["7", "-3", "all", "99999999999999999999"])
def test_a_period_that_is_not_offered_is_an_error_and_shows_the_last_12_months(client, cast, bad):
    need(cast.home_a, days_ago=150)
    response = page(client, cast.mona, cast.home_a, months=bad)
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Choose the last 3 months, 12 months or 2 years" in text
    assert "<title>Error: " in text
    assert response.context["period"].months == 12
    assert figure(response, "needs", "Needs posted").home == "1"


def test_months_before_keeps_the_day_or_uses_the_months_last_day():
    assert selectors.months_before(date(2026, 11, 24), 12) == date(2025, 11, 24)
    assert selectors.months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert selectors.months_before(date(2028, 5, 31), 3) == date(2028, 2, 29)
    assert selectors.months_before(date(2026, 1, 15), 24) == date(2024, 1, 15)
    period = selectors.period_of(12, date(2026, 11, 24))
    assert (period.start, period.end) == (date(2025, 11, 25), date(2026, 11, 24))
    assert period.dates_label == "25 November 2025 to 24 November 2026"


# --- Needs --------------------------------------------------------------------------------


def test_needs_next_to_the_average_home_in_the_area_and_network(client, cast):
    elsewhere = other_icb_home(cast)
    # Oak House: 3 posted (one met, one being addressed), plus one still open from before.
    need(cast.home_a, answered_after=timedelta(days=1))
    need(cast.home_a, status=Need.Status.MET, closed=True, answered_after=timedelta(days=3))
    need(cast.home_a, status=Need.Status.BEING_ADDRESSED)
    need(cast.home_a, days_ago=400)
    # Birch House (same ICB area): 1 posted, answered after 10 hours.
    need(cast.home_b, answered_after=timedelta(hours=10))
    # Cedar House (another ICB area): 5 posted.
    for _ in range(5):
        need(elsewhere, status=Need.Status.CLOSED, answered_after=timedelta(days=6))
    response = page(client, cast.mona, cast.home_a)
    places = response.context["places"]
    assert (places.area.name, places.area_homes, places.network_homes) == ("Solent ICB area", 2, 3)
    posted = figure(response, "needs", "Needs posted")
    # Area: (3 + 1) / 2 homes; network: (3 + 1 + 5) / 3 homes.
    assert (posted.home, posted.area, posted.network) == ("3", "2", "3")
    still_open = figure(response, "needs", "Open now")
    assert (still_open.home, still_open.area, still_open.network) == ("3", "2", "1.3")
    met = figure(response, "needs", "Met")
    assert (met.home, met.area, met.network) == ("1", "0.5", "0.3")
    wait = figure(response, "needs", "Time to a first response")
    # Medians: Oak House 1 and 3 days; the area adds 10 hours; the network adds 5 × 6 days.
    assert (wait.home, wait.area, wait.network) == ("2 days", "1 day", "6 days")
    chart = response.context["needs"]["chart"]
    assert [bar["display"] for bar in chart["bars"]] == ["3", "2", "3"]


def test_a_home_with_no_answered_needs_says_so(client, cast):
    need(cast.home_a)
    wait = figure(page(client, cast.mona, cast.home_a), "needs", "Time to a first response")
    assert wait.home == "no responses yet"


@pytest.mark.parametrize(
    ("wait", "text"),
    [
        (None, "no responses yet"),
        (timedelta(minutes=5), "less than an hour"),
        (timedelta(hours=5, minutes=20), "5 hours"),
        (timedelta(hours=23), "23 hours"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=2, hours=12), "2.5 days"),
    ],
)
def test_wait_text(wait, text):
    assert selectors.wait_text(wait) == text


# --- Improvement --------------------------------------------------------------------------


@pytest.fixture
def projects(cast):
    private = make_project(cast.home_a, title="Quiet nights", status=Project.Status.TESTING)
    make_measure(private, values=[5, 4, 6, 5], is_key=True, name="Night-time calls")
    idea = make_change_idea(private)
    make_cycle(idea, starts_on=timezone.localdate() - timedelta(days=30), decision="adopt")
    make_cycle(idea, number=2, starts_on=timezone.localdate() - timedelta(days=10))
    shared = make_project(
        cast.home_a, shared=True, title="Better hydration", status=Project.Status.SUSTAINING
    )
    make_measure(shared, values=[5, 6, 7, 8, 9, 10, 11], is_key=True, name="Drinks offered")
    make_measure(shared, values=[1, 2, 3], name="Not a key measure")
    shared_idea = make_change_idea(shared, title="Drinks trolley")
    make_cycle(shared_idea, starts_on=timezone.localdate() - timedelta(days=20), decision="adapt")
    make_project(cast.home_b, title="Calmer mealtimes")
    return private, shared


def test_members_see_every_project_and_its_key_measures(client, cast, projects):
    response = page(client, cast.sid, cast.home_a)
    improvement = response.context["improvement"]
    assert not improvement["shared_only"]
    by_stage = {f.label: f for f in improvement["statuses"]}
    assert by_stage["Testing changes"].home == "1"
    assert by_stage["Keeping it going"].home == "1"
    # The area has 2 homes: Oak House's 2 projects and Birch House's 1 (planning).
    assert improvement["total"].home == "2"
    assert improvement["total"].area == "1.5"
    cycles = {f.label: f for f in improvement["cycles"]}
    assert (cycles["PDSA cycles started"].home, cycles["Changes adopted"].home) == ("3", "1")
    assert cycles["Changes adapted"].home == "1"
    names = [item.measure.name for item in improvement["measures"]]
    assert names == ["Drinks offered", "Night-time calls"]
    text = response.content.decode()
    assert "Quiet nights" in text
    assert reverse("qi:measure_detail", args=[improvement["measures"][0].measure.pk]) in text
    assert "Not a key measure" not in text
    drinks = improvement["measures"][0].summary
    assert drinks["variation_label"]


def test_partners_see_only_shared_projects_and_compare_like_with_like(client, cast, projects):
    response = page(client, cast.pat, cast.home_a)
    improvement = response.context["improvement"]
    assert improvement["shared_only"]
    assert improvement["total"].home == "1"
    assert improvement["total"].area == "0.5"  # Birch House's project is home-only
    cycles = {f.label: f for f in improvement["cycles"]}
    assert cycles["PDSA cycles started"].home == "1"
    assert cycles["Changes adopted"].home == "0"
    assert [item.measure.name for item in improvement["measures"]] == ["Drinks offered"]
    text = response.content.decode()
    assert "Quiet nights" not in text and "Night-time calls" not in text
    assert "You see only the projects care homes share with the network" in text


def test_project_workers_see_every_project(client, cast, projects):
    improvement = page(client, cast.will, cast.home_a).context["improvement"]
    assert not improvement["shared_only"]
    assert len(improvement["measures"]) == 2


def test_projects_the_home_takes_part_in_show_their_key_measures(client, cast):
    theirs = make_project(cast.home_b, shared=True, title="Joint project")
    theirs.participating_homes.add(cast.home_a)
    make_measure(theirs, values=[1, 2, 3], is_key=True, name="Joint measure")
    response = page(client, cast.mona, cast.home_a)
    assert [m.measure.name for m in response.context["improvement"]["measures"]] == [
        "Joint measure"
    ]


# --- Training -----------------------------------------------------------------------------


def test_training_counts_under_5_people_are_not_shown(client, cast):
    session = make_session()
    people = staff(cast.home_a, 3)
    for person in people:
        make_learning_record(person, session, completed=True, organisation=cast.home_a)
    for person in staff(cast.home_b, 6):
        make_learning_record(person, session, completed=True, organisation=cast.home_b)
    response = page(client, cast.mona, cast.home_a)
    started = figure(response, "training", "People who started a session")
    assert (started.home, started.area, started.network) == ("fewer than 5", "4.5", "4.5")
    completed = figure(response, "training", "Sessions completed")
    assert (completed.home, completed.area) == ("not shown", "4.5")
    bars = response.context["training"]["chart"]["bars"]
    assert bars[0]["width"] == 0 and bars[0]["display"] == "not shown"


def test_training_with_5_or_more_people_and_cascade(client, cast):
    session, other = make_session(), make_session(title="Mouth care")
    for person in staff(cast.home_a, 5):
        make_learning_record(person, session, completed=True, organisation=cast.home_a)
        make_learning_record(person, other, organisation=cast.home_a)
    CascadeDelivery.objects.create(
        session=session,
        delivered_by=cast.mona,
        home=cast.home_a,
        delivered_on=timezone.localdate() - timedelta(days=3),
        attendees=8,
    )
    CascadeDelivery.objects.create(
        session=session,
        delivered_by=cast.bea,
        home=cast.home_b,
        delivered_on=timezone.localdate() - timedelta(days=3),
        attendees=3,
    )
    response = page(client, cast.mona, cast.home_a)
    assert figure(response, "training", "People who started a session").home == "5"
    assert figure(response, "training", "Sessions completed").home == "5"
    assert figure(response, "training", "Times training was passed on").area == "1"
    reached = figure(response, "training", "Colleagues reached")
    assert (reached.home, reached.area) == ("8", "5.5")


# --- Surveys and events -------------------------------------------------------------------


def test_survey_theme_scores_need_5_people(client, cast):
    falls = Theme.objects.get(slug="falls")
    rating_answers(cast.home_a, [4, 4, 5, 3, 4], falls)
    rating_answers(cast.home_b, [1, 2], falls)
    rating_answers(cast.home_b, [2, 2], Theme.objects.get(slug="dementia"))
    response = page(client, cast.mona, cast.home_a)
    rows = {row.theme: row for row in response.context["surveys"]["themes"]}
    assert (rows["Falls"].home, rows["Falls"].area, rows["Falls"].network) == ("4.0", "3.3", "3.3")
    assert (rows["Dementia"].home, rows["Dementia"].area) == ("no answers", "not shown")
    chart = response.context["surveys"]["chart"]
    assert [bar["display"] for bar in chart["bars"]] == ["no answers", "4.0"]


def test_a_home_with_fewer_than_5_survey_answers_on_a_theme_is_not_shown(client, cast):
    rating_answers(cast.home_a, [5, 5], Theme.objects.get(slug="falls"))
    response = page(client, cast.mona, cast.home_a)
    (row,) = response.context["surveys"]["themes"]
    assert row.home == "not shown"
    assert response.context["surveys"]["chart"] is None


def test_events_attended_by_the_homes_people(client, cast):
    event = past_event()
    attended(event, [cast.mona, cast.sid, *staff(cast.home_a, 3)])
    attended(past_event(days_ago=40), [cast.mona])
    attended(event, [cast.bea])
    Registration.objects.create(event=past_event(), user=cast.sid, status="registered")
    attended(past_event(days_ago=800), [cast.sid])  # before the period
    response = page(client, cast.mona, cast.home_a)
    people = figure(response, "events", "People who went to an event")
    assert (people.home, people.area, people.network) == ("5", "3", "3")
    places = figure(response, "events", "Event places attended")
    assert (places.home, places.area) == ("6", "3.5")


# --- Queries stay flat --------------------------------------------------------------------


def _busy_homes(cast, count, area):
    """`count` more care homes with needs, projects, learning, surveys and events."""
    session = make_session(title="Hydration")
    theme = Theme.objects.get(slug="falls")
    event = past_event()
    for i in range(count):
        home = OrganisationFactory(area=area)
        people = staff(home, 2)
        need(home, answered_after=timedelta(days=i % 4 + 1))
        need(home, status=Need.Status.MET, closed=True)
        project = make_project(home, shared=bool(i % 2), title=f"Project {i}")
        make_measure(project, values=[1, 2, 3, 4], is_key=True)
        make_cycle(make_change_idea(project), decision="adopt")
        for person in people:
            make_learning_record(person, session, completed=True, organisation=home)
        rating_answers(home, [3, 4], theme)
        attended(event, people)
        if i == 0:
            # Oak House itself takes part in the first project.
            project.participating_homes.add(cast.home_a)


@pytest.mark.parametrize("who", ["mona", "pat"])
def test_the_number_of_queries_does_not_grow_with_the_network(client, cast, who):
    user = getattr(cast, who)
    _busy_homes(cast, 3, cast.home_a.area)
    client.force_login(user)
    url = reverse("dashboards:home", args=[cast.home_a.pk])
    client.get(url)  # warm caches that are not per request
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _busy_homes(cast, 27, cast.home_a.area)
    make_project(cast.home_a, title="Another", shared=True)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["places"].area_homes == 32
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_figures_count_only_care_homes(client, cast):
    """The ICB and the network team are organisations, not care homes: they are never
    counted as homes or in the averages."""
    assert cast.icb.kind == OrganisationKind.ICB
    response = page(client, cast.will, cast.home_a)
    assert response.context["places"].network_homes == 2


# --- Links to it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown"), [("mona", True), ("pat", True), ("will", True), ("bea", False)]
)
def test_the_homes_profile_links_to_its_dashboard_and_summary_for_those_who_may_see_it(
    client, cast, who, shown
):
    client.force_login(getattr(cast, who))
    text = client.get(reverse("network:organisation_detail", args=[cast.home_a.pk])).content
    dashboard = reverse("dashboards:home", args=[cast.home_a.pk]).encode()
    summary = reverse("dashboards:home_pdf", args=[cast.home_a.pk]).encode()
    assert (dashboard in text, summary in text) == (shown, shown)


def test_an_icb_profile_has_no_home_dashboard(client, cast):
    client.force_login(cast.will)
    text = client.get(reverse("network:organisation_detail", args=[cast.icb.pk])).content
    assert b"/dashboards/homes/" not in text


@pytest.mark.parametrize(("who", "shown"), [("mona", True), ("sid", True), ("pat", False)])
def test_the_home_page_links_care_home_members_to_their_homes_dashboard(client, cast, who, shown):
    client.force_login(getattr(cast, who))
    text = client.get(reverse("home")).content.decode()
    assert ("See how your home is doing" in text) == shown
    if shown:
        assert reverse("dashboards:home", args=[cast.home_a.pk]) in text


def test_a_projects_page_links_to_its_poster(client, cast):
    project = make_project(cast.home_a, title="Quiet nights")
    client.force_login(cast.sid)
    text = client.get(reverse("qi:project_detail", args=[project.pk])).content.decode()
    assert reverse("dashboards:poster", args=[project.pk]) in text
    assert "Download a poster for the staff room (PDF)" in text
