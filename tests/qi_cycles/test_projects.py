"""Improvement projects: starting one (as a manager and as staff), bad input, changing and
deleting it, the overview page, the list with its filters, and query counts."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Theme
from network.roles import Role
from qi_cycles import services_projects as services
from qi_cycles.models import ChangeIdea, Cycle, Driver, Measure, MeasureValue, Project
from surveys.models import Need
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    make_change_idea,
    make_cycle,
    make_measure,
    make_project,
)

LIST = reverse("qi:project_list")
CREATE = reverse("qi:project_create")
NHS_NUMBER = "943 476 5919"  # a valid NHS number (test range)


def detail(project):
    return reverse("qi:project_detail", args=[project.pk])


def edit(project):
    return reverse("qi:project_edit", args=[project.pk])


def delete(project):
    return reverse("qi:project_delete", args=[project.pk])


def project_data(**overrides):
    data = {
        "title": "Fewer falls at night",
        "problem": "Residents fall when they get up at night to use the toilet.",
        "aim_what": "Reduce falls at night",
        "aim_for_whom": "residents on the first floor",
        "aim_how_much": "half",
        "aim_by_when_day": "31",
        "aim_by_when_month": "3",
        "aim_by_when_year": "2027",
        "start_date_day": "5",
        "start_date_month": "1",
        "start_date_year": "2026",
        "status": "planning",
        "visibility": "home",
    }
    data.update(overrides)
    return data


# --- Starting a project ---------------------------------------------------------------


def test_manager_starts_a_shared_collaborative_project(client, cast):
    falls = Theme.objects.get(slug="falls")
    client.force_login(cast.mona)
    form_page = client.get(CREATE).content.decode()
    assert "Who can see this project?" in form_page
    response = client.post(
        CREATE,
        project_data(
            themes=[falls.pk],
            team=[cast.sid.pk],
            coach=cast.will.pk,
            participating_homes=[cast.home_b.pk],
            visibility="shared",
            status="testing",
        ),
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == detail(project)
    assert project.home == cast.home_a and project.created_by == cast.mona
    assert project.is_shared and project.shared_at is not None
    assert project.status == "testing"
    assert project.aim_by_when == date(2027, 3, 31) and project.start_date == date(2026, 1, 5)
    assert list(project.themes.all()) == [falls]
    assert list(project.team.all()) == [cast.sid]
    assert project.coach == cast.will
    assert list(project.participating_homes.all()) == [cast.home_b]
    page = client.get(detail(project)).content.decode()
    assert "Reduce falls at night for residents on the first floor by half by 31 March 2027" in page
    assert "Oak House and 1 other home" in page
    assert "Birch House" in page and "Will" in page and "Sid" in page


def test_staff_starts_a_project_for_their_home_which_stays_home_only(client, cast):
    client.force_login(cast.sid)
    form_page = client.get(CREATE).content.decode()
    assert "Who can see this project?" not in form_page
    assert "Your home's manager can share it" in form_page
    response = client.post(CREATE, project_data(visibility="shared"))
    project = Project.objects.get()
    assert response.status_code == 302
    assert project.home == cast.home_a and project.created_by == cast.sid
    assert not project.is_shared and project.shared_at is None


def test_staff_cannot_share_through_the_service(cast):
    form_details = services.ProjectDetails(
        title="t",
        problem="p",
        aim_what="a",
        aim_for_whom="b",
        aim_how_much="c",
        aim_by_when=date(2027, 1, 1),
        start_date=date(2026, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.create_project(
            actor=cast.sid,
            membership=cast.sid.memberships.get(),
            details=form_details,
            visibility="shared",
        )
    assert not Project.objects.exists()


@pytest.mark.parametrize("role", ["pat", "will", "ada"])
def test_partners_and_project_workers_cannot_start_a_project(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, project_data()).status_code == 403
    assert not Project.objects.exists()
    assert "Start a project" not in client.get(LIST).content.decode()


def test_care_home_members_see_the_start_button(client, cast):
    client.force_login(cast.sid)
    assert "Start a project" in client.get(LIST).content.decode()


def test_the_home_comes_from_who_you_act_for_not_the_form(client, cast):
    client.force_login(cast.mona)
    client.post(CREATE, project_data(home=cast.home_b.pk))
    assert Project.objects.get().home == cast.home_a


def test_aim_date_must_be_after_the_start_date(client, cast):
    client.force_login(cast.mona)
    response = client.post(
        CREATE,
        project_data(aim_by_when_day="1", aim_by_when_month="1", aim_by_when_year="2026"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "must be after the start date" in html
    assert not Project.objects.exists()


def test_missing_fields_get_clear_errors(client, cast):
    client.force_login(cast.mona)
    html = client.post(CREATE, {}).content.decode()
    for message in (
        "Enter a title for the project",
        "Describe the problem the project is about",
        "Enter what will improve",
        "Enter who it will improve things for",
        "Enter how much it will improve",
        "Enter the date you want to reach your aim by",
        "Enter the date the project starts",
        "Choose where the project is now",
    ):
        assert message in html, message
    assert not Project.objects.exists()


def test_half_typed_date_says_what_is_missing(client, cast):
    client.force_login(cast.mona)
    html = client.post(CREATE, project_data(start_date_month="")).content.decode()
    assert "The date must include a month" in html
    assert not Project.objects.exists()


@pytest.mark.parametrize("field", ["problem", "title", "aim_for_whom"])
def test_nhs_number_is_refused_and_nothing_saved(client, cast, field):
    client.force_login(cast.mona)
    html = client.post(CREATE, project_data(**{field: f"Resident {NHS_NUMBER}"})).content.decode()
    assert "Remove the NHS number" in html
    assert not Project.objects.exists()


def test_team_can_only_be_people_at_the_home(client, cast):
    client.force_login(cast.mona)
    html = client.post(CREATE, project_data(team=[cast.bea.pk])).content.decode()
    assert "Error: " in html
    assert not Project.objects.exists()
    details = services.ProjectDetails(
        title="t",
        problem="p",
        aim_what="a",
        aim_for_whom="b",
        aim_how_much="c",
        aim_by_when=date(2027, 1, 1),
        start_date=date(2026, 1, 1),
        team=(cast.bea,),
        coach=cast.pat,
    )
    with pytest.raises(ValidationError) as error:
        services.create_project(
            actor=cast.mona, membership=cast.mona.memberships.get(), details=details
        )
    assert set(error.value.message_dict) == {"team", "coach"}
    assert not Project.objects.exists()


# --- Changing and deleting ------------------------------------------------------------


@pytest.fixture
def project(cast):
    return make_project(cast.home_a, coach=cast.will)


def test_edit_keeps_the_home_and_links_needs_of_the_projects_homes(client, cast, project):
    ours = Need.objects.create(organisation=cast.home_a, title="Falls training", description="d")
    theirs = Need.objects.create(organisation=cast.home_b, title="Menu ideas", description="d")
    client.force_login(cast.sid)
    page = client.get(edit(project)).content.decode()
    assert "Falls training" in page and "Menu ideas" not in page
    response = client.post(
        edit(project),
        project_data(title="Safer nights", home=cast.home_b.pk, linked_needs=[ours.pk]),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Safer nights" and project.home == cast.home_a
    assert list(project.linked_needs.all()) == [ours]
    html = client.get(detail(project)).content.decode()
    assert reverse("surveys:need_detail", args=[ours.pk]) in html
    # A need of another home is refused, and nothing changes.
    response = client.post(edit(project), project_data(title="Other", linked_needs=[theirs.pk]))
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title == "Safer nights"


def test_staff_cannot_change_who_sees_the_project(client, cast, project):
    client.force_login(cast.sid)
    assert "Who can see this project?" not in client.get(edit(project)).content.decode()
    client.post(edit(project), project_data(visibility="shared"))
    project.refresh_from_db()
    assert not project.is_shared
    with pytest.raises(PermissionDenied):
        services.update_project(
            actor=cast.sid,
            project=project,
            details=services.ProjectDetails(
                title="t",
                problem="p",
                aim_what="a",
                aim_for_whom="b",
                aim_how_much="c",
                aim_by_when=date(2027, 1, 1),
                start_date=date(2026, 1, 1),
            ),
            visibility="shared",
        )


def _details(**overrides):
    return services.ProjectDetails(
        **{
            "title": "t",
            "problem": "p",
            "aim_what": "a",
            "aim_for_whom": "b",
            "aim_how_much": "c",
            "aim_by_when": date(2027, 1, 1),
            "start_date": date(2026, 1, 1),
            **overrides,
        }
    )


def test_staff_cannot_invite_another_home_in(client, cast, project):
    """Every member of a participating home sees the project, so adding a home widens who
    sees it: the lead home's manager decides, as for sharing."""
    client.force_login(cast.sid)
    assert "Other care homes taking part" not in client.get(edit(project)).content.decode()
    response = client.post(edit(project), project_data(participating_homes=[cast.home_b.pk]))
    assert response.status_code == 302  # the rest of the form saves
    assert not project.participating_homes.exists()
    client.force_login(cast.bea)
    assert client.get(detail(project)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.update_project(
            actor=cast.sid, project=project, details=_details(participating_homes=(cast.home_b,))
        )
    # Leaving the homes out keeps them as they are.
    project.participating_homes.add(cast.home_b)
    services.update_project(actor=cast.sid, project=project, details=_details())
    assert list(project.participating_homes.all()) == [cast.home_b]


def test_staff_cannot_start_a_collaborative(cast):
    membership = cast.sid.memberships.get()
    with pytest.raises(ValidationError) as refused:
        services.create_project(
            actor=cast.sid,
            membership=membership,
            details=_details(participating_homes=(cast.home_b,)),
        )
    assert "manager" in str(refused.value)
    assert not Project.objects.exists()


def test_manager_shares_through_the_edit_form(client, cast, project):
    client.force_login(cast.mona)
    client.post(edit(project), project_data(visibility="shared"))
    project.refresh_from_db()
    assert project.is_shared and project.shared_at is not None


def test_edit_keeps_a_team_member_who_has_left_the_home(client, cast, project):
    leaver = MembershipFactory(organisation=cast.home_a, role=Role.CARE_HOME_STAFF).user
    project.team.add(leaver)
    leaver.memberships.all().delete()
    client.force_login(cast.mona)
    response = client.post(edit(project), project_data(team=[leaver.pk], coach=cast.will.pk))
    assert response.status_code == 302
    assert list(project.team.all()) == [leaver]


def test_delete_page_says_what_goes_and_only_the_manager_deletes(client, cast, project):
    driver = Driver.objects.create(project=project, level="primary", text="Safe rooms")
    idea = make_change_idea(project, driver=driver)
    make_cycle(idea)
    make_measure(project, values=[3, 4, 2])
    client.force_login(cast.sid)
    assert client.get(delete(project)).status_code == 403
    assert client.post(delete(project)).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()
    client.force_login(cast.mona)
    html = client.get(delete(project)).content.decode()
    assert "1 driver and 1 change idea" in html
    assert "1 PDSA cycle," in html
    assert "1 measure and the 3 values" in html
    response = client.post(delete(project))
    assert response.status_code == 302 and response.url == LIST
    for model in (Project, Driver, ChangeIdea, Cycle, Measure, MeasureValue):
        assert not model.objects.exists(), model


def test_overview_shows_the_details_and_links_for_each_role(client, cast, project):
    Theme.objects.get(slug="falls").qi_projects.add(project)
    project.team.add(cast.sid)
    client.force_login(cast.will)
    html = client.get(detail(project)).content.decode()
    assert "Fewer falls at night" in html and "Oak House" in html
    assert "Reduce falls at night for residents on the first floor by half by 31 March 2027" in html
    assert "Falls" in html and "Sid" in html
    assert "Change the project details" not in html and "Delete the project" not in html
    assert 'aria-current="page"><span class="nhsuk-contents-list__current">Overview' in html
    client.force_login(cast.sid)
    html = client.get(detail(project)).content.decode()
    assert "Change the project details" in html and "Delete the project" not in html
    client.force_login(cast.mona)
    assert "Delete the project" in client.get(detail(project)).content.decode()


def test_participating_home_sees_and_works_on_a_collaborative(client, cast, project):
    project.participating_homes.add(cast.home_b)
    client.force_login(cast.bea)
    assert client.get(detail(project)).status_code == 200
    assert client.get(edit(project)).status_code == 200
    assert client.get(delete(project)).status_code == 403
    assert "Fewer falls at night" in client.get(LIST).content.decode()


# --- The list ---------------------------------------------------------------------------


def _titles(client, url=LIST, **params) -> str:
    return client.get(url, params).content.decode()


def test_list_shows_each_role_the_right_projects(client, cast):
    make_project(cast.home_a, title="Home A private")
    make_project(cast.home_a, title="Home A shared", shared=True)
    make_project(cast.home_b, title="Home B private")
    make_project(cast.home_b, title="Home B shared", shared=True)
    expected = {
        "mona": {"Home A private", "Home A shared"},
        "bea": {"Home B private", "Home B shared"},
        "pat": {"Home A shared", "Home B shared"},
        "will": {"Home A private", "Home A shared", "Home B private", "Home B shared"},
    }
    everything = expected["will"]
    for role, titles in expected.items():
        client.force_login(getattr(cast, role))
        html = _titles(client)
        for title in everything:
            assert (title in html) == (title in titles), (role, title)


def test_cards_show_home_status_aim_cycles_and_last_update(client, cast, project):
    idea = make_change_idea(project)
    make_cycle(idea, number=1)
    make_cycle(idea, number=2)
    project.participating_homes.add(cast.home_b)
    client.force_login(cast.mona)
    html = _titles(client)
    assert "Oak House and 1 other home" in html
    assert ">Planning</strong>" in html
    assert "Reduce falls at night for residents on the first floor" in html
    assert "2 PDSA cycles" in html
    assert "Last updated" in html


def test_list_filters_for_project_workers(client, cast):
    falls = Theme.objects.get(slug="falls")
    coached = make_project(cast.home_a, title="Coached by Will", coach=cast.will, status="testing")
    coached.themes.add(falls)
    make_project(cast.home_b, title="Birch project", status="completed")
    client.force_login(cast.will)
    html = _titles(client, status="testing")
    assert "Coached by Will" in html and "Birch project" not in html
    html = _titles(client, theme=falls.pk)
    assert "Coached by Will" in html and "Birch project" not in html
    html = _titles(client, q="birch")
    assert "Birch project" in html and "Coached by Will" not in html
    html = _titles(client, mine="on")
    assert "Coached by Will" in html and "Birch project" not in html
    assert "1 project found" in html and "Clear filters" in html


def test_home_members_and_partners_get_fewer_filters(client, cast):
    client.force_login(cast.mona)
    html = _titles(client)
    assert "Only projects I coach" not in html and "Search by title" not in html
    client.force_login(cast.pat)
    html = _titles(client)
    assert "Only projects I coach" not in html and "Search by title" in html


def test_list_pages_keep_the_filters(client, cast):
    for i in range(25):
        make_project(cast.home_a, title=f"Project {i}", status="testing")
    make_project(cast.home_a, title="Planning one")
    client.force_login(cast.will)
    html = _titles(client, status="testing")
    assert "25 projects found" in html
    assert "status=testing" in html and "page=2" in html
    html = _titles(client, status="testing", page=2)
    assert html.count('class="nhsuk-card nhsuk-u-margin-bottom-4"') == 5


def test_bad_filter_is_shown_not_crashed(client, cast):
    client.force_login(cast.will)
    response = client.get(LIST, {"status": "nonsense"})
    assert response.status_code == 200
    assert "Choose a status from the list" in response.content.decode()


# --- Query counts -----------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_projects(cast, n, start=0):
    falls = Theme.objects.get(slug="falls")
    for i in range(start, start + n):
        project = make_project(cast.home_a, title=f"Project {i}", coach=cast.will)
        project.participating_homes.add(OrganisationFactory(area=cast.home_a.area))
        project.team.add(cast.sid)
        project.themes.add(falls)
        make_cycle(make_change_idea(project))


@pytest.mark.parametrize("role", ["mona", "pat", "will"])
def test_list_query_count_stays_flat(client, cast, role):
    client.force_login(getattr(cast, role))
    Project.objects.all().delete()
    _add_projects(cast, 1)
    Project.objects.update(visibility="shared")
    few = _queries(client, LIST)
    _add_projects(cast, 19, start=1)
    Project.objects.update(visibility="shared")
    assert Project.objects.count() == 20
    assert _queries(client, LIST) == few


def test_project_page_query_count_stays_flat_as_the_diagram_grows(client, cast, project):
    def grow(n):
        for i in range(n):
            primary = Driver.objects.create(project=project, level="primary", text=f"P{i}")
            secondary = Driver.objects.create(
                project=project, level="secondary", parent=primary, text=f"S{i}"
            )
            make_cycle(make_change_idea(project, title=f"Idea {i}", driver=secondary))
            make_change_idea(project, title=f"Aim idea {i}")

    client.force_login(cast.mona)
    grow(1)
    few = _queries(client, detail(project))
    drivers_few = _queries(client, reverse("qi:drivers", args=[project.pk]))
    grow(19)
    assert _queries(client, detail(project)) == few
    assert _queries(client, reverse("qi:drivers", args=[project.pk])) == drivers_few


def test_home_members_choose_from_the_themes_their_projects_use(client, cast):
    falls, dementia = Theme.objects.get(slug="falls"), Theme.objects.get(slug="dementia")
    for title in ("One", "Two"):
        make_project(cast.home_a, title=title).themes.add(falls)
    make_project(cast.home_b, title="Elsewhere").themes.add(dementia)
    client.force_login(cast.mona)
    html = _titles(client)
    assert html.count(f'<option value="{falls.pk}"') == 1
    assert f'<option value="{dementia.pk}"' not in html
    assert "2 projects found" in _titles(client, theme=falls.pk)
