"""When Redis is down: a need posted is saved and the page works; a task that cannot be
queued is logged and the person carries on (portal.tasks.enqueue_on_commit)."""

import socket
import time
import uuid

import pytest
from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from portal.tasks import enqueue_on_commit
from surveys.models import Need

ran = []


@shared_task(name="tests.digests.record")
def record(word: str) -> None:
    ran.append(word)


def dead_redis() -> str:
    """A Redis URL nobody answers at (a port just found free, on this machine)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def redis_down():
    url = dead_redis()
    return override_settings(
        REDIS_URL=url,
        CELERY_BROKER_URL=url,
        CELERY_TASK_ALWAYS_EAGER=False,
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
            }
        },
    )


def test_a_need_posted_while_redis_is_down_is_saved_and_its_page_shows(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.mona)
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        started = time.monotonic()
        response = client.post(
            reverse("surveys:need_create"),
            {"title": "Help with falls", "description": "Falls at night", "urgency": "routine"},
            follow=True,
        )
        took = time.monotonic() - started
    assert response.status_code == 200
    need = Need.objects.get()
    assert (need.title, need.organisation) == ("Help with falls", cast.home_a)
    assert response.redirect_chain == [(reverse("surveys:need_detail", args=[need.pk]), 302)]
    assert "Your need has been posted" in response.content.decode()
    assert took < 3


def test_a_task_that_cannot_be_queued_is_logged_and_the_work_is_kept(
    cast, caplog, django_capture_on_commit_callbacks
):
    ran.clear()
    with redis_down():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                cast.home_a.name = "Oak House (renamed)"
                cast.home_a.save()
                enqueue_on_commit(record, "hello")
        took = time.monotonic() - started
    assert took < 3  # one try, not Celery's retries for several seconds
    assert ran == []
    assert "Could not queue tests.digests.record" in caplog.text
    cast.home_a.refresh_from_db()
    assert cast.home_a.name == "Oak House (renamed)"


def test_the_task_runs_only_once_the_work_is_saved(db, django_capture_on_commit_callbacks):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(record, "saved")
        assert ran == []  # not before the commit
    assert len(callbacks) == 1 and ran == ["saved"]


def test_nothing_is_queued_when_the_work_is_rolled_back(db, django_capture_on_commit_callbacks):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(record, "lost")
            raise RuntimeError("form error")
    assert callbacks == [] and ran == []


def test_with_redis_up_the_task_is_on_the_queue(db, django_capture_on_commit_callbacks):
    if not settings.REDIS_URL:
        pytest.skip("Needs Redis (REDIS_URL)")
    import redis

    url = settings.CACHES["default"]["LOCATION"]  # this pytest worker's own database
    queue = f"enqueue-test-{uuid.uuid4().hex[:8]}"
    with override_settings(
        CELERY_BROKER_URL=url, CELERY_TASK_ALWAYS_EAGER=False, CELERY_TASK_DEFAULT_QUEUE=queue
    ):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit(record, "queued")
    client = redis.Redis.from_url(url)
    try:
        assert client.llen(queue) == 1
    finally:
        client.delete(queue)
        client.close()


def test_an_invitation_made_while_redis_is_down_is_saved_and_listed_as_pending(
    client, cast, caplog, django_capture_on_commit_callbacks
):
    from network.models import Invitation

    client.force_login(cast.mona)
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:invite", args=[cast.home_a.pk]),
            {"email": "new@example.org", "role": "staff"},
            follow=True,
        )
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation) == ("new@example.org", cast.home_a)
    assert "new@example.org" in response.content.decode()  # listed as pending
    assert "Could not queue network.tasks.send_invitation_email" in caplog.text
