"""Themes: project workers add, rename, retire and restore the network's shared tags."""

import pytest
from django.urls import reverse

from network.models import Theme

LIST = reverse("network:theme_list")
ADD = reverse("network:theme_add")


def edit(theme) -> str:
    return reverse("network:theme_edit", args=[theme.pk])


def test_the_seeded_themes_are_listed(client, cast, django_assert_max_num_queries):
    client.force_login(cast.will)
    with django_assert_max_num_queries(5):
        page = client.get(LIST).content.decode()
    assert "In use (18)" in page
    assert "Promoting a positive culture" in page and "My Home Life theme" in page
    assert "Medicines safety" in page and "No themes have been retired" in page


def test_project_worker_adds_a_theme_with_a_slug_from_its_name(client, cast):
    client.force_login(cast.will)
    response = client.post(
        ADD,
        {"name": "  Oral   health ", "kind": "topic", "description": "Mouth care"},
        follow=True,
    )
    assert "“Oral health” has been added" in response.content.decode()
    theme = Theme.objects.get(name="Oral health")
    assert (theme.slug, theme.kind, theme.description, theme.is_active) == (
        "oral-health",
        "topic",
        "Mouth care",
        True,
    )


def test_a_name_that_makes_the_same_slug_gets_a_unique_one(client, cast):
    client.force_login(cast.ada)
    client.post(ADD, {"name": "Falls!", "kind": "topic"})
    assert Theme.objects.get(name="Falls!").slug == "falls-2"


@pytest.mark.parametrize("name", ["Falls", "FALLS", " falls "])
def test_duplicate_names_are_a_form_error(client, cast, name):
    count = Theme.objects.count()
    client.force_login(cast.will)
    page = client.post(ADD, {"name": name, "kind": "topic"}).content.decode()
    assert "<title>Error:" in page
    assert "There is already a theme called" in page
    assert Theme.objects.count() == count


def test_missing_name_and_kind_are_form_errors(client, cast):
    count = Theme.objects.count()
    client.force_login(cast.will)
    page = client.post(ADD, {"name": "", "description": "x"}).content.decode()
    assert "Enter a name for the theme" in page and "Choose the kind of theme" in page
    page = client.post(
        ADD, {"name": "Skin", "kind": "topic", "description": "Mr A 943 476 5919"}
    ).content.decode()
    assert "Remove the NHS number" in page
    assert Theme.objects.count() == count


def test_renaming_a_theme_moves_its_slug(client, cast):
    theme = Theme.objects.get(slug="falls")
    client.force_login(cast.will)
    page = client.get(edit(theme)).content.decode()
    assert 'value="Falls"' in page
    client.post(edit(theme), {"name": "Falls prevention", "kind": "topic", "description": "d"})
    theme.refresh_from_db()
    assert (theme.name, theme.slug, theme.description) == (
        "Falls prevention",
        "falls-prevention",
        "d",
    )


def test_renaming_to_another_themes_name_is_refused(client, cast):
    theme = Theme.objects.get(slug="falls")
    client.force_login(cast.will)
    page = client.post(edit(theme), {"name": "dementia", "kind": "topic"}).content.decode()
    assert "There is already a theme called “dementia”" in page
    assert "<h1>Edit Falls</h1>" in page  # the heading keeps the saved name
    theme.refresh_from_db()
    assert theme.name == "Falls"


def test_retire_and_restore(client, cast):
    theme = Theme.objects.get(slug="falls")
    url = reverse("network:theme_set_active", args=[theme.pk])
    client.force_login(cast.will)
    response = client.post(url, {"is_active": "no"}, follow=True)
    page = response.content.decode()
    assert "“Falls” is retired" in page and "Retired (1)" in page
    theme.refresh_from_db()
    assert not theme.is_active
    client.post(url, {"is_active": "yes"})
    theme.refresh_from_db()
    assert theme.is_active
    client.post(url, {"is_active": "maybe"})
    theme.refresh_from_db()
    assert theme.is_active


def test_unknown_theme_is_404_for_project_workers(client, cast):
    client.force_login(cast.will)
    assert client.get(reverse("network:theme_edit", args=[99999])).status_code == 404


@pytest.mark.parametrize("who", ["sid", "mona", "pat"])
def test_members_cannot_change_themes(client, cast, who):
    theme = Theme.objects.get(slug="falls")
    client.force_login(getattr(cast, who))
    assert client.post(edit(theme), {"name": "Hacked", "kind": "topic"}).status_code == 403
    assert client.post(ADD, {"name": "Hacked", "kind": "topic"}).status_code == 403
    assert not Theme.objects.filter(name="Hacked").exists()
