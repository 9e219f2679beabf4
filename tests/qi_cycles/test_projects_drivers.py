"""The driver diagram: shown left to right as nested lists, edited as a list (add, change,
move, remove), and its rules (a secondary driver sits under a primary driver of the same
project; change ideas are never lost with a driver; tested ideas cannot be deleted)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qi_cycles import services_projects as services
from qi_cycles.models import ChangeIdea, Cycle, Driver
from tests.factories import make_change_idea, make_cycle, make_project

NHS_NUMBER = "943 476 5919"


@pytest.fixture
def project(cast):
    return make_project(cast.home_a, coach=cast.will)


def drivers_url(project):
    return reverse("qi:drivers", args=[project.pk])


def box_texts(html: str) -> list[str]:
    """The diagram's boxes, in the order a reader meets them."""
    diagram = html.split('class="app-dd', 1)[1].split("Change the diagram")[0]
    return re.findall(r'app-dd__label">([^:]+): </span><p>([^<]*)</p>', diagram)


def test_diagram_reads_aim_primary_secondary_ideas_in_order(client, cast, project):
    first = services.add_driver(actor=cast.mona, project=project, text="Safe surroundings")
    second = services.add_driver(actor=cast.mona, project=project, text="Staff who know")
    light = services.add_driver(actor=cast.mona, project=project, text="Good light", parent=first)
    services.add_driver(actor=cast.mona, project=project, text="Clear floors", parent=first)
    services.add_idea(actor=cast.mona, project=project, title="Night lights", driver=light)
    services.add_idea(actor=cast.mona, project=project, title="Falls huddle", driver=second)
    services.add_idea(actor=cast.mona, project=project, title="Ask residents")
    client.force_login(cast.will)
    html = client.get(drivers_url(project)).content.decode()
    assert box_texts(html) == [
        ("Aim", "Reduce falls at night for residents on the first floor by half by 31 March 2027"),
        ("Primary driver", "Safe surroundings"),
        ("Secondary driver", "Good light"),
        ("Change idea", "Night lights"),
        ("Secondary driver", "Clear floors"),
        ("Primary driver", "Staff who know"),
        ("Change idea", "Falls huddle"),
        ("Change idea", "Ask residents"),
    ]
    # Nested lists, so a screen reader hears the structure; no editor for the coach.
    assert '<ul class="app-dd__tree">' in html
    assert "Change the diagram" not in html


def test_editors_get_the_list_editor(client, cast, project):
    services.add_driver(actor=cast.mona, project=project, text="Safe surroundings")
    client.force_login(cast.sid)
    html = client.get(drivers_url(project)).content.decode()
    assert "Change the diagram" in html
    assert "Add a primary driver" in html and "Add a secondary driver" in html
    assert "Add a change idea" in html


def test_add_a_primary_then_a_secondary_driver_through_the_pages(client, cast, project):
    client.force_login(cast.sid)
    add = reverse("qi:driver_add", args=[project.pk])
    response = client.post(add, {"text": "Safe surroundings"})
    top = Driver.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#driver-{top.pk}")
    assert top.level == "primary" and top.parent is None
    form = client.get(add, {"parent": top.pk}).content.decode()
    assert "Add a secondary driver" in form
    assert re.search(rf'<option value="{top.pk}" selected>', form)
    client.post(add, {"text": "Good light", "parent": top.pk})
    child = Driver.objects.get(parent=top)
    assert child.level == "secondary" and child.text == "Good light"


def test_secondary_driver_needs_a_primary_driver_of_the_same_project(client, cast, project):
    top = services.add_driver(actor=cast.mona, project=project, text="Safe surroundings")
    child = services.add_driver(actor=cast.mona, project=project, text="Good light", parent=top)
    other = make_project(cast.home_a, title="Other project")
    elsewhere = services.add_driver(actor=cast.mona, project=other, text="Elsewhere")
    client.force_login(cast.mona)
    add = reverse("qi:driver_add", args=[project.pk])
    for parent in (child, elsewhere):
        html = client.post(add, {"text": "Nested too far", "parent": parent.pk}).content.decode()
        assert "Choose a primary driver from this project" in html
    assert not Driver.objects.filter(text="Nested too far").exists()
    with pytest.raises(ValidationError) as error:
        services.add_driver(actor=cast.mona, project=project, text="x", parent=elsewhere)
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.update_driver(actor=cast.mona, driver=child, text="Good light", parent=child)


