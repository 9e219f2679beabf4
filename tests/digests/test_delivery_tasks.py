"""The digest tasks: who beat picks for a period, batches, retries with backoff."""

import smtplib
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from celery.app import autoretry
from celery.exceptions import SoftTimeLimitExceeded
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.utils import timezone

from digests import services, tasks
from digests.models import DigestDelivery, DigestPreference, Frequency
from digests.periods import parse_period
from tests.digests.test_delivery import (  # noqa: F401 (fakes is a fixture)
    PERIOD,
    FakeComposer,
    FlakyBackend,
    disconnected,
    fakes,
)
from tests.factories import UserFactory

Status = DigestDelivery.Status
pytestmark = pytest.mark.usefixtures("fakes")


def person(frequency=None, **fields):
    user = UserFactory(**fields)
    if frequency:
        DigestPreference.objects.create(user=user, frequency=frequency)
    return user


@pytest.fixture
def queued(monkeypatch):
    """Batches queued by the fan-out, instead of running them."""
    found = []
    monkeypatch.setattr(
        tasks.send_digest_batch, "delay", lambda ids, key: found.append((list(ids), key))
    )
    return found


# --- Who is picked ----------------------------------------------------------------------


def test_the_weekly_run_picks_people_who_want_weekly_digests_and_may_get_them(db, queued):
    default = person()  # no choice made: weekly
    weekly = person(Frequency.WEEKLY)
    person(Frequency.DAILY)
    person(Frequency.NONE)
    person(is_active=False)
    unverified = person()
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    assert tasks.send_due_digests("weekly", "2026-W40") == 2
    assert queued == [([default.pk, weekly.pk], "2026-W40")]


def test_the_daily_run_picks_daily_people_only(db, queued):
    person()
    daily = person(Frequency.DAILY)
    assert tasks.send_due_digests("daily", "2026-10-01") == 1
    assert queued == [([daily.pk], "2026-10-01")]


def test_people_already_done_for_the_period_are_not_queued_again(db, queued):
    done, waiting, stuck = person(), person(), person()
    DigestDelivery.objects.create(
        user=done,
        period="2026-W40",
        frequency="weekly",
        status=Status.EMPTY,
        claimed_at=timezone.now(),
    )
    DigestDelivery.objects.create(
        user=stuck,
        period="2026-W40",
        frequency="weekly",
        status=Status.CLAIMED,
        claimed_at=timezone.now(),
        claim_token="x",
    )
    tasks.send_due_digests("weekly", "2026-W40")
    assert queued == [([waiting.pk, stuck.pk], "2026-W40")]


def test_people_are_queued_in_batches(db, queued, settings):
    settings.DIGEST_BATCH_SIZE = 2
    group = [person().pk for _ in range(5)]
    tasks.send_due_digests("weekly", "2026-W40")
    assert [ids for ids, _ in queued] == [group[0:2], group[2:4], group[4:5]]


def test_without_a_period_it_sends_the_one_just_ended(db, queued, monkeypatch):
    person()
    person(Frequency.DAILY)
    monday = date(2026, 11, 30)
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: monday)
    tasks.send_due_digests("weekly")
    tasks.send_due_digests("daily")
    assert [key for _, key in queued] == ["2026-W48", "2026-11-29"]


def test_a_period_of_the_other_kind_is_refused(db, queued):
    with pytest.raises(ValueError, match="not a daily period"):
        tasks.send_due_digests("daily", "2026-W40")


def test_beat_sends_daily_digests_every_morning_and_weekly_ones_on_monday():
    schedule = settings.CELERY_BEAT_SCHEDULE
    daily, weekly = schedule["digests-daily"], schedule["digests-weekly"]
    assert daily["task"] == weekly["task"] == "digests.tasks.send_due_digests"
    assert daily["args"] == ("daily",) and weekly["args"] == ("weekly",)
    assert daily["schedule"] == crontab(hour=7, minute=0)
    assert weekly["schedule"] == crontab(hour=7, minute=0, day_of_week="mon")
    assert settings.CELERY_TIMEZONE == "Europe/London"


# --- One batch, through Celery (eager in tests) -----------------------------------------


