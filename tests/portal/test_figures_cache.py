"""Dashboards keep their figures in the cache until the data changes
(portal/figures_cache.py): a second look costs no figure queries, a change shows at once
without a worker, people with different scopes never share figures, and with a worker a
stale page is shown while one refresh is queued."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards import selectors_area
from portal import figures_cache
from tests.dashboards.test_area import post_need
from tests.factories import AreaFactory, OrganisationFactory, make_project

AREA = reverse("dashboards:area")


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.FIGURES_CACHE = True


def _get(client, user, url=AREA):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_look_reads_the_figures_from_the_cache(client, cast):
    post_need(cast.home_a, "Help with falls at night")
    first, first_queries = _get(client, cast.pat)
    second, second_queries = _get(client, cast.pat)

    assert second.context["figures"].needs.posted == first.context["figures"].needs.posted == 1
    assert second_queries < first_queries - 10, (first_queries, second_queries)
    assert re.search(
        r"Figures worked out at \d{1,2}:\d\d[ap]m on \d{1,2} \w+ 20\d\d\.", second.content.decode()
    )


def test_a_new_need_shows_on_the_next_look(client, cast, django_capture_on_commit_callbacks):
    post_need(cast.home_a, "Help with falls at night")
    before, _ = _get(client, cast.pat)
    with django_capture_on_commit_callbacks(execute=True):
        post_need(cast.home_b, "Ideas for activities")
    after, _ = _get(client, cast.pat)

    assert before.context["figures"].needs.posted == 1
    assert after.context["figures"].needs.posted == 2


def test_people_with_different_areas_never_share_figures(client, cast):
    """Will sees the whole network; Pat only the Solent ICB area. Will looks first."""
    elsewhere = AreaFactory(name="Elsewhere ICB area", kind="icb")
    far_home = OrganisationFactory(name="Far House", area=elsewhere)
    post_need(far_home, "A need outside Pat's areas")
    post_need(cast.home_a, "Help with falls at night")

    will, _ = _get(client, cast.will)
    pat, _ = _get(client, cast.pat)

    assert will.context["figures"].needs.posted == 2
    assert pat.context["figures"].needs.posted == 1
    assert pat.context["figures"].engagement.homes == 2  # home A and home B


def test_the_key_holds_the_scope_and_survives_the_task_queue(cast):
    from dashboards.filters import scope_for

    _, will_scope = scope_for(cast.will)
    _, pat_scope = scope_for(cast.pat)
    key = selectors_area.cache_key(pat_scope)

    assert key != selectors_area.cache_key(will_scope)
    assert figures_cache._tupled(figures_cache._plain(key)) == key
    rebuilt = selectors_area.scope_from_key(key)
    assert selectors_area.cache_key(rebuilt) == key


def test_with_a_worker_a_stale_page_is_shown_while_one_refresh_is_queued(
    client, cast, settings, monkeypatch
):
    settings.REDIS_URL = "redis://example.invalid:6379/0"  # a worker exists...
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(
        "portal.tasks.enqueue_unkept_on_commit", lambda task, *args: queued.append((task, args))
    )
    post_need(cast.home_a, "Help with falls at night")
    _get(client, cast.pat)  # worked out and kept
    monkeypatch.setattr(figures_cache, "MIN_AGE_SECONDS", 0)
    post_need(cast.home_b, "Ideas for activities")
    figures_cache._bump()  # the test transaction never commits, so bump by hand

    stale, stale_queries = _get(client, cast.pat)
    again, _ = _get(client, cast.pat)

    assert stale.context["figures"].needs.posted == 1
    assert stale.context["figures"].stale
    assert "being worked out again" in stale.content.decode()
    assert len(queued) == 1, "one refresh for the key, however many looks"
    task, (name, key) = queued[0]
    assert again.context["figures"].stale

    task(name, key)  # the worker runs the refresh
    fresh, _ = _get(client, cast.pat)
    assert fresh.context["figures"].needs.posted == 2
    assert not fresh.context["figures"].stale


def test_figures_older_than_the_limit_are_worked_out_again(client, cast, monkeypatch):
    post_need(cast.home_a, "Help with falls at night")
    _get(client, cast.pat)
    monkeypatch.setattr(figures_cache, "MAX_AGE_SECONDS", -1)
    _, queries = _get(client, cast.pat)
    monkeypatch.setattr(figures_cache, "MAX_AGE_SECONDS", 900)
    _, cached_queries = _get(client, cast.pat)

    assert queries > cached_queries + 10


def test_a_save_in_the_figure_apps_marks_figures_stale(cast, django_capture_on_commit_callbacks):
    before = figures_cache.data_version()
    with django_capture_on_commit_callbacks(execute=True):
        post_need(cast.home_a, "Help with falls at night")
    assert figures_cache.data_version() > before


def test_dates_in_keys_come_back_as_dates():
    key = ((1, 2), None, date(2026, 1, 31), "x")
    assert figures_cache._tupled(figures_cache._plain(key)) == key


def _home_url(home):
    return reverse("dashboards:home", args=[home.pk])


def test_homes_in_one_area_share_the_area_and_network_averages(client, cast):
    post_need(cast.home_a, "Help with falls at night")
    post_need(cast.home_b, "Ideas for activities")
    mona, mona_queries = _get(client, cast.mona, _home_url(cast.home_a))
    bea, bea_queries = _get(client, cast.bea, _home_url(cast.home_b))

    assert bea_queries <= mona_queries - 7, (mona_queries, bea_queries)
    assert [f.home for f in bea.context["needs"]["figures"][:1]] == ["1"]
    assert bea.context["needs"]["figures"][0].area == mona.context["needs"]["figures"][0].area


def test_a_partner_never_gets_averages_that_count_home_only_projects(client, cast):
    make_project(cast.home_a)  # only for the home
    make_project(cast.home_b, shared=True)
    mona, _ = _get(client, cast.mona, _home_url(cast.home_a))
    pat, _ = _get(client, cast.pat, _home_url(cast.home_a))

    assert mona.context["improvement"]["total"].network == "1"  # 2 projects over 2 homes
    assert pat.context["improvement"]["total"].network == "0.5"  # the shared one only


def test_signing_in_does_not_mark_figures_stale(cast, django_capture_on_commit_callbacks):
    before = figures_cache.data_version()
    with django_capture_on_commit_callbacks(execute=True):
        cast.mona.save(update_fields=["last_login"])
    assert figures_cache.data_version() == before


def _stale_for_pat(client, cast, settings, monkeypatch):
    """Pat's area dashboard, kept in the cache and then made stale, with a worker."""
    settings.REDIS_URL = "redis://example.invalid:6379/0"  # a worker exists...
    settings.CELERY_TASK_ALWAYS_EAGER = False
    post_need(cast.home_a, "Help with falls at night")
    _get(client, cast.pat)  # worked out and kept
    monkeypatch.setattr(figures_cache, "MIN_AGE_SECONDS", 0)
    post_need(cast.home_b, "Ideas for activities")
    figures_cache._bump()


