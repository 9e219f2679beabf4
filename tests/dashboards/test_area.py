"""The area dashboard: who may open it, which homes a partner's figures count, each
section's figures and the lists they link to, small-number suppression, bad filters and
the spreadsheet."""

import csv
import io
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import Event, EventFeedback, Registration, Theme
from network.roles import Role
from portal.forms import london_datetime
from qi_cycles.analysis import refresh_signal
from qi_cycles.models import Cycle
from surveys.models import Answer, Need, NeedEndorsement, NeedResponse, Question, Response, Survey
from tests.factories import (
    AreaFactory,
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

AREA = reverse("dashboards:area")
CSV = reverse("dashboards:area_csv")


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
        "southampton": cast.home_a.area,
        "icb_area": icb_area,
    }


def staff(home, n):
    return [MembershipFactory(organisation=home, role=Role.CARE_HOME_STAFF).user for _ in range(n)]


def post_need(home, title="Help with falls at night", *, days_ago=10, themes=(), **fields):
    need = Need.objects.create(
        organisation=home,
        title=title,
        description="We would like ideas.",
        created_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )
    if themes:
        need.themes.set(themes)
    return need


def rating_survey(theme, *, title="Winter staff survey"):
    now = timezone.now()
    survey = Survey.objects.create(
        title=title,
        audience=Survey.Audience.CARE_HOME_STAFF,
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=30),
        published=True,
    )
    question = Question.objects.create(
        survey=survey,
        kind=Question.Kind.RATING,
        text="How well supported do you feel?",
        theme=theme,
    )
    return survey, question


def answer(survey, question, home, ratings):
    for rating in ratings:
        response = Response.objects.create(
            survey=survey, organisation=home, submitted_at=timezone.now()
        )
        Answer.objects.create(response=response, question=question, rating=rating)


def past_event(title="Falls webinar", days_ago=5):
    start = timezone.now() - timedelta(days=days_ago)
    return Event.objects.create(
        title=title,
        kind="webinar",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_url="https://example.org/join",
    )


def activity(home, *, people=5, event=None, session=None, survey=None):
    """A home that did a bit of everything: members, a need answered and endorsed, a
    survey response, a shared project with a key measure and a cycle, learning records,
    training passed on, and event attendance with feedback."""
    members = staff(home, people)
    need = post_need(home, f"Need at {home.name}")
    need.first_response_at = need.created_at + timedelta(days=2)
    need.save()
    NeedResponse.objects.create(need=need, kind="offer", body="We can help", organisation=home)
    if survey is not None:
        answer(survey[0], survey[1], home, [4] * people)
    project = make_project(home, shared=True, title=f"Falls at {home.name}")
    idea = make_change_idea(project)
    make_cycle(idea, starts_on=timezone.localdate() - timedelta(days=20), decision="adopt")
    measure = make_measure(
        project, values=[5, 6, 4, 5, 6, 5], start=date(2026, 6, 1), is_key=True, target=3
    )
    refresh_signal(measure)
    session = session or make_session()
    for person in members:
        make_learning_record(
            person, session, completed=True, before_confidence=2, after_confidence=4
        )
    CascadeDelivery.objects.create(
        session=session, home=home, delivered_on=timezone.localdate(), attendees=6
    )
    event = event or past_event()
    for person in members:
        Registration.objects.create(event=event, user=person, status="registered", attended=True)
        EventFeedback.objects.create(event=event, user=person, rating=4)
    return members


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(AREA, params)
    assert response.status_code == 200
    return response.context["figures"], response.content.decode()


# --- Who may open it ------------------------------------------------------------------


def test_care_home_members_are_refused(client, cast):
    for person in (cast.sid, cast.mona, cast.bea):
        client.force_login(person)
        response = client.get(AREA)
        assert response.status_code == 403
        assert client.get(CSV).status_code == 403


def test_partners_and_project_workers_see_it(client, cast):
    for person in (cast.pat, cast.will, cast.ada):
        figures, page = dashboard(client, person)
        assert "Area dashboard" in page
        assert figures.engagement.homes == 2


