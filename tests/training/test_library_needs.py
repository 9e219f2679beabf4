"""A need's page suggests training: published sessions sharing its themes first, then
sessions whose words match its title, in one or two queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Theme
from surveys.models import Need
from tests.factories import make_session
from training.models import Session
from training.selectors_library import need_words, sessions_for_need


@pytest.fixture
def need(cast):
    need = Need.objects.create(
        organisation=cast.home_a,
        posted_by=cast.mona,
        title="Residents falling at night",
        description="More falls at night since the spring",
        hide_home_name=True,
    )
    need.themes.set(Theme.objects.filter(slug__in=["falls", "dementia"]))
    return need


def _theme(slug):
    return Theme.objects.get(slug=slug)


def _titles(sessions):
    return [s.title for s in sessions]


def test_sessions_sharing_more_themes_come_first(need):
    make_session(title="Falls only", themes=[_theme("falls")])
    make_session(title="Falls and dementia", themes=[_theme("falls"), _theme("dementia")])
    make_session(title="Hydration", summary="Drinks", themes=[_theme("nutrition-and-hydration")])
    make_session(status="draft", title="Draft falls", themes=[_theme("falls")])
    make_session(status="archived", title="Old falls", themes=[_theme("falls")])
    assert _titles(sessions_for_need(need)) == ["Falls and dementia", "Falls only"]


def test_then_sessions_whose_words_match_the_title(need):
    make_session(title="Falls only", themes=[_theme("falls")])
    make_session(title="Quiet nights", summary="Helping residents who keep falling at night")
    make_session(title="Night checks", summary="Checking on residents at night")
    make_session(title="Mouth care", summary="Brushing teeth")
    # Sessions must mention two of the title's telling words ("falling", "night").
    assert _titles(sessions_for_need(need)) == ["Falls only", "Quiet nights"]


def test_at_most_three_newest_first(need):
    for days in range(5):
        session = make_session(title=f"Falls {days}", themes=[_theme("falls")])
        Session.objects.filter(pk=session.pk).update(
            published_at=timezone.now() - timedelta(days=days)
        )
    assert _titles(sessions_for_need(need)) == ["Falls 0", "Falls 1", "Falls 2"]


def test_a_need_without_themes_uses_its_words(cast):
    need = Need.objects.create(
        organisation=cast.home_a, title="Help with mouth care", description="x"
    )
    make_session(title="Mouth care matters", summary="Brushing teeth")
    make_session(title="Falls", summary="Night")
    assert _titles(sessions_for_need(need)) == ["Mouth care matters"]
    assert _titles(sessions_for_need(need, themes=[])) == ["Mouth care matters"]


def test_need_words_keeps_the_longest_telling_words():
    assert need_words("Help with the falls at night for our residents") == ["falls", "night"]
    assert need_words("Training on recognising deterioration (soft signs)") == [
        "deterioration",
        "recognising",
        "signs",
        "soft",
    ]
    assert need_words("") == []


def test_one_or_two_queries(need, django_assert_num_queries):
    for i in range(5):
        make_session(title=f"Falls {i}", themes=[_theme("falls")])
    themes = list(need.themes.all())
    with django_assert_num_queries(1):  # enough sessions share a theme
        sessions_for_need(need, themes=themes)
    Session.objects.update(status="archived")
    make_session(title="Night-time checks", summary="Residents falling at night")
    with django_assert_num_queries(2):  # then the words
        assert _titles(sessions_for_need(need, themes=themes)) == ["Night-time checks"]


# --- The need's page ---------------------------------------------------------------------


def test_the_need_page_shows_training_that_may_help(client, cast, need):
    session = make_session(title="Preventing falls at night", themes=[_theme("falls")])
    url = reverse("surveys:need_detail", args=[need.pk])
    for user in (cast.mona, cast.bea, cast.pat, cast.will):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Training that may help" in html
        assert f'href="{reverse("training:session_detail", args=[session.pk])}"' in html
        assert "Dr Jo Patel · 25 minutes" in html


def test_no_section_when_nothing_matches(client, cast, need):
    make_session(title="Mouth care", summary="Brushing teeth")
    client.force_login(cast.mona)
    html = client.get(reverse("surveys:need_detail", args=[need.pk])).content.decode()
    assert "Training that may help" not in html


def test_need_page_query_count_stays_flat(client, cast, need):
    client.force_login(cast.pat)
    url = reverse("surveys:need_detail", args=[need.pk])
    for i in range(3):
        make_session(title=f"Falls {i}", themes=[_theme("falls")])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    for i in range(3, 30):
        make_session(title=f"Falls {i}", themes=[_theme("falls"), _theme("dementia")])
    assert count() == few
