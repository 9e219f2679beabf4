"""The home page's improvement items: cycles due for Study or Act for the homes' members,
projects with new cycles for their coaches; never another home's cycles."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from qi_cycles import home
from qi_cycles.models import Cycle
from tests.factories import make_change_idea, make_cycle, make_project


def _days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def _membership(user):
    membership = user.memberships.select_related("organisation").get()
    user._membership_cache = [membership]
    return membership


def _cycles(cast):
    """Cycles at home A and B in every state that matters."""
    ours = make_change_idea(make_project(cast.home_a, coach=cast.will, title="Falls"))
    theirs = make_change_idea(make_project(cast.home_b, coach=cast.will, title="Meals at B"))
    made = {
        "ended": make_cycle(
            ours, 1, objective="Ended", starts_on=_days_ago(9), ends_on=_days_ago(2)
        ),
        "long": make_cycle(ours, 2, objective="Running long", starts_on=_days_ago(20)),
        "oldest": make_cycle(ours, 3, objective="Oldest", starts_on=_days_ago(40)),
        "decided": make_cycle(
            ours, 4, objective="Decided", starts_on=_days_ago(30), decision="adopt"
        ),
        "running": make_cycle(
            ours, 5, objective="Still running", starts_on=_days_ago(3), ends_on=_days_ago(-4)
        ),
        "new": make_cycle(ours, 6, objective="Recent", starts_on=_days_ago(10)),
        "future": make_cycle(ours, 7, objective="Not started", starts_on=_days_ago(-5)),
        "other_home": make_cycle(theirs, 1, objective="Home B's", starts_on=_days_ago(40)),
    }
    return made


def test_home_members_see_due_cycles_oldest_first(cast, django_assert_max_num_queries):
    _cycles(cast)
    membership = _membership(cast.sid)
    with django_assert_max_num_queries(3):
        items = home.home_items(cast.sid, membership)
    assert items["qi_items"]
    assert [c.objective for c in items["qi_due_cycles"]] == ["Oldest", "Running long", "Ended"]
    bea_items = home.home_items(cast.bea, _membership(cast.bea))
    assert [c.objective for c in bea_items["qi_due_cycles"]] == ["Home B's"]


def test_no_more_than_five(cast):
    idea = make_change_idea(make_project(cast.home_a))
    for n in range(1, 8):
        make_cycle(idea, n, objective=f"Old {n}", starts_on=_days_ago(60 - n))
    items = home.home_items(cast.mona, _membership(cast.mona))
    assert [c.objective for c in items["qi_due_cycles"]] == [f"Old {n}" for n in range(1, 6)]


def test_coach_sees_projects_with_new_cycles_newest_first(cast, django_assert_max_num_queries):
    made = _cycles(cast)
    quiet = make_change_idea(make_project(cast.home_a, coach=cast.will, title="Quiet"))
    old = make_cycle(quiet, objective="Long ago")
    Cycle.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=20))
    Cycle.objects.filter(pk=made["other_home"].pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    Cycle.objects.filter(project__title="Falls").update(
        created_at=timezone.now() - timedelta(days=2)
    )
    membership = _membership(cast.will)
    with django_assert_max_num_queries(3):
        items = home.home_items(cast.will, membership)
    assert [(p.title, p.new_cycles) for p in items["qi_coached_projects"]] == [
        ("Meals at B", 1),
        ("Falls", 7),
    ]
    # Ada coaches nothing.
    assert home.home_items(cast.ada, _membership(cast.ada)) == {
        "qi_items": False,
        "qi_coached_projects": [],
    }


def test_home_page_shows_the_items(client, cast):
    made = _cycles(cast)
    client.force_login(cast.mona)
    html = client.get(reverse("home")).content.decode()
    assert "PDSA cycles to study and decide on" in html
    assert reverse("qi:cycle_detail", args=[made["oldest"].pk]) in html
    assert "Home B&#x27;s" not in html and "Home B's" not in html
    assert "Still running" not in html and "Decided" not in html
    client.force_login(cast.will)
    html = client.get(reverse("home")).content.decode()
    assert "New PDSA cycles in projects you coach" in html
    assert "Meals at B" in html and "Birch House" in html
    client.force_login(cast.pat)
    html = client.get(reverse("home")).content.decode()
    assert "PDSA cycles" not in html