def test_signed_out_people_are_sent_to_sign_in(client, cast):
    response = client.get(AREA)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_partner_counts_only_homes_in_her_areas(client, cast, places):
    post_need(places["ash"], "Help far away")
    post_need(places["elm"], "Help nearby")
    staff(places["ash"], 7)
    partner, page = dashboard(client, cast.pat)
    assert partner.engagement.homes == 3  # Oak House, Birch House, Elm Court
    assert partner.needs.posted == 1
    assert "Ash Lodge" not in page and "Help far away" not in page
    assert "Leeds" not in page  # not even offered as a filter
    assert "Solent ICB area, " in partner.scope.label
    network, _ = dashboard(client, cast.will)
    assert network.engagement.homes == 4
    assert network.needs.posted == 2
    assert network.scope.label.startswith("The whole network, ")


def test_a_partner_cannot_choose_an_area_outside_hers(client, cast, places):
    post_need(places["ash"], "Help far away")
    figures, page = dashboard(client, cast.pat, area=places["leeds"].pk)
    assert "Choose an area from the list" in page
    assert figures.needs.posted == 0  # her own areas instead
    assert figures.engagement.homes == 3


def test_filtering_to_one_locality(client, cast, places):
    post_need(cast.home_a, "Help in Southampton")
    post_need(places["elm"], "Help in Portsmouth")
    figures, page = dashboard(client, cast.pat, area=places["portsmouth"].pk)
    assert figures.engagement.homes == 1
    assert figures.needs.posted == 1
    assert figures.scope.label.startswith("Portsmouth, ")
    assert f"area={places['portsmouth'].pk}" in figures.needs.posted_url


# --- Engagement -----------------------------------------------------------------------


def test_engagement_counts_homes_active_in_the_last_90_days(client, cast, places):
    post_need(cast.home_a, days_ago=10)  # active
    post_need(cast.home_b, days_ago=200)  # posted long ago: not active now
    staff(places["elm"], 6)
    session = make_session()
    make_learning_record(staff(places["elm"], 1)[0], session)  # active through training
    figures, page = dashboard(client, cast.pat)
    assert figures.engagement.homes == 3
    assert figures.engagement.active == 2
    assert "2 of 3 (67%)" in page
    # Mona, Sid, Bea and 7 staff at Elm Court are members; partners are not counted.
    assert figures.engagement.members == 10
    assert figures.engagement.members_text == "10"


def test_a_handful_of_members_reads_fewer_than_5(client, cast):
    figures, page = dashboard(client, cast.pat)
    assert figures.engagement.members == 3
    assert figures.engagement.members_text == "fewer than 5"
    assert "fewer than 5" in page


def test_an_event_booking_makes_a_home_active(client, cast):
    event = past_event()
    Registration.objects.create(event=event, user=cast.bea, status="registered")
    figures, _ = dashboard(client, cast.will)
    assert figures.engagement.active == 1


# --- Needs ----------------------------------------------------------------------------


def test_needs_figures_and_the_lists_behind_them(client, cast, places):
    falls = Theme.objects.get(name="Falls")
    dementia = Theme.objects.get(name="Dementia")
    quick = post_need(cast.home_a, "Falls at night", themes=[falls])
    quick.first_response_at = quick.created_at + timedelta(days=1)
    quick.save()
    slow = post_need(cast.home_b, "Falls on stairs", themes=[falls, dementia], status="met")
    slow.first_response_at = slow.created_at + timedelta(days=3)
    slow.save()
    post_need(cast.home_a, "Waiting", themes=[dementia])
    post_need(cast.home_a, "Old need", days_ago=400)  # before the period
    NeedEndorsement.objects.create(need=quick, organisation=cast.home_b)
    NeedEndorsement.objects.create(need=quick, organisation=places["elm"])
    figures, page = dashboard(client, cast.pat)
    needs = figures.needs
    assert needs.posted == 3
    assert {f.label: f.count for f in needs.statuses} == {
        "Open": 2,
        "Being addressed": 0,
        "Met": 1,
        "Closed": 0,
    }
    assert needs.answered == 2 and needs.waiting == 1
    assert needs.median_wait_text == "2 days"  # the middle of 1 and 3 days
    assert [(f.label, f.count) for f in needs.themes] == [("Dementia", 2), ("Falls", 2)]
    assert [(h.title, h.others) for h in needs.hotspots] == [("Falls at night", 2)]
    assert "2 other homes need this too" in page
    area = cast.home_a.area.parent.pk  # her ICB area, the one area she covers
    need_list = reverse("surveys:need_list")
    start, end = figures.scope.start.isoformat(), figures.scope.end.isoformat()
    period = f"posted_from={start}&amp;posted_to={end}"
    assert f"{need_list}?area={area}&amp;status=open&amp;{period}" in page
    assert f"{need_list}?area={area}&amp;theme={falls.pk}&amp;status=all&amp;{period}" in page
    assert reverse("surveys:need_detail", args=[quick.pk]) in page
    # The lists behind the figures show the same needs.
    open_list = client.get(needs.statuses[0].url)
    assert [n.title for n in open_list.context["page"].object_list] == ["Waiting", "Falls at night"]
    assert "Needs posted from" in open_list.content.decode()
    every = client.get(needs.posted_url).context["page"].paginator.count
    assert every == needs.posted == 3  # not the old need posted before the period


