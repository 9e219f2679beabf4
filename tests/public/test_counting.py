"""Views of public pages: one row per item per month, no cookies, nothing about visitors."""

from datetime import date

import pytest
from django.urls import reverse

from publicpages import services
from publicpages.models import PageView
from publicpages.paths import case_study_path, collection_path, session_path

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126 Safari/537.36"


def _views(kind, pk):
    return list(PageView.objects.filter(kind=kind, object_id=pk).values_list("month", "views"))


def test_each_view_adds_one_to_the_items_month(client, items):
    session = items["p_session"]
    for _ in range(3):
        assert client.get(session_path(session), HTTP_USER_AGENT=BROWSER).status_code == 200
    client.get(collection_path(items["p_collection"]), HTTP_USER_AGENT=BROWSER)
    client.get(case_study_path(items["p_named"]), HTTP_USER_AGENT=BROWSER)
    from django.utils import timezone

    month = timezone.localdate().replace(day=1)
    assert _views("session", session.pk) == [(month, 3)]
    assert _views("collection", items["p_collection"].pk) == [(month, 1)]
    assert _views("case_study", items["p_named"].pk) == [(month, 1)]


def test_only_pages_answered_by_a_get_count(client, items):
    session = items["p_session"]
    client.head(session_path(session), HTTP_USER_AGENT=BROWSER)
    client.get(reverse("public:session", args=[session.pk, "old"]), HTTP_USER_AGENT=BROWSER)
    client.get(session_path(items["p_draft"]), HTTP_USER_AGENT=BROWSER)
    client.get(reverse("public:index"), HTTP_USER_AGENT=BROWSER)
    assert not PageView.objects.exists()


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
    ],
)
def test_obvious_robots_are_not_counted(client, items, agent):
    assert client.get(session_path(items["p_session"]), HTTP_USER_AGENT=agent).status_code == 200
    assert not PageView.objects.exists()


def test_months_are_counted_apart_and_nothing_about_the_visitor_is_kept(db):
    services.count_view(kind="session", object_id=7, day=date(2026, 10, 31))
    services.count_view(kind="session", object_id=7, day=date(2026, 11, 1))
    services.count_view(kind="session", object_id=7, day=date(2026, 11, 30))
    assert _views("session", 7) == [(date(2026, 10, 1), 1), (date(2026, 11, 1), 2)]
    fields = {f.name for f in PageView._meta.get_fields()}
    assert fields == {"id", "kind", "object_id", "month", "views"}


def test_a_first_view_racing_another_adds_to_the_same_row(db, monkeypatch):
    """Two visitors at once: both UPDATEs find no row, the second INSERT hits the unique
    constraint and adds to the row the first made."""
    PageView.objects.create(kind="session", object_id=9, month=date(2026, 11, 1), views=1)
    real_filter = PageView.objects.filter
    calls = []

    class Missing:
        def __init__(self, qs):
            self.qs = qs

        def update(self, **kwargs):
            calls.append(1)
            return 0 if len(calls) == 1 else self.qs.update(**kwargs)

    monkeypatch.setattr(PageView.objects, "filter", lambda **kw: Missing(real_filter(**kw)))
    services.count_view(kind="session", object_id=9, day=date(2026, 11, 5))
    monkeypatch.undo()
    assert _views("session", 9) == [(date(2026, 11, 1), 2)]
