"""manage.py warm_figures works out the most-opened dashboards before anyone waits: after
it, the whole network's and a partner's area dashboards and a home dashboard's averages
come from the cache."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboards.test_area import post_need


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.FIGURES_CACHE = True


def _queries(client, user, url):
    client.force_login(user)
    client.get(reverse("floor"))  # the session and memberships are read
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("who", ["will", "pat"])
def test_after_warming_the_area_dashboard_reads_no_figures(client, cast, who, settings):
    post_need(cast.home_a, "Help with falls at night")
    user = getattr(cast, who)
    _, cold = _queries(client, user, reverse("dashboards:area"))
    from django.core.cache import cache

    cache.clear()
    call_command("warm_figures", stdout=StringIO())
    response, warm = _queries(client, user, reverse("dashboards:area"))

    assert response.context["figures"].needs.posted == 1
    assert warm <= cold - 15, (cold, warm)


def test_after_warming_a_home_dashboard_reads_only_the_home(client, cast):
    post_need(cast.home_a, "Help with falls at night")
    url = reverse("dashboards:home", args=[cast.home_a.pk])
    _, cold = _queries(client, cast.mona, url)
    from django.core.cache import cache

    cache.clear()
    call_command("warm_figures", stdout=StringIO())
    response, warm = _queries(client, cast.mona, url)

    assert response.context["needs"]["figures"][0].home == "1"
    assert warm <= cold - 7, (cold, warm)


def test_with_a_worker_warming_works_stale_figures_out_at_once(
    client, cast, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Pages show stale figures while a refresh is queued; the warm-up itself must not
    just queue refreshes, or the morning's dashboards would be yesterday's."""

    settings.REDIS_URL = "redis://example.invalid:6379/0"  # a worker exists...
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr("portal.tasks.enqueue_on_commit", lambda *args: queued.append(args))
    post_need(cast.home_a, "Help with falls at night")
    call_command("warm_figures", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        post_need(cast.home_b, "Ideas for activities")
    call_command("warm_figures", stdout=StringIO())

    response, _ = _queries(client, cast.pat, reverse("dashboards:area"))
    assert response.context["figures"].needs.posted == 2
    assert not response.context["figures"].stale
    assert queued == []