def test_a_theme_narrows_every_section(client, cast):
    falls = Theme.objects.get(name="Falls")
    post_need(cast.home_a, "Falls at night", themes=[falls])
    post_need(cast.home_a, "Menus")
    figures, page = dashboard(client, cast.will, theme=falls.pk)
    assert figures.needs.posted == 1
    assert "Falls only" in figures.scope.label
    assert f"theme={falls.pk}" in figures.needs.open_url
    assert f"theme={falls.pk}" in figures.training.figures_url


def test_median_wait_in_hours_under_a_day(client, cast):
    need = post_need(cast.home_a)
    need.first_response_at = need.created_at + timedelta(hours=5)
    need.save()
    figures, _ = dashboard(client, cast.will)
    assert figures.needs.median_wait_text == "5 hours"


# --- Surveys --------------------------------------------------------------------------


def test_survey_theme_averages_need_5_responses(client, cast, places):
    theme = Theme.objects.get(name="Wellbeing")
    survey, question = rating_survey(theme)
    answer(survey, question, cast.home_a, [4, 5, 3])
    answer(survey, question, places["ash"], [1, 1, 1, 1, 1])  # outside Pat's areas
    figures, page = dashboard(client, cast.pat)
    row = figures.surveys.themes[0]
    assert row.theme == "Wellbeing"
    assert row.cells[0].people == 3 and row.cells[0].text is None
    assert "not shown" in page
    assert figures.surveys.rounds[0].responses_text == "fewer than 5"
    answer(survey, question, places["elm"], [4, 4])
    figures, page = dashboard(client, cast.pat)
    assert figures.surveys.themes[0].cells[0].text == "4.0"
    assert figures.surveys.chart is not None
    # Partners cannot open survey results; project workers get the link.
    assert reverse("surveys:survey_results", args=[survey.pk]) not in page
    _, page = dashboard(client, cast.will)
    assert reverse("surveys:survey_results", args=[survey.pk]) in page


# --- Improvement ----------------------------------------------------------------------


def test_home_only_projects_are_counted_but_never_named(client, cast, places):
    make_project(cast.home_a, title="Our private project", status="testing")
    make_project(places["ash"], shared=True, title="Far away project", status="testing")
    shared = make_project(cast.home_b, shared=True, title="Shared falls project", status="testing")
    idea = make_change_idea(shared)
    make_cycle(idea, starts_on=timezone.localdate() - timedelta(days=3), decision="adapt")
    make_cycle(idea, number=2, starts_on=timezone.localdate() - timedelta(days=1))
    measure = make_measure(
        shared, values=[9, 8, 9, 10, 8, 9, 2, 1, 2, 1, 2, 1, 2, 1], is_key=True, target=3
    )
    refresh_signal(measure)
    make_measure(shared, name="Not a key measure", values=[1, 2, 3])
    figures, page = dashboard(client, cast.pat)
    improvement = figures.improvement
    assert improvement.projects == 2 and improvement.shared == 1 and improvement.home_only == 1
    assert "Our private project" not in page
    testing = next(row for row in improvement.statuses if row.label == "Testing changes")
    assert (testing.count, testing.shared) == (2, 1)
    # The shared ones are listed in the learning library, in her area only.
    client.force_login(cast.pat)
    listed = client.get(testing.url).context["page"].object_list
    assert [project.title for project in listed] == ["Shared falls project"]
    assert improvement.cycles == 2
    assert {f.label: f.count for f in improvement.decisions} == {
        "Adopt": 0,
        "Adapt": 1,
        "Abandon": 0,
        "Not decided yet": 1,
    }
    [row] = improvement.measures
    assert row.measure == "Falls at night" and row.project == "Shared falls project"
    assert row.variation_icon == "improvement_low"
    assert row.assurance_icon is not None
    assert reverse("qi:measure_detail", args=[measure.pk]) in page
    assert "Special cause improvement: lower values" in page
    assert improvement.improving == 1
    # The partner can open the chart the row links to.
    client.force_login(cast.pat)
    assert client.get(row.url).status_code == 200