def test_driver_text_is_required_and_free_of_nhs_numbers(client, cast, project):
    client.force_login(cast.mona)
    add = reverse("qi:driver_add", args=[project.pk])
    assert "Enter the driver" in client.post(add, {"text": "  "}).content.decode()
    html = client.post(add, {"text": f"Resident {NHS_NUMBER}"}).content.decode()
    assert "Remove the NHS number" in html
    assert not Driver.objects.exists()


def test_change_words_and_move_a_secondary_driver_to_another_primary(client, cast, project):
    first = services.add_driver(actor=cast.mona, project=project, text="Safe surroundings")
    second = services.add_driver(actor=cast.mona, project=project, text="Staff who know")
    services.add_driver(actor=cast.mona, project=project, text="Handover", parent=second)
    child = services.add_driver(actor=cast.mona, project=project, text="Good light", parent=first)
    client.force_login(cast.sid)
    url = reverse("qi:driver_edit", args=[child.pk])
    client.post(url, {"text": "Bright corridors", "parent": second.pk})
    child.refresh_from_db()
    assert child.text == "Bright corridors" and child.parent == second
    # It goes to the end of its new siblings.
    assert [d.text for d in second.children.order_by("position")] == [
        "Handover",
        "Bright corridors",
    ]
    # A primary driver's form has no parent: it stays a primary driver.
    html = client.get(reverse("qi:driver_edit", args=[first.pk])).content.decode()
    assert "Which primary driver" not in html
    client.post(reverse("qi:driver_edit", args=[first.pk]), {"text": "Safe rooms"})
    first.refresh_from_db()
    assert first.text == "Safe rooms" and first.level == "primary"


def test_move_drivers_and_ideas_up_and_down(client, cast, project):
    a = services.add_driver(actor=cast.mona, project=project, text="Alpha")
    services.add_driver(actor=cast.mona, project=project, text="Bravo")
    c = services.add_driver(actor=cast.mona, project=project, text="Charlie")
    x = services.add_idea(actor=cast.mona, project=project, title="X-ray", driver=a)
    services.add_idea(actor=cast.mona, project=project, title="Yankee", driver=a)
    client.force_login(cast.sid)
    response = client.post(reverse("qi:driver_move", args=[c.pk]), {"direction": "up"})
    assert response.status_code == 302 and response.url.endswith(f"#edit-driver-{c.pk}")
    client.post(reverse("qi:driver_move", args=[a.pk]), {"direction": "down"})
    client.post(reverse("qi:driver_move", args=[a.pk]), {"direction": "down"})  # already last
    client.post(reverse("qi:idea_move", args=[x.pk]), {"direction": "down"})
    html = client.get(drivers_url(project)).content.decode()
    texts = [text for _, text in box_texts(html)]
    assert texts[1:] == ["Charlie", "Bravo", "Alpha", "Yankee", "X-ray"]
    html = client.post(
        reverse("qi:driver_move", args=[a.pk]), {"direction": "sideways"}, follow=True
    ).content.decode()
    assert "Choose to move it up or down" in html


def test_removing_a_driver_without_anything_under_it(client, cast, project):
    driver = services.add_driver(actor=cast.mona, project=project, text="Alpha")
    client.force_login(cast.sid)
    html = client.get(drivers_url(project)).content.decode()
    # No children: the list removes it straight away (a button, not a confirm page link).
    assert f'action="{reverse("qi:driver_delete", args=[driver.pk])}"' in html
    client.post(reverse("qi:driver_delete", args=[driver.pk]))
    assert not Driver.objects.exists()


def test_removing_a_primary_driver_confirms_and_keeps_its_change_ideas(client, cast, project):
    top = services.add_driver(actor=cast.mona, project=project, text="Safe surroundings")
    child = services.add_driver(actor=cast.mona, project=project, text="Good light", parent=top)
    tested = services.add_idea(actor=cast.mona, project=project, title="Night lights", driver=child)
    make_cycle(tested)
    services.add_idea(actor=cast.mona, project=project, title="Mats", driver=top)
    client.force_login(cast.sid)
    html = client.get(drivers_url(project)).content.decode()
    assert f'href="{reverse("qi:driver_delete", args=[top.pk])}"' in html
    page = client.get(reverse("qi:driver_delete", args=[top.pk])).content.decode()
    assert "Its 1 secondary driver will be removed too" in page and "Good light" in page
    assert "These 2 change ideas are not removed" in page
    assert "straight under the aim" in page and "Night lights" in page and "Mats" in page
    client.post(reverse("qi:driver_delete", args=[top.pk]))
    assert not Driver.objects.exists()
    assert set(ChangeIdea.objects.values_list("title", "driver")) == {
        ("Night lights", None),
        ("Mats", None),
    }
    assert Cycle.objects.count() == 1


