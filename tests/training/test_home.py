"""The home page's training items: continue watching (everyone), new training on the
themes of the home's open needs (care home members), drafts (project workers)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from network.models import Theme
from surveys.models import Need
from tests.factories import make_learning_record, make_session
from training import home
from training.models import LearningRecord, Session


def _membership(user):
    membership = user.memberships.select_related("organisation").get()
    user._membership_cache = [membership]
    return membership


def _theme(slug):
    return Theme.objects.get(slug=slug)


def _days_ago(n):
    return timezone.now() - timedelta(days=n)


def _need(org, title, *themes, status=Need.Status.OPEN):
    need = Need.objects.create(organisation=org, title=title, description="d", status=status)
    need.themes.set(themes)
    return need


# --- Continue watching ----------------------------------------------------------------


def test_continue_watching_lists_unfinished_published_sessions(cast, django_assert_max_num_queries):
    sessions = {
        name: make_session(title=name)
        for name in ("Oldest", "Middle", "Newer", "Newest", "Finished")
    }
    draft = make_session(title="Now a draft", status="draft")
    archived = make_session(title="Archived", status="archived")
    for n, name in enumerate(["Oldest", "Middle", "Newer", "Newest"]):
        record = make_learning_record(cast.sid, sessions[name])
        LearningRecord.objects.filter(pk=record.pk).update(last_viewed_at=_days_ago(10 - n))
    make_learning_record(cast.sid, sessions["Finished"], completed=True)
    make_learning_record(cast.sid, draft)
    make_learning_record(cast.sid, archived)
    make_learning_record(cast.mona, make_session(title="Mona's"))
    membership = _membership(cast.sid)
    with django_assert_max_num_queries(3):
        items = home.continue_watching(cast.sid)
    assert [r.session.title for r in items] == ["Newest", "Newer", "Middle"]
    assert home.home_items(cast.sid, membership)["training_items"]


def test_nothing_started_means_no_training_items(cast):
    items = home.home_items(cast.pat, _membership(cast.pat))
    assert items["training_continue"] == []
    assert "training_new" not in items and "training_drafts" not in items
    assert not items["training_items"]


# --- New training on the home's needs -------------------------------------------------


def test_new_sessions_matching_open_needs_say_which_need(cast, django_assert_max_num_queries):
    falls, hydration, dementia = (
        _theme("falls"),
        _theme("nutrition-and-hydration"),
        _theme("dementia"),
    )
    night = _need(cast.home_a, "Falls at night", falls)
    drinks = _need(cast.home_a, "Residents not drinking enough", hydration, falls)
    _need(cast.home_a, "Closed need on dementia", dementia, status=Need.Status.MET)
    _need(cast.home_b, "Home B's dementia need", dementia)
    being_addressed = _need(cast.home_a, "Mealtimes", hydration, status=Need.Status.BEING_ADDRESSED)
    make_session(title="Falls and fluids", themes=[falls, hydration], published_at=_days_ago(2))
    make_session(title="Hydration rounds", themes=[hydration], published_at=_days_ago(5))
    make_session(title="Old falls talk", themes=[falls], published_at=_days_ago(45))
    make_session(title="Dementia care", themes=[dementia], published_at=_days_ago(1))
    make_session(title="Draft on falls", status="draft", themes=[falls])
    make_session(title="No themes", published_at=_days_ago(1))
    membership = _membership(cast.mona)
    with django_assert_max_num_queries(3):
        found = home.new_for_home_needs(cast.mona, membership)
    assert [s.session.title for s in found] == ["Falls and fluids", "Hydration rounds"]
    first, second = found
    assert {need.title for need in first.needs} == {night.title, drinks.title, "Mealtimes"}
    assert {need.pk for need in second.needs} == {drinks.pk, being_addressed.pk}
    # Bea's home has the dementia need.
    bea = home.new_for_home_needs(cast.bea, _membership(cast.bea))
    assert [s.session.title for s in bea] == ["Dementia care"]


def test_sessions_already_opened_are_not_suggested_again(cast):
    falls = _theme("falls")
    _need(cast.home_a, "Falls at night", falls)
    seen = make_session(title="Seen", themes=[falls])
    make_session(title="Not seen", themes=[falls])
    make_learning_record(cast.mona, seen)
    found = home.new_for_home_needs(cast.mona, _membership(cast.mona))
    assert [s.session.title for s in found] == ["Not seen"]


def test_at_most_three_new_sessions(cast):
    falls = _theme("falls")
    _need(cast.home_a, "Falls at night", falls)
    for n in range(5):
        make_session(title=f"Falls {n}", themes=[falls], published_at=_days_ago(n + 1))
    found = home.new_for_home_needs(cast.sid, _membership(cast.sid))
    assert [s.session.title for s in found] == ["Falls 0", "Falls 1", "Falls 2"]


def test_only_care_home_members_get_suggestions(cast):
    falls = _theme("falls")
    _need(cast.home_a, "Falls at night", falls)
    make_session(title="Falls", themes=[falls])
    assert "training_new" not in home.home_items(cast.pat, _membership(cast.pat))
    assert "training_new" not in home.home_items(cast.will, _membership(cast.will))
    assert home.home_items(cast.sid, _membership(cast.sid))["training_new"]


# --- Drafts for project workers -------------------------------------------------------


def test_project_workers_see_the_newest_drafts(cast, django_assert_max_num_queries):
    for n in range(7):
        session = make_session(title=f"Draft {n}", status="draft")
        Session.objects.filter(pk=session.pk).update(created_at=_days_ago(10 - n))
    make_session(title="Published")
    with django_assert_max_num_queries(3):
        drafts = home.drafts()
    assert [s.title for s in drafts] == [f"Draft {n}" for n in (6, 5, 4, 3, 2)]
    assert home.home_items(cast.ada, _membership(cast.ada))["training_drafts"]
    assert "training_drafts" not in home.home_items(cast.mona, _membership(cast.mona))


# --- On the home page -----------------------------------------------------------------


def test_the_home_page_shows_a_manager_the_matching_new_session(client, cast):
    falls = _theme("falls")
    need = _need(cast.home_a, "Falls at night", falls)
    session = make_session(title="Preventing falls at night", themes=[falls])
    client.force_login(cast.mona)
    page = client.get(reverse("home")).content.decode()
    assert "New training that may help" in page
    assert "Preventing falls at night" in page
    assert "may help with your need ‘Falls at night’" in page
    # The need is named, not linked: the needs card links to it, and two links with the
    # same words on one page would be confusing.
    assert reverse("surveys:need_detail", args=[need.pk]) not in page
    assert f"/training/sessions/{session.pk}/" in page
    assert "Nothing needs your attention right now." not in page


def test_the_home_page_shows_continue_watching_and_drafts(client, cast):
    started = make_session(title="Mouth care matters")
    make_learning_record(cast.will, started)
    make_session(title="Hydration draft", status="draft")
    client.force_login(cast.will)
    page = client.get(reverse("home")).content.decode()
    assert "Continue watching" in page and "Mouth care matters" in page
    assert "Training sessions not yet published" in page and "Hydration draft" in page
    assert reverse("training:manage") + "?status=draft" in page
    client.force_login(cast.sid)
    page = client.get(reverse("home")).content.decode()
    assert "Hydration draft" not in page
    assert "Continue watching" not in page