def test_measures_without_a_target_say_so(client, cast):
    project = make_project(cast.home_a, shared=True)
    make_measure(project, values=[1, 2, 3], is_key=True)
    figures, _ = dashboard(client, cast.will)
    assert figures.improvement.measures[0].assurance_label == "No target set"


# --- Training and events --------------------------------------------------------------


def test_training_and_event_figures(client, cast, places):
    activity(cast.home_a, people=5)
    activity(places["ash"], people=6)  # outside Pat's areas
    figures, page = dashboard(client, cast.pat)
    training = figures.training
    assert training.people_text == "5"
    assert training.completions_text == "5"
    assert training.times_passed_on == 1 and training.colleagues_text == "6"
    assert training.confidence_change_text == "+2.0"
    events = figures.events
    assert events.held == 2  # one event at each activity call; both held
    assert events.people_text == "5"
    assert events.rating_text == "4.0"
    assert "4.0 out of 5 on average" in page


def test_a_few_people_at_training_and_events_are_not_shown(client, cast):
    activity(cast.home_a, people=2)
    figures, page = dashboard(client, cast.pat)
    assert figures.training.people_text == "fewer than 5"
    assert figures.training.completions_text is None
    assert figures.training.confidence_change_text is None
    assert figures.events.people_text == "fewer than 5"
    assert figures.events.rating_text is None
    assert figures.events.attendances_text is None
    assert "Average not shown" in page


def test_one_person_at_several_events_gives_away_neither_the_count_nor_the_word_person(
    client, cast
):
    (person,) = activity(cast.home_a, people=1)
    for days_ago in (10, 20):
        event = past_event(title=f"Webinar {days_ago}", days_ago=days_ago)
        Registration.objects.create(event=event, user=person, status="registered", attended=True)
    figures, page = dashboard(client, cast.pat)
    assert figures.events.attended_events == 3
    assert figures.events.attended_events_text is None
    assert "came to 3" not in page
    assert " person " not in page  # "from fewer than 5 people", never "fewer than 5 person"
    client.force_login(cast.pat)
    rows = client.get(CSV).content.decode()
    assert "Events someone from these care homes attended,not shown" in rows


# --- Bad filters ----------------------------------------------------------------------


def test_bad_filters_show_errors_and_the_default_figures(client, cast):
    post_need(cast.home_a)
    figures, page = dashboard(
        client,
        cast.will,
        start_day="40",
        start_month="1",
        start_year="2026",
        theme="999999",
        end_day="31",
        end_month="12",
        end_year="9999",
    )
    assert "There is a problem" in page
    assert "The start date must be a real date" in page
    assert "Choose a theme from the list" in page
    assert "a year from today" in page
    assert figures.needs.posted == 1  # the last 12 months, every theme


