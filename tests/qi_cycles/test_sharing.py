"""Sharing improvement projects: the learning library, a project's story (case study),
writing the story, and sharing with the network (or stopping)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Theme
from qi_cycles import selectors_measures, selectors_sharing
from qi_cycles.models import Project
from tests.factories import (
    AreaFactory,
    OrganisationFactory,
    make_change_idea,
    make_cycle,
    make_measure,
    make_project,
)

LIBRARY = reverse("qi:library")


def story_url(project):
    return reverse("qi:case_study", args=[project.pk])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _titles(response) -> list[str]:
    return [p.title for p in response.context["page"].object_list]


# --- The learning library ---------------------------------------------------------------


@pytest.fixture
def shared(cast):
    return make_project(cast.home_a, shared=True, title="Better hydration")


def test_library_lists_only_shared_projects(client, cast, shared):
    make_project(cast.home_a, title="Our private falls project")
    make_project(cast.home_b, title="Birch's private project")
    for user in (cast.mona, cast.bea, cast.pat, cast.will):
        client.force_login(user)
        response = client.get(LIBRARY)
        assert _titles(response) == ["Better hydration"], user
        assert "private" not in response.content.decode()


def test_library_card_shows_home_area_aim_cycles_and_spread(client, cast, shared):
    shared.themes.add(Theme.objects.get(slug="falls"))
    idea = make_change_idea(shared, title="Drinks trolley at 3pm")
    make_cycle(idea, number=1)
    make_cycle(idea, number=2)
    # Two shared copies at home B count as one home; a copy in the same home does not
    # count, nor does a copy in a home-only project (nobody else's business).
    b1 = make_project(cast.home_b, title="Birch one", shared=True)
    b2 = make_project(cast.home_b, title="Birch two", shared=True)
    a2 = make_project(cast.home_a, title="Oak two", shared=True)
    hidden = make_project(OrganisationFactory(area=cast.home_a.area), title="Elm, home-only")
    for target in (b1, b2, a2, hidden):
        make_change_idea(target, title="Drinks trolley", copied_from=idea)
    client.force_login(cast.bea)
    page = client.get(LIBRARY).content.decode()
    assert "Oak House, Southampton" in page
    assert "Reduce falls at night for residents on the first floor by half by 31 March 2027" in page
    assert "2 PDSA cycles" in page
    assert "1 other home has tried its ideas" in page
    assert "Falls" in page
    assert "No data yet" in page
    assert story_url(shared) in page


def test_library_filters(client, cast):
    falls = Theme.objects.get(slug="falls")
    improving = make_project(cast.home_a, shared=True, title="Fewer falls", status="testing")
    improving.themes.add(falls)
    make_measure(improving, is_key=True, signal="improvement_low")
    make_measure(improving, is_key=False, signal="concern_high", name="Not a key measure")
    worse = make_project(cast.home_b, shared=True, title="Hydration", status="sustaining")
    make_measure(worse, is_key=True, signal="improvement_high")
    make_measure(worse, is_key=True, signal="concern_low", name="Balancing")
    flat = make_project(cast.home_b, shared=True, title="Mealtimes", problem="Noisy dining room")
    make_measure(flat, is_key=True, signal="common_cause")
    none = make_project(cast.home_a, shared=True, title="Oral care")
    client.force_login(cast.pat)

    def titles(**params):
        return sorted(_titles(client.get(LIBRARY, params)))

    assert titles(theme=falls.pk) == ["Fewer falls"]
    assert titles(status="sustaining") == ["Hydration"]
    assert titles(outcome="improving") == ["Fewer falls"]
    assert titles(outcome="worse") == ["Hydration"]
    assert titles(outcome="no_change") == ["Mealtimes"]
    assert titles(outcome="no_data") == [none.title]
    assert titles(q="dining") == ["Mealtimes"]
    assert titles(q="HYDRA") == ["Hydration"]
    assert titles(q="hydration", status="testing") == []


def test_library_bad_filter_says_so_and_lists_everything(client, cast, shared):
    client.force_login(cast.mona)
    response = client.get(LIBRARY, {"outcome": "brilliant", "theme": "999999"})
    page = response.content.decode()
    assert "Choose a result from the list" in page
    assert "Choose a theme from the list" in page
    assert _titles(response) == ["Better hydration"]


def test_library_paginates(client, cast):
    for i in range(23):
        make_project(cast.home_b, shared=True, title=f"Project {i:02}")
    client.force_login(cast.mona)
    first = client.get(LIBRARY)
    assert len(_titles(first)) == 20
    assert "Page 2 of 2" in first.content.decode()
    assert len(_titles(client.get(LIBRARY, {"page": 2}))) == 3


def test_library_query_count_is_flat(client, cast):
    falls = Theme.objects.get(slug="falls")

    def add(n):
        for i in range(n):
            project = make_project(cast.home_b, shared=True, title=f"P{i}")
            project.themes.add(falls)
            idea = make_change_idea(project)
            make_cycle(idea)
            make_measure(project, is_key=True, signal="common_cause")
            make_change_idea(make_project(cast.home_a), copied_from=idea)

    client.force_login(cast.bea)
    add(1)
    one = _queries(client, LIBRARY)
    add(19)
    assert _queries(client, LIBRARY) == one


# --- The story (case study) ----------------------------------------------------------------


@pytest.fixture
def story_project(cast):
    project = make_project(
        cast.home_a,
        shared=True,
        title="Better hydration",
        coach=cast.will,
        what_changed="Residents drank two more cups a day.",
        benefit_for_residents="Fewer urinary infections and more chats at the trolley.",
    )
    project.team.add(cast.sid)
    idea = make_change_idea(project, title="Drinks trolley at 3pm", description="Tea and squash")
    make_cycle(
        idea,
        number=1,
        objective="Try the trolley on one floor",
        decision="adapt",
        study_learning="Residents liked choosing their drink",
    )
    make_cycle(idea, number=2, objective="Add jelly drops", decision="adopt")
    make_change_idea(project, title="Coloured cups")
    return project


def test_story_tells_what_was_tried_and_what_changed(client, cast, story_project):
    client.force_login(cast.bea)
    page = client.get(story_url(story_project)).content.decode()
    for text in (
        "Residents fall when they get up at night",  # the problem
        "Reduce falls at night for residents on the first floor",  # the aim
        "Drinks trolley at 3pm",
        "Cycle 1:</strong> Try the trolley on one floor",
        "Adapt</strong>",
        "Cycle 2:</strong> Add jelly drops",
        "Adopt</strong>",
        "Residents liked choosing their drink",
        "Residents drank two more cups a day.",
        "Fewer urinary infections",
        "Sid",  # the team (the share page says names are shown)
        "Will",  # the coach
        "No other project has tried these ideas yet.",
    ):
        assert text in page, text
    assert "Coloured cups" in page and "Not tested yet." in page


def test_home_only_story_is_hidden_from_other_homes_and_partners(client, cast):
    project = make_project(cast.home_a, title="Private project")
    for user, status in ((cast.bea, 404), (cast.pat, 404), (cast.sid, 200), (cast.will, 200)):
        client.force_login(user)
        assert client.get(story_url(project)).status_code == status, user


def test_try_button_only_for_care_homes_of_other_homes(client, cast, story_project):
    idea = story_project.change_ideas.get(title="Drinks trolley at 3pm")
    try_url = reverse("qi:idea_try", args=[idea.pk])
    for user, shown in (
        (cast.bea, True),
        (cast.mona, False),
        (cast.pat, False),
        (cast.will, False),
    ):
        client.force_login(user)
        assert (try_url in client.get(story_url(story_project)).content.decode()) is shown, user


def test_try_button_not_on_home_only_projects(client, cast):
    project = make_project(cast.home_a, title="Private", coach=cast.will)
    idea = make_change_idea(project)
    # A project worker may see it, but home-only ideas are not offered.
    client.force_login(cast.will)
    page = client.get(story_url(project)).content.decode()
    assert reverse("qi:idea_try", args=[idea.pk]) not in page


def test_story_links_by_role(client, cast, story_project):
    edit = reverse("qi:story_edit", args=[story_project.pk])
    share = reverse("qi:project_share", args=[story_project.pk])
    pdf = reverse("qi:project_pdf", args=[story_project.pk])
    client.force_login(cast.mona)
    page = client.get(story_url(story_project)).content.decode()
    assert edit in page and share in page and pdf in page
    client.force_login(cast.sid)
    page = client.get(story_url(story_project)).content.decode()
    assert edit in page and share not in page
    client.force_login(cast.bea)
    page = client.get(story_url(story_project)).content.decode()
    assert edit not in page and share not in page and pdf in page


def test_story_query_count_is_flat(client, cast, story_project):
    client.force_login(cast.bea)

    def add(n):
        for i in range(n):
            idea = make_change_idea(story_project, title=f"Idea {i}")
            make_cycle(idea, decision="adopt")
            make_cycle(idea, number=2)
            home = OrganisationFactory(area=AreaFactory(name=f"Area {i}", kind="locality"))
            copy = make_change_idea(make_project(home), copied_from=idea)
            make_cycle(copy, decision="abandon")

    add(1)
    few = _queries(client, story_url(story_project))
    add(10)
    assert _queries(client, story_url(story_project)) == few


# --- Writing the story ----------------------------------------------------------------------


def test_staff_write_the_story(client, cast, story_project):
    client.force_login(cast.sid)
    url = reverse("qi:story_edit", args=[story_project.pk])
    assert "Residents drank two more cups a day." in client.get(url).content.decode()
    response = client.post(
        url, {"what_changed": "Falls halved", "benefit_for_residents": "  Sleep better  "}
    )
    assert response.status_code == 302
    assert response.url == story_url(story_project)
    story_project.refresh_from_db()
    assert story_project.what_changed == "Falls halved"
    assert story_project.benefit_for_residents == "Sleep better"


def test_story_refuses_resident_identifiers_and_saves_nothing(client, cast, story_project):
    client.force_login(cast.mona)
    response = client.post(
        reverse("qi:story_edit", args=[story_project.pk]),
        {"what_changed": "Great", "benefit_for_residents": "Mrs B, DOB 01/02/1930, is happier"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Remove the date of birth" in page
    assert "<title>Error: " in page
    story_project.refresh_from_db()
    assert story_project.what_changed == "Residents drank two more cups a day."


def test_other_homes_cannot_write_the_story(client, cast, story_project):
    client.force_login(cast.bea)
    response = client.post(
        reverse("qi:story_edit", args=[story_project.pk]),
        {"what_changed": "Hacked", "benefit_for_residents": ""},
    )
    assert response.status_code == 403
    story_project.refresh_from_db()
    assert story_project.what_changed == "Residents drank two more cups a day."


# --- Sharing with the network ---------------------------------------------------------------


def test_share_page_says_what_others_will_see(client, cast):
    project = make_project(cast.home_a)
    client.force_login(cast.mona)
    page = client.get(reverse("qi:project_share", args=[project.pk])).content.decode()
    assert "Every member of the network" in page
    assert "the names of the team members and the coach" in page
    assert "could identify a resident" in page


def test_manager_shares_and_stops_sharing(client, cast):
    project = make_project(cast.home_a, title="Quiet nights")
    url = reverse("qi:project_share", args=[project.pk])
    client.force_login(cast.mona)
    assert client.post(url, {"action": "share"}).status_code == 302
    project.refresh_from_db()
    assert project.is_shared and project.shared_at is not None
    client.force_login(cast.bea)
    assert "Quiet nights" in client.get(LIBRARY).content.decode()
    assert client.get(story_url(project)).status_code == 200

    client.force_login(cast.mona)
    page = client.get(url).content.decode()
    assert "Stop sharing this project?" in page
    assert client.post(url, {"action": "stop"}).status_code == 302
    project.refresh_from_db()
    assert not project.is_shared and project.shared_at is None
    client.force_login(cast.bea)
    assert "Quiet nights" not in client.get(LIBRARY).content.decode()
    assert client.get(story_url(project)).status_code == 404


def test_staff_cannot_share(client, cast):
    project = make_project(cast.home_a)
    client.force_login(cast.sid)
    url = reverse("qi:project_share", args=[project.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "share"}).status_code == 403
    project.refresh_from_db()
    assert project.visibility == Project.Visibility.HOME and project.shared_at is None


def test_share_with_a_bad_action_changes_nothing(client, cast):
    project = make_project(cast.home_a)
    client.force_login(cast.mona)
    response = client.post(reverse("qi:project_share", args=[project.pk]), {"action": "both"})
    assert response.status_code == 200
    project.refresh_from_db()
    assert not project.is_shared


# --- The panel on the project's page --------------------------------------------------------


def test_panel_shows_state_links_and_spread(cast, story_project, django_assert_num_queries):
    idea = story_project.change_ideas.get(title="Drinks trolley at 3pm")
    shared_copy = make_project(cast.home_b, title="Birch drinks", shared=True)
    make_cycle(make_change_idea(shared_copy, copied_from=idea), decision="adopt")
    hidden_copy = make_project(cast.home_b, title="Birch, home-only")
    make_cycle(make_change_idea(hidden_copy, copied_from=idea), decision="abandon")
    story_project.refresh_from_db()
    with django_assert_num_queries(5):
        panel = selectors_sharing.project_panel(cast.mona, story_project)
    assert panel["is_shared"] and panel["can_share"]
    [(spread_idea, rows)] = panel["spread_ideas"]
    assert spread_idea == idea
    # Oak House cannot see Birch's home-only project, so it is not listed at all.
    assert [(r.home_label, r.project_title, r.result) for r in rows] == [
        ("Birch House", "Birch drinks", "Adopted")
    ]
    rows = selectors_sharing.project_panel(cast.will, story_project)["spread_ideas"][0][1]
    assert {r.project_title for r in rows} == {"Birch drinks", "Birch, home-only"}
    assert panel["origins"] == []
    assert not selectors_sharing.project_panel(cast.sid, story_project)["can_share"]


def test_panel_query_count_is_flat(cast, story_project, django_assert_num_queries):
    idea = story_project.change_ideas.first()
    for i in range(12):
        copy = make_change_idea(make_project(cast.home_b, title=f"B{i}"), copied_from=idea)
        make_cycle(copy, decision="adapt")
    with django_assert_num_queries(5):
        selectors_sharing.project_panel(cast.mona, story_project)


def test_project_page_shows_the_sharing_panel(client, cast, story_project):
    idea = story_project.change_ideas.get(title="Drinks trolley at 3pm")
    mine = make_project(cast.home_b, title="Birch drinks")
    make_change_idea(mine, title="Trolley", copied_from=idea)
    client.force_login(cast.mona)
    page = client.get(reverse("qi:project_detail", args=[story_project.pk])).content.decode()
    assert "Sharing and spread" in page
    assert reverse("qi:project_share", args=[story_project.pk]) in page
    assert reverse("qi:project_pdf", args=[story_project.pk]) in page
    assert "Birch drinks" not in page and "A care home in" not in page  # home-only copy
    client.force_login(cast.bea)
    page = client.get(reverse("qi:project_detail", args=[mine.pk])).content.decode()
    assert "Ideas from other projects" in page
    assert "Better hydration</a> at Oak House" in page


def test_story_shows_key_measure_charts_with_their_summaries(client, cast, story_project):
    key = make_measure(story_project, values=[5, 6, 4, 7, 8, 9, 9, 10], is_key=True)
    make_measure(story_project, values=[1, 2], name="Cups washed")
    [(measure, chart)] = selectors_measures.charts_for(story_project, key_only=True)
    client.force_login(cast.pat)
    page = client.get(story_url(story_project)).content.decode()
    assert measure == key
    assert "<svg" in page and chart["summary"] in page
    assert "Cups washed" not in page