def test_removing_a_secondary_driver_moves_its_ideas_to_the_primary(client, cast, project):
    top = services.add_driver(actor=cast.mona, project=project, text="Safe surroundings")
    child = services.add_driver(actor=cast.mona, project=project, text="Good light", parent=top)
    idea = services.add_idea(actor=cast.mona, project=project, title="Night lights", driver=child)
    client.force_login(cast.mona)
    page = client.get(reverse("qi:driver_delete", args=[child.pk])).content.decode()
    assert "moves up to the primary driver “Safe surroundings”" in page
    client.post(reverse("qi:driver_delete", args=[child.pk]))
    idea.refresh_from_db()
    assert idea.driver == top


def test_add_and_change_a_change_idea(client, cast, project):
    top = services.add_driver(actor=cast.mona, project=project, text="Safe surroundings")
    client.force_login(cast.sid)
    add = reverse("qi:idea_add", args=[project.pk])
    form = client.get(add, {"driver": top.pk}).content.decode()
    assert re.search(rf'<option value="{top.pk}" selected>', form)
    response = client.post(add, {"title": "Night lights", "description": "", "driver": top.pk})
    idea = ChangeIdea.objects.get()
    assert response.status_code == 302 and idea.driver == top
    client.post(
        reverse("qi:idea_edit", args=[idea.pk]),
        {"title": "Plug-in night lights", "description": "In every room", "driver": ""},
    )
    idea.refresh_from_db()
    assert idea.title == "Plug-in night lights" and idea.driver is None
    assert idea.description == "In every room"


def test_change_idea_cannot_hang_off_another_projects_driver(client, cast, project):
    other = make_project(cast.home_a, title="Other project")
    elsewhere = services.add_driver(actor=cast.mona, project=other, text="Elsewhere")
    client.force_login(cast.mona)
    html = client.post(
        reverse("qi:idea_add", args=[project.pk]),
        {"title": "Night lights", "driver": elsewhere.pk},
    ).content.decode()
    assert "Choose a driver from this project" in html
    assert not ChangeIdea.objects.exists()
    html = client.post(reverse("qi:idea_add", args=[project.pk]), {"title": ""}).content.decode()
    assert "Enter the change idea" in html
    with pytest.raises(ValidationError):
        services.add_idea(actor=cast.mona, project=project, title="x", driver=elsewhere)


def test_tested_change_idea_cannot_be_deleted_and_the_page_says_why(client, cast, project):
    idea = make_change_idea(project, title="Night lights")
    make_cycle(idea)
    client.force_login(cast.sid)
    editor = client.get(drivers_url(project)).content.decode()
    assert "It has PDSA cycles, so it cannot be deleted" in editor
    page = client.get(reverse("qi:idea_delete", args=[idea.pk])).content.decode()
    assert "This change idea cannot be deleted" in page
    assert "has 1 PDSA cycle" in page
    response = client.post(reverse("qi:idea_delete", args=[idea.pk]))
    assert response.status_code == 200 and "cannot be deleted" in response.content.decode()
    assert ChangeIdea.objects.filter(pk=idea.pk).exists()
    with pytest.raises(ValidationError):
        services.delete_idea(actor=cast.mona, idea=idea)


def test_untested_change_idea_is_deleted_after_confirming(client, cast, project):
    idea = make_change_idea(project, title="Night lights")
    client.force_login(cast.sid)
    page = client.get(reverse("qi:idea_delete", args=[idea.pk])).content.decode()
    assert "Are you sure you want to delete this change idea?" in page
    client.post(reverse("qi:idea_delete", args=[idea.pk]))
    assert not ChangeIdea.objects.exists()


def test_diagram_changes_update_the_project_date(cast, project):
    before = project.updated_at
    services.add_driver(actor=cast.mona, project=project, text="Alpha")
    project.refresh_from_db()
    assert project.updated_at > before


def test_overview_shows_the_diagram_compactly(client, cast, project):
    client.force_login(cast.will)
    html = client.get(reverse("qi:project_detail", args=[project.pk])).content.decode()
    assert "There is nothing in the driver diagram yet" in html
    services.add_driver(actor=cast.mona, project=project, text="Safe surroundings")
    html = client.get(reverse("qi:project_detail", args=[project.pk])).content.decode()
    assert "app-dd--compact" in html and "Safe surroundings" in html
    assert "Open the driver diagram" in html