def test_a_refresh_goes_straight_to_the_broker_and_never_to_the_outbox(
    client, cast, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Figures are only a cache: a refresh is not worth a database write on a page view,
    and a dashboard must not fail because the outbox table cannot be written."""
    from django.db import DatabaseError

    from portal.models import OutboxTask

    _stale_for_pat(client, cast, settings, monkeypatch)
    sent = []
    monkeypatch.setattr("portal.outbox.send", lambda task, args, kwargs: sent.append(args))

    def no_outbox(*args, **kwargs):
        raise DatabaseError("the outbox table cannot be written")

    monkeypatch.setattr("portal.outbox.OutboxTask.objects.create", no_outbox)
    monkeypatch.setattr("portal.outbox.OutboxTask.objects.bulk_create", no_outbox)
    with django_capture_on_commit_callbacks(execute=True):
        stale, _ = _get(client, cast.pat)  # asserts 200

    assert stale.context["figures"].stale
    assert len(sent) == 1, "one refresh, sent to the broker"
    assert sent[0][0] == "area"
    assert OutboxTask.objects.count() == 0


def test_a_refresh_the_broker_does_not_take_is_logged_and_the_page_still_shows(
    client, cast, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """A lost refresh is harmless: the next look, or the 05:00 warm-up, works it out."""
    from portal.models import OutboxTask

    _stale_for_pat(client, cast, settings, monkeypatch)

    def broker_down(task, args, kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr("portal.outbox.send", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        stale, _ = _get(client, cast.pat)

    assert stale.context["figures"].stale
    assert "being worked out again" in stale.content.decode()
    assert "Could not queue portal.figures_cache.refresh_figures" in caplog.text
    assert OutboxTask.objects.count() == 0