def test_the_whole_run_sends_everyone_once_through_the_tasks(db, settings):
    settings.DIGEST_BATCH_SIZE = 2
    group = [person() for _ in range(5)]
    assert tasks.send_due_digests("weekly", "2026-W40") == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in group)
    assert tasks.send_due_digests("weekly", "2026-W40") == 0  # a second run finds nobody
    assert len(mail.outbox) == 5


@pytest.fixture
def retries(monkeypatch, settings):
    """The countdowns the batch asked to be retried after (the retry then runs at once:
    eager Celery runs a retry in place when errors are not propagated)."""
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    asked = []
    real = tasks.send_digest_batch.retry

    def retry(*args, **kwargs):
        asked.append(kwargs.get("countdown"))
        kwargs["countdown"] = 0
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks.send_digest_batch, "retry", retry)
    # Without the random part (jitter), so the waits can be compared.
    backoff = autoretry.get_exponential_backoff_interval
    monkeypatch.setattr(
        autoretry,
        "get_exponential_backoff_interval",
        lambda **kwargs: backoff(**{**kwargs, "full_jitter": False}),
    )
    return asked


def test_a_dropped_connection_is_retried_with_growing_waits_until_it_goes(db, retries):
    ann, ben = person(), person()
    FlakyBackend.plan[ben.email] = [disconnected(), disconnected(), disconnected()]
    tasks.send_digest_batch.delay([ann.pk, ben.pk], PERIOD.key)
    assert retries == [30, 60, 120]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ann.email, ben.email])
    assert DigestDelivery.objects.get(user=ben).attempts == 4


def test_after_five_retries_the_person_is_marked_failed(db, retries):
    ann, ben = person(), person()
    FlakyBackend.plan[ann.email] = [
        smtplib.SMTPResponseException(421, b"4.7.0 try later") for _ in range(6)
    ]
    result = tasks.send_digest_batch.delay([ann.pk, ben.pk], PERIOD.key).get()
    assert retries == [30, 60, 120, 240, 480]
    failed = DigestDelivery.objects.get(user=ann)
    assert failed.status == Status.FAILED
    assert failed.error == "SMTPResponseException 421 (gave up after retries)"
    assert failed.attempts == 6
    assert [m.to[0] for m in mail.outbox] == [ben.email]  # sent on the first attempt
    assert result["failed"] == 1


def test_a_person_another_worker_holds_is_checked_again_when_the_lease_ends(
    db, retries, monkeypatch
):
    busy = person()
    DigestDelivery.objects.create(
        user=busy,
        period=PERIOD.key,
        frequency="weekly",
        status=Status.CLAIMED,
        claimed_at=timezone.now() - timedelta(minutes=4),
        claim_token="other-worker",
    )
    original = services.send_batch

    def other_worker_finishes_meanwhile(*args, **kwargs):
        result = original(*args, **kwargs)
        DigestDelivery.objects.filter(user=busy).update(status=Status.SENT, claim_token="")
        return result

    monkeypatch.setattr(services, "send_batch", other_worker_finishes_meanwhile)
    tasks.send_digest_batch.delay([busy.pk], PERIOD.key)
    assert len(retries) == 1 and 6 * 60 <= retries[0] <= 6 * 60 + 2  # lease 10 min - 4
    assert mail.outbox == []  # it was the other worker's to send


def test_the_batch_reads_the_periods_shared_data_once(db, monkeypatch):
    made = []
    monkeypatch.setattr(
        services, "Composer", lambda period: made.append(period) or FakeComposer(period)
    )
    tasks.send_digest_batch.delay([person().pk for _ in range(3)], PERIOD.key)
    assert made == [parse_period(PERIOD.key)]


def test_a_batch_stopped_by_the_time_limit_carries_on_in_its_retry(db, retries, monkeypatch):
    group = [person() for _ in range(3)]
    build = FakeComposer.build
    struck = []

    def slow_build(self, user):
        if user == group[1] and not struck:
            struck.append(user)
            raise SoftTimeLimitExceeded()
        return build(self, user)

    monkeypatch.setattr(FakeComposer, "build", slow_build)
    tasks.send_digest_batch.delay([p.pk for p in group], PERIOD.key)
    assert len(retries) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in group)
    assert set(DigestDelivery.objects.values_list("status", flat=True)) == {Status.SENT}
