""" "Try this in our home": copying a change idea into another project, and where ideas
have spread (never naming a home to people who may not see its project)."""

import pytest
from django.urls import reverse

from network.models import Theme
from network.roles import Role
from qi_cycles.models import ChangeIdea, Project
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganisationFactory,
    make_change_idea,
    make_cycle,
    make_project,
)


@pytest.fixture
def source(cast):
    return make_project(cast.home_a, shared=True, title="Better hydration")


@pytest.fixture
def idea(source):
    return make_change_idea(source, title="Drinks trolley at 3pm", description="Tea and squash")


def try_url(idea):
    return reverse("qi:idea_try", args=[idea.pk])


def story(project):
    return reverse("qi:case_study", args=[project.pk])


def test_form_offers_own_projects_and_a_new_one(client, cast, idea):
    mine = make_project(cast.home_b, title="Calmer mealtimes")
    make_project(cast.home_b, title="Finished one", status="completed")
    make_project(cast.home_a, title="Oak's project")
    client.force_login(cast.bea)
    response = client.get(try_url(idea))
    choices = dict(response.context["form"].fields["project"].choices)
    assert choices == {
        str(mine.pk): "Calmer mealtimes (Birch House)",
        "new": "Start a new project with this idea",
    }
    page = response.content.decode()
    assert "Drinks trolley at 3pm" in page and "Better hydration" in page


def test_copy_into_own_project_records_where_from(client, cast, idea):
    mine = make_project(cast.home_b, title="Calmer mealtimes")
    make_change_idea(mine, title="Quiet music", position=4)
    client.force_login(cast.bea)
    response = client.post(try_url(idea), {"project": mine.pk})
    assert response.status_code == 302
    copy = mine.change_ideas.get(copied_from=idea)
    assert (copy.title, copy.description, copy.copied_by, copy.position) == (
        "Drinks trolley at 3pm",
        "Tea and squash",
        cast.bea,
        5,
    )
    # The copy links back; the original shows where it went.
    page = client.get(story(mine)).content.decode()
    assert "Adapted from" in page and story(idea.project) in page and "Oak House" in page
    client.force_login(cast.mona)
    page = client.get(story(idea.project)).content.decode()
    # Bea's project is home-only: Oak House does not learn it exists.
    assert "Birch House" not in page and "Calmer mealtimes" not in page
    assert "A care home in" not in page and "Project status:" not in page
    client.force_login(cast.will)
    page = client.get(story(idea.project)).content.decode()
    assert "Calmer mealtimes" in page and "Not tested yet" in page


def test_copying_twice_says_it_is_already_there(client, cast, idea):
    mine = make_project(cast.home_b, title="Calmer mealtimes")
    client.force_login(cast.bea)
    client.post(try_url(idea), {"project": mine.pk})
    response = client.post(try_url(idea), {"project": mine.pk})
    assert response.status_code == 200
    assert "This idea is already in Calmer mealtimes" in response.content.decode()
    assert mine.change_ideas.count() == 1


def test_start_a_new_project_with_the_idea(client, cast, idea):
    idea.project.themes.add(Theme.objects.get(slug="falls"))
    client.force_login(cast.bea)
    response = client.post(try_url(idea), {"project": "new"})
    assert response.status_code == 302
    new = Project.objects.get(home=cast.home_b)
    assert (new.title, new.status, new.visibility, new.created_by) == (
        "Drinks trolley at 3pm",
        "planning",
        "home",
        cast.bea,
    )
    assert [t.slug for t in new.themes.all()] == ["falls"]
    assert new.change_ideas.get().copied_from == idea
    assert response.url == reverse("qi:project_edit", args=[new.pk])


def test_same_home_may_copy_into_another_of_its_projects(client, cast, idea):
    other = make_project(cast.home_a, title="Oak night project")
    client.force_login(cast.sid)
    assert client.post(try_url(idea), {"project": other.pk}).status_code == 302
    assert other.change_ideas.get().copied_from == idea


def test_copy_into_its_own_project_is_refused(client, cast, idea):
    client.force_login(cast.mona)
    response = client.post(try_url(idea), {"project": idea.project_id})
    assert "This idea is already in this project" in response.content.decode()
    assert ChangeIdea.objects.count() == 1