def test_an_end_before_the_start_is_an_error(client, cast):
    figures, page = dashboard(
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
    assert figures.scope.start == date(2026, 6, 1)


def test_a_chosen_period_is_used(client, cast):
    day = timezone.localdate() - timedelta(days=200)
    spring = post_need(cast.home_a, "Last spring", days_ago=200)
    # Midday in London on that day: "200 days ago" at 23:30 in winter is the next day in
    # summer time, and the need would fall outside the one-day period.
    Need.objects.filter(pk=spring.pk).update(created_at=london_datetime(day, time(12)))
    post_need(cast.home_a, "Last week", days_ago=7)
    figures, page = dashboard(
        client,
        cast.will,
        start_day=day.day,
        start_month=day.month,
        start_year=day.year,
        end_day=day.day,
        end_month=day.month,
        end_year=day.year,
    )
    assert figures.needs.posted == 1
    assert f"start_day={day.day}" in figures.training.figures_url


# --- Spreadsheet ----------------------------------------------------------------------


def read_csv(client, user, **params):
    client.force_login(user)
    response = client.get(CSV, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_spreadsheet_has_the_same_figures_and_suppression(client, cast, places):
    post_need(cast.home_a)
    project = make_project(cast.home_a, shared=True)
    make_measure(project, name='=HYPERLINK("http://evil")', values=[1, 2], is_key=True)
    activity(places["elm"], people=2)
    activity(places["ash"], people=6)
    rows = read_csv(client, cast.pat)
    values = {(row[0], row[1]): row[2] for row in rows if len(row) == 3}
    assert values[("Engagement", "Care homes")] == "3"
    assert values[("Needs", "Needs posted")] == "2"
    assert values[("Training", "People who used the training library")] == "fewer than 5"
    assert values[("Events", "Average rating (1 to 5)")].startswith("not shown")
    # Text people typed cannot start a formula in a spreadsheet.
    [measure] = [row for row in rows if len(row) == 3 and "HYPERLINK" in row[1]]
    assert measure[1].startswith("'=HYPERLINK")
    assert all("Ash Lodge" not in cell for row in rows for cell in row)
    assert ["Area", "Solent ICB area"] in rows


def test_the_spreadsheet_follows_the_filters(client, cast, places):
    post_need(cast.home_a)
    post_need(places["elm"])
    rows = read_csv(client, cast.pat, area=places["portsmouth"].pk)
    assert ["Area", "Portsmouth"] in rows
    values = {(row[0], row[1]): row[2] for row in rows if len(row) == 3}
    assert values[("Needs", "Needs posted")] == "1"


def test_measure_values_are_decimals_in_the_table(client, cast):
    project = make_project(cast.home_a, shared=True)
    make_measure(project, values=[Decimal("2.5"), 3], is_key=True)
    figures, _ = dashboard(client, cast.will)
    assert figures.improvement.measures[0].latest == "3"
    assert Cycle.objects.count() == 0


def test_the_training_figures_open_with_the_same_filters(client, cast, places):
    falls = Theme.objects.get(name="Falls")
    figures, _ = dashboard(
        client,
        cast.pat,
        area=places["portsmouth"].pk,
        theme=falls.pk,
        start_day="1",
        start_month="3",
        start_year="2026",
        end_day="31",
        end_month="8",
        end_year="2026",
    )
    response = client.get(figures.training.figures_url)
    assert response.status_code == 200
    filters = response.context["filters"]
    assert (filters.start, filters.end, filters.theme, filters.area_id) == (
        date(2026, 3, 1),
        date(2026, 8, 31),
        falls,
        places["portsmouth"].pk,
    )
    assert not response.context["form"].errors


def test_the_needs_list_refuses_silly_posted_dates(client, cast):
    post_need(cast.home_a, "Recent need")
    client.force_login(cast.pat)
    need_list = reverse("surveys:need_list")
    for query in ("posted_to=9999-12-31", "posted_from=1066-10-14", "posted_from=nope"):
        response = client.get(f"{need_list}?{query}")
        assert response.status_code == 200
        assert "Recent need" in response.content.decode()


def test_the_navigation_links_partners_and_project_workers_to_the_dashboard(client, cast):
    link = f'href="{AREA}"'
    for person in (cast.pat, cast.will):
        client.force_login(person)
        assert link in client.get(reverse("home")).content.decode()
    for person in (cast.mona, cast.sid):
        client.force_login(person)
        assert link not in client.get(reverse("home")).content.decode()


def test_the_past_events_behind_the_figure_are_those_held_in_the_period(client, cast):
    past_event("Last week's webinar", days_ago=7)
    past_event("Webinar long ago", days_ago=500)
    figures, _ = dashboard(client, cast.pat)
    assert figures.events.held == 1
    response = client.get(figures.events.events_url)
    assert [event.title for event in response.context["page"].object_list] == [
        "Last week's webinar"
    ]
    assert "Events held from" in response.content.decode()
    for query in ("held_to=9999-12-31", "held_from=nope"):
        response = client.get(f"{reverse('network:event_list')}?when=past&{query}")
        assert response.status_code == 200
