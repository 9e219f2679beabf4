"""The demo's public learning pages: what a visitor to the demo finds, and safe reruns."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from publicpages import demo
from publicpages.models import PageView
from publicpages.paths import case_study_path
from qi_cycles.models import Project
from training.models import Collection, Session


@pytest.fixture
def seeded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", force=True, verbosity=0)


def _snapshot():
    return (
        sorted(Session.objects.filter(is_public=True).values_list("title", flat=True)),
        sorted(Collection.objects.filter(is_public=True).values_list("title", flat=True)),
        sorted(Project.objects.filter(is_public=True).values_list("title", "home_named_publicly")),
        sorted(PageView.objects.values_list("kind", "object_id", "month", "views")),
    )


def test_the_demo_puts_the_qi_course_and_two_case_studies_on_the_public_pages(client, seeded):
    sessions, collections, projects, views = _snapshot()
    assert collections == ["Introduction to QI methods"]
    assert "What is a PDSA cycle?" in sessions and "Helping residents drink enough" in sessions
    assert len(sessions) == 6
    assert projects == [
        ("Drink more, feel better: hydration rounds", False),
        ("Fewer falls at night", True),
    ]
    assert len({month for _, _, month, _ in views}) == demo.MONTHS
    named = Project.objects.get(title="Fewer falls at night")
    unnamed = Project.objects.get(title="Drink more, feel better: hydration rounds")
    assert "Oakfield House" in client.get(case_study_path(named)).content.decode()
    html = client.get(case_study_path(unnamed)).content.decode()
    assert "Harbour View" not in html and "A care home in " in html
    assert client.get(reverse("public:index")).status_code == 200


def test_rerunning_the_demo_adds_and_changes_nothing(seeded):
    before = _snapshot()
    assert demo.seed() == 0
    assert _snapshot() == before