def test_partners_and_project_workers_cannot_try(client, cast, idea):
    for user in (cast.pat, cast.will, cast.ada):
        client.force_login(user)
        assert client.get(try_url(idea)).status_code == 403, user
        assert client.post(try_url(idea), {"project": "new"}).status_code == 403, user
    assert ChangeIdea.objects.count() == 1 and Project.objects.count() == 1


def test_a_project_one_cannot_see_or_change(client, cast, idea):
    elsewhere = make_project(OrganisationFactory(area=cast.home_a.area), title="Hidden")
    readable = make_project(OrganisationFactory(area=cast.home_a.area), shared=True)
    client.force_login(cast.bea)
    assert client.post(try_url(idea), {"project": elsewhere.pk}).status_code == 404
    assert client.post(try_url(idea), {"project": readable.pk}).status_code == 403
    assert client.post(try_url(idea), {"project": 987654}).status_code == 404
    assert ChangeIdea.objects.count() == 1


def test_no_choice_is_a_form_error(client, cast, idea):
    client.force_login(cast.bea)
    response = client.post(try_url(idea), {})
    assert response.status_code == 200
    assert "Choose a project, or start a new one" in response.content.decode()
    assert ChangeIdea.objects.count() == 1


def test_home_only_idea_is_404_for_other_homes(client, cast):
    hidden = make_change_idea(make_project(cast.home_a, title="Private"))
    client.force_login(cast.bea)
    assert client.get(try_url(hidden)).status_code == 404


# --- Spread -------------------------------------------------------------------------------


def test_spread_names_a_home_only_to_people_who_may_see_the_copy(client, cast, idea):
    far = OrganisationFactory(name="Elm Park", area=AreaFactory(name="Camden", kind="locality"))
    hidden_copy = make_change_idea(make_project(far, title="Elm falls"), copied_from=idea)
    make_cycle(hidden_copy, number=1, decision="adapt")
    make_cycle(hidden_copy, number=2, decision="abandon")
    shared_copy = make_change_idea(
        make_project(cast.home_b, shared=True, title="Birch drinks"), copied_from=idea
    )
    make_cycle(shared_copy, decision="")
    elm_manager = MembershipFactory(organisation=far, role=Role.CARE_HOME_MANAGER).user

    client.force_login(cast.pat)  # a partner: sees shared projects only
    page = client.get(story(idea.project)).content.decode()
    # The home-only copy is not mentioned at all: not its home, area or result.
    assert "Camden" not in page and "Elm Park" not in page and "Elm falls" not in page
    assert "Abandoned" not in page
    assert "Birch House" in page and "Birch drinks" in page and "Being tested" in page

    for viewer in (cast.will, elm_manager):  # project workers, and the copying home
        client.force_login(viewer)
        page = client.get(story(idea.project)).content.decode()
        assert "Elm Park" in page and "Elm falls" in page, viewer


def test_copy_of_a_project_that_stopped_sharing_hides_where_from(client, cast, idea):
    mine = make_project(cast.home_b, title="Calmer mealtimes")
    make_change_idea(mine, title="Trolley", copied_from=idea)
    idea.project.visibility = Project.Visibility.HOME
    idea.project.save()
    client.force_login(cast.bea)
    page = client.get(story(mine)).content.decode()
    assert "Adapted from another project" in page
    assert "Better hydration" not in page and "Oak House" not in page
    assert "a care home in Southampton" not in page


def test_starting_a_new_project_twice_makes_one(client, cast, idea):
    client.force_login(cast.bea)
    first = client.post(try_url(idea), {"project": "new"})
    second = client.post(try_url(idea), {"project": "new"})
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Project.objects.filter(home=cast.home_b).count() == 1


def test_a_finished_project_cannot_take_a_new_idea(client, cast, idea):
    done = make_project(cast.home_b, title="Done and dusted", status="completed")
    client.force_login(cast.bea)
    response = client.post(try_url(idea), {"project": done.pk})
    assert response.status_code == 200
    assert not done.change_ideas.exists()
