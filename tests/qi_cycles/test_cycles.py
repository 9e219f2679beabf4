"""PDSA cycles: starting one (numbering in the ramp, the plan's rules, double submit),
the cycle's page, changing it, comments, deleting, the ramps list and the project panel."""

import re
from datetime import date, timedelta

import pytest
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from qi_cycles import access, selectors_cycles, services_cycles
from qi_cycles.models import Cycle, CycleComment
from tests.factories import make_change_idea, make_cycle, make_measure, make_project

NHS_NUMBER = "943 476 5919"  # a valid NHS number (test range)


@pytest.fixture
def project(cast):
    return make_project(cast.home_a, coach=cast.will)


@pytest.fixture
def idea(project):
    return make_change_idea(project)


def create_url(project, idea=None):
    url = reverse("qi:cycle_create", args=[project.pk])
    return f"{url}?idea={idea.pk}" if idea else url


def detail(cycle):
    return reverse("qi:cycle_detail", args=[cycle.pk])


def plan(idea, **overrides):
    data = {
        "change_idea": idea.pk,
        "objective": "Offer a drink at every visit",
        "question": "Will residents drink more?",
        "prediction": "Most residents will drink an extra cup a day",
        "plan_who": "Day carers",
        "starts_on_day": "2",
        "starts_on_month": "3",
        "starts_on_year": "2026",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Starting a cycle ---------------------------------------------------------------------


def test_mona_starts_a_cycle_and_sees_it(client, cast, project, idea):
    measure = make_measure(project)
    client.force_login(cast.mona)
    form = client.get(create_url(project, idea)).content.decode()
    assert "Start the cycle" in form and idea.title in form
    response = client.post(
        create_url(project),
        plan(idea, measures=[measure.pk], ends_on_day="9", ends_on_month="3", ends_on_year="2026"),
        follow=True,
    )
    cycle = Cycle.objects.get()
    assert response.redirect_chain[-1][0] == detail(cycle)
    assert (cycle.number, cycle.project, cycle.change_idea) == (1, project, idea)
    assert cycle.starts_on == date(2026, 3, 2) and cycle.ends_on == date(2026, 3, 9)
    assert list(cycle.measures.all()) == [measure]
    assert cycle.created_by == cast.mona and cycle.version == 1
    page = response.content.decode()
    assert "Cycle 1 of &#x27;Night-time comfort rounds&#x27; has started" in page
    assert "Will residents drink more?" in page and "Day carers" in page
    assert "2 March 2026 to 9 March 2026" in page
    assert "Falls at night" in page  # the measure it relates to


def test_cycles_number_along_each_ideas_ramp(client, cast, project, idea):
    other = make_change_idea(project, title="Sensor mats")
    client.force_login(cast.sid)
    for objective, chosen in [("First", idea), ("Second", idea), ("Mats", other), ("Third", idea)]:
        response = client.post(create_url(project), plan(chosen, objective=objective))
        assert response.status_code == 302
    numbers = {c.objective: (c.change_idea_id, c.number) for c in Cycle.objects.all()}
    assert numbers == {
        "First": (idea.pk, 1),
        "Second": (idea.pk, 2),
        "Third": (idea.pk, 3),
        "Mats": (other.pk, 1),
    }


def test_double_submit_makes_one_cycle(client, cast, project, idea):
    client.force_login(cast.mona)
    first = client.post(create_url(project), plan(idea))
    second = client.post(create_url(project), plan(idea), follow=True)
    cycle = Cycle.objects.get()
    assert first.url == detail(cycle)
    assert second.redirect_chain[-1][0] == detail(cycle)
    assert "This cycle was already saved" in second.content.decode()
    # A different test of the same idea is a new cycle.
    client.post(create_url(project), plan(idea, objective="Offer a drink at every meal"))
    assert sorted(Cycle.objects.values_list("number", flat=True)) == [1, 2]


def test_same_plan_again_after_a_while_is_a_new_cycle(cast, project, idea):
    fields = {"objective": "Try it", "starts_on": date(2026, 3, 2)}
    first, created = services_cycles.create_cycle(
        actor=cast.mona, project=project, change_idea=idea, **fields
    )
    Cycle.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    second, created = services_cycles.create_cycle(
        actor=cast.mona, project=project, change_idea=idea, **fields
    )
    assert created and second.number == 2


def test_create_refuses_bad_plans(client, cast, project, idea):
    other_project = make_project(cast.home_a, title="Other")
    foreign_idea = make_change_idea(other_project, title="Not ours")
    foreign_measure = make_measure(other_project, name="Not our measure")
    make_measure(project)
    client.force_login(cast.mona)
    cases = [
        (plan(idea, objective=""), "Enter what this cycle is for"),
        (plan(idea, starts_on_day=""), "The date must include a day"),
        (
            plan(idea, ends_on_day="1", ends_on_month="3", ends_on_year="2026"),
            "The end date must be on or after the start date",
        ),
        (plan(idea, change_idea=foreign_idea.pk), "Choose a change idea from this project"),
        (plan(idea, measures=[foreign_measure.pk]), "Choose measures from this project"),
        (plan(idea, prediction=f"Resident {NHS_NUMBER} will drink more"), "Remove the NHS number"),
    ]
    for data, message in cases:
        response = client.post(create_url(project), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html, message
        assert "<title>Error: " in html
    assert not Cycle.objects.exists()


def test_create_with_no_change_ideas_explains(client, cast, project):
    client.force_login(cast.mona)
    html = client.get(create_url(project)).content.decode()
    assert "This project has no change ideas yet" in html
    assert reverse("qi:idea_add", args=[project.pk]) in html
    assert "Start the cycle" not in html


def test_idea_in_address_is_chosen_and_only_from_this_project(client, cast, project, idea):
    second = make_change_idea(project, title="Sensor mats")
    foreign = make_change_idea(make_project(cast.home_b), title="Elsewhere")
    client.force_login(cast.sid)
    html = client.get(create_url(project, second)).content.decode()
    inputs = re.findall(r'<input[^>]*name="change_idea"[^>]*>', html)
    checked = [tag for tag in inputs if " checked" in tag]
    assert len(checked) == 1 and f'value="{second.pk}"' in checked[0]
    html = client.get(create_url(project, foreign)).content.decode()
    assert "Elsewhere" not in html and "checked" not in html


def test_service_rechecks_who_may_start(cast, project, idea):
    with pytest.raises(access.PermissionDenied):
        services_cycles.create_cycle(
            actor=cast.will,
            project=project,
            change_idea=idea,
            objective="x",
            starts_on=date(2026, 1, 1),
        )
    assert not Cycle.objects.exists()


# --- A cycle's page -------------------------------------------------------------------------


def test_cycle_page_shows_the_worksheet_neighbours_and_comments(client, cast, project, idea):
    first = make_cycle(idea, objective="Rounds on one corridor")
    second = make_cycle(
        idea,
        number=2,
        objective="Rounds on two corridors",
        do_what_happened="We did rounds all week",
        study_results="Two falls instead of five",
        decision="adapt",
        next_step="Try the ground floor",
    )
    third = make_cycle(idea, number=3, objective="Rounds on the ground floor")
    CycleComment.objects.create(cycle=second, author=cast.will, body="Good learning here")
    client.force_login(cast.sid)
    html = client.get(detail(second)).content.decode()
    for text in [
        "Cycle 2: Rounds on two corridors",
        "We did rounds all week",
        "Two falls instead of five",
        "Adapt: change it and test again",
        "Try the ground floor",
        "Adapted",
        "Good learning here",
        "Will (coach)",
        detail(first),
        detail(third),
        "Add comment",
    ]:
        assert text in html, text
    # A next cycle exists, so the page does not offer to start one.
    assert "You chose to adapt" not in html


def test_adapt_offers_the_next_cycle(client, cast, project, idea):
    cycle = make_cycle(idea, study_learning="Works at night only", decision="adapt")
    client.force_login(cast.mona)
    html = client.get(detail(cycle)).content.decode()
    assert "You chose to adapt" in html
    assert f"{create_url(project)}?idea={idea.pk}" in html
    client.force_login(cast.will)  # the coach cannot start cycles
    assert "You chose to adapt" not in client.get(detail(cycle)).content.decode()


def test_coach_reads_without_edit_links(client, cast, project, idea):
    cycle = make_cycle(idea)
    client.force_login(cast.will)
    html = client.get(detail(cycle)).content.decode()
    assert reverse("qi:cycle_edit", args=[cycle.pk]) not in html
    assert reverse("qi:cycle_delete", args=[cycle.pk]) not in html
    assert "Add comment" in html


def test_bea_cannot_find_home_only_cycles(client, cast, project, idea):
    cycle = make_cycle(idea)
    client.force_login(cast.bea)
    for url in (
        detail(cycle),
        reverse("qi:cycle_list", args=[project.pk]),
        reverse("qi:cycle_edit", args=[cycle.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("qi:cycle_comment", args=[cycle.pk]), {"body": "Hi"}).status_code == 404
    )
    assert not CycleComment.objects.exists()


# --- Comments -------------------------------------------------------------------------------


def test_coach_comments_but_cannot_edit(client, cast, project, idea):
    cycle = make_cycle(idea)
    client.force_login(cast.will)
    response = client.post(
        reverse("qi:cycle_comment", args=[cycle.pk]), {"body": "  Ask the night team  "}
    )
    assert response.url == detail(cycle) + "#comments"
    comment = CycleComment.objects.get()
    assert (comment.author, comment.body) == (cast.will, "Ask the night team")
    edit = reverse("qi:cycle_edit", args=[cycle.pk])
    assert client.get(edit).status_code == 403
    response = client.post(edit, {"objective": "Changed", "version": 1})
    assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.objective == "Try hourly rounds on one corridor" and cycle.version == 1


@pytest.mark.parametrize(
    "body, message",
    [("   ", "Enter your comment"), (f"Resident {NHS_NUMBER} fell", "Remove the NHS number")],
)
def test_bad_comment_is_shown_on_the_cycle_page(client, cast, project, idea, body, message):
    cycle = make_cycle(idea)
    client.force_login(cast.sid)
    response = client.post(reverse("qi:cycle_comment", args=[cycle.pk]), {"body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "<title>Error: " in html
    assert "Cycle 1: Try hourly rounds" in html  # still the cycle's page
    assert not CycleComment.objects.exists()


def test_comment_is_post_only(client, cast, project, idea):
    cycle = make_cycle(idea)
    client.force_login(cast.sid)
    assert client.get(reverse("qi:cycle_comment", args=[cycle.pk])).status_code == 405


# --- Deleting -------------------------------------------------------------------------------


def test_delete_renumbers_the_rest_of_the_ramp(client, cast, project, idea):
    cycles = [make_cycle(idea, number=n, objective=f"Test {n}") for n in (1, 2, 3)]
    CycleComment.objects.create(cycle=cycles[1], author=cast.will, body="Hmm")
    url = reverse("qi:cycle_delete", args=[cycles[1].pk])
    client.force_login(cast.sid)
    assert "and its 1 comment" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("qi:cycle_list", args=[project.pk])
    assert list(Cycle.objects.order_by("number").values_list("objective", "number")) == [
        ("Test 1", 1),
        ("Test 3", 2),
    ]
    assert not CycleComment.objects.exists()
    client.post(create_url(project), plan(idea))
    assert Cycle.objects.get(objective="Offer a drink at every visit").number == 3


# --- The ramps and the project panel --------------------------------------------------------


def test_ramps_list_each_idea_in_order(client, cast, project, idea):
    mats = make_change_idea(project, title="Sensor mats", position=1)
    make_cycle(idea, number=2, objective="Second go", starts_on=date(2026, 2, 10))
    make_cycle(idea, number=1, objective="First go", decision="adopt", study_learning="ok")
    client.force_login(cast.sid)
    html = client.get(reverse("qi:cycle_list", args=[project.pk])).content.decode()
    assert html.index("First go") < html.index("Second go") < html.index("Sensor mats")
    assert "Adopted" in html and "No cycles yet" in html
    assert f"{create_url(project)}?idea={mats.pk}" in html
    client.force_login(cast.will)
    html = client.get(reverse("qi:cycle_list", args=[project.pk])).content.decode()
    assert "First go" in html and "Start a cycle" not in html


def _fill(project, ideas, cycles_each):
    for i in range(ideas):
        idea = make_change_idea(project, title=f"Idea {i}", position=i)
        for n in range(1, cycles_each + 1):
            make_cycle(idea, number=n, objective=f"Test {i}.{n}")


@pytest.mark.parametrize("ideas, cycles_each", [(1, 1), (20, 20)])
def test_ramps_list_queries_do_not_grow(
    client, cast, project, ideas, cycles_each, django_assert_num_queries
):
    _fill(project, ideas, cycles_each)
    client.force_login(cast.mona)
    url = reverse("qi:cycle_list", args=[project.pk])
    client.get(url)  # warm up the session
    with django_assert_num_queries(QUERIES["list"]):
        response = client.get(url)
    assert f"Test {ideas - 1}.{cycles_each}" in response.content.decode()


@pytest.mark.parametrize("ideas, cycles_each", [(1, 1), (20, 20)])
def test_project_panel_queries_do_not_grow(
    cast, project, ideas, cycles_each, django_assert_num_queries
):
    _fill(project, ideas, cycles_each)
    loaded = access.get_project(cast.sid, project.pk)
    with django_assert_num_queries(2):
        ctx = selectors_cycles.project_panel(cast.sid, loaded)
    html = render_to_string("qi_cycles/cycles/_project_cycles.html", {**ctx, "project": loaded})
    assert len(ctx["cycle_ramps"]) == ideas
    assert ctx["cycle_count"] == ideas * cycles_each
    assert f"cycle {cycles_each}</a>" in html
    assert "Start a cycle" in html
    assert f"See all {ideas * cycles_each} cycle" in html


def test_project_panel_for_the_coach_has_no_start_links(cast, project, idea):
    make_cycle(idea)
    loaded = access.get_project(cast.will, project.pk)
    ctx = selectors_cycles.project_panel(cast.will, loaded)
    html = render_to_string("qi_cycles/cycles/_project_cycles.html", {**ctx, "project": loaded})
    assert "Night-time comfort rounds" in html and "Start a cycle" not in html


QUERIES = {"list": 8}


def test_a_number_taken_at_the_same_moment_is_retried(cast, project, idea, monkeypatch):
    """Someone else's cycle saved after we counted (where rows cannot be locked): the unique
    constraint refuses ours and the service counts again."""
    make_cycle(idea, objective="Theirs")
    real_aggregate = QuerySet.aggregate
    calls = []

    def stale_first_count(self, *args, **kwargs):
        if self.model is Cycle and not calls:
            calls.append(1)
            return {"number__max": None}  # as if "Theirs" was not there yet
        return real_aggregate(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "aggregate", stale_first_count)
    cycle, created = services_cycles.create_cycle(
        actor=cast.mona,
        project=project,
        change_idea=idea,
        objective="Ours",
        starts_on=date(2026, 1, 6),
    )
    assert calls and created and cycle.number == 2
    assert dict(Cycle.objects.values_list("objective", "number")) == {"Theirs": 1, "Ours": 2}
