"""Access follows current memberships: the team list and the coach field grant nothing."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from network.models import Membership
from network.roles import Role
from qi_cycles.home import home_items
from tests.factories import make_change_idea, make_cycle, make_measure, make_project


def test_a_team_member_who_moves_to_another_home_loses_access(client, cast):
    project = make_project(cast.home_a)
    project.team.add(cast.sid)
    measure = make_measure(project)
    Membership.objects.filter(user=cast.sid).update(organisation=cast.home_b)
    client.force_login(cast.sid)
    assert client.get(reverse("qi:project_detail", args=[project.pk])).status_code == 404
    response = client.post(
        reverse("qi:value_add", args=[measure.pk]),
        {"date_day": "8", "date_month": "1", "date_year": "2026", "value": "3"},
    )
    assert response.status_code == 404
    assert not measure.values.exists()


def test_a_coach_who_stops_being_a_project_worker_loses_access(client, cast):
    project = make_project(cast.home_a, coach=cast.will)
    make_cycle(make_change_idea(project), created_at=timezone.now() - timedelta(days=1))
    membership = cast.will.memberships.get()
    assert home_items(cast.will, membership)["qi_coached_projects"] == [project]
    Membership.objects.filter(user=cast.will).update(organisation=cast.icb, role=Role.PARTNER)
    will = type(cast.will).objects.get(pk=cast.will.pk)  # fresh membership cache
    assert home_items(will, will.memberships.get()) == {}
    client.force_login(will)
    assert client.get(reverse("qi:project_detail", args=[project.pk])).status_code == 404


def test_a_need_posted_without_the_homes_name_stays_anonymous_on_a_shared_project(client, cast):
    from surveys.models import Need

    hidden = Need.objects.create(
        organisation=cast.home_a,
        posted_by=cast.mona,
        title="Night staff need falls training",
        description="We keep having falls",
        hide_home_name=True,
    )
    named = Need.objects.create(
        organisation=cast.home_a,
        posted_by=cast.mona,
        title="Help with sensor mats",
        description="Which ones work?",
    )
    project = make_project(cast.home_a, shared=True)
    project.linked_needs.set([hidden, named])
    url = reverse("qi:project_detail", args=[project.pk])
    client.force_login(cast.bea)  # another home: the project says "Oak House"
    page = client.get(url).content.decode()
    assert "Help with sensor mats" in page and "Night staff need falls training" not in page
    for user in (cast.mona, cast.pat, cast.will):  # the posting home, partners, workers
        client.force_login(user)
        assert "Night staff need falls training" in client.get(url).content.decode()


def test_a_measure_unit_cannot_hold_an_nhs_number(client, cast):
    project = make_project(cast.home_a)
    client.force_login(cast.mona)
    response = client.post(
        reverse("qi:measure_create", args=[project.pk]),
        {
            "name": "Falls",
            "kind": "outcome",
            "definition": "Falls each week",
            "unit": "943 476 5919",
            "direction": "decrease",
            "frequency": "weekly",
            "chart_kind": "run",
        },
    )
    assert response.status_code == 200
    assert "Remove the NHS number" in response.content.decode()
    assert not project.measures.exists()


def test_a_project_title_cannot_hold_an_nhs_number_even_outside_the_form(cast):
    import pytest
    from django.core.exceptions import ValidationError

    project = make_project(cast.home_a, title="Falls for 943 476 5919")
    with pytest.raises(ValidationError):
        project.full_clean()


def test_the_aim_reads_as_one_sentence_even_when_people_type_by(cast):
    project = make_project(cast.home_a, aim_how_much="By half")
    assert project.aim_statement == (
        "Reduce falls at night for residents on the first floor by half by 31 March 2027"
    )
