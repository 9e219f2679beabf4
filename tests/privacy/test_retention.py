"""Retention: network admins set how long an unused account lasts; a daily task (and a
command) deactivates accounts unused for longer, never network admins. Times are set
explicitly."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from audit.models import Action, AuditEvent
from network.models import User
from privacy import services, tasks
from privacy.models import RetentionSetting

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _last_used(user, *, signed_in=None, joined=None):
    User.objects.filter(pk=user.pk).update(
        last_login=signed_in, date_joined=joined or datetime(2020, 1, 1, tzinfo=UTC)
    )


@pytest.fixture
def ages(cast):
    """Sid signed in 25 months ago, Mona 23 months ago, Bea never (joined 3 years ago), Pat
    never (joined last month), Ada (network admin) 5 years ago, Will yesterday."""
    _last_used(cast.sid, signed_in=datetime(2024, 10, 24, tzinfo=UTC))
    _last_used(cast.mona, signed_in=datetime(2024, 12, 24, tzinfo=UTC))
    _last_used(cast.bea, joined=datetime(2023, 11, 1, tzinfo=UTC))
    _last_used(cast.pat, joined=datetime(2026, 10, 24, tzinfo=UTC))
    _last_used(cast.ada, signed_in=datetime(2021, 1, 1, tzinfo=UTC))
    _last_used(cast.will, signed_in=datetime(2026, 11, 23, tzinfo=UTC))
    return cast


def _active(cast):
    return {
        name
        for name in ("sid", "mona", "bea", "pat", "will", "ada")
        if User.objects.get(pk=getattr(cast, name).pk).is_active
    }


def test_default_is_24_months_and_admins_are_never_deactivated(ages):
    assert RetentionSetting.current().months == 24
    assert services.deactivate_unused_accounts(now=NOW) == 2
    assert _active(ages) == {"mona", "pat", "will", "ada"}
    events = AuditEvent.objects.filter(action=Action.RETENTION_DEACTIVATED)
    assert sorted(int(e.target_id) for e in events) == sorted([ages.sid.pk, ages.bea.pk])
    assert {e.actor_id for e in events} == {None}


def test_running_twice_changes_nothing_more(ages):
    services.deactivate_unused_accounts(now=NOW)
    assert services.deactivate_unused_accounts(now=NOW) == 0
    assert AuditEvent.objects.filter(action=Action.RETENTION_DEACTIVATED).count() == 2


def test_a_shorter_period_catches_more_and_0_means_never(ages):
    RetentionSetting.objects.create(pk=1, months=12)
    services.deactivate_unused_accounts(now=NOW)
    assert _active(ages) == {"pat", "will", "ada"}
    RetentionSetting.objects.filter(pk=1).update(months=0)
    _last_used(ages.will, signed_in=datetime(2000, 1, 1, tzinfo=UTC))
    assert services.deactivate_unused_accounts(now=NOW) == 0
    assert "will" in _active(ages)


def test_months_are_calendar_months():
    assert services.months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(
        2026, 2, 28, tzinfo=UTC
    )
    assert services.months_before(datetime(2026, 1, 15, tzinfo=UTC), 24) == datetime(
        2024, 1, 15, tzinfo=UTC
    )


def test_the_daily_task_is_scheduled_and_runs(ages, monkeypatch):
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert any(
        entry["task"] == "privacy.tasks.deactivate_unused_accounts" for entry in schedule.values()
    )
    monkeypatch.setattr(services.timezone, "now", lambda: NOW)
    assert tasks.deactivate_unused_accounts.delay().get() == 2


def test_command_dry_run_only_counts(ages, monkeypatch):
    monkeypatch.setattr(services.timezone, "now", lambda: NOW)
    out = StringIO()
    call_command("deactivate_unused_accounts", "--dry-run", stdout=out)
    assert "2 account(s) not used for 24 months would be deactivated" in out.getvalue()
    assert _active(ages) == {"sid", "mona", "bea", "pat", "will", "ada"}
    call_command("deactivate_unused_accounts", stdout=out)
    assert "Deactivated 2 account(s)" in out.getvalue()
    assert "sid" not in _active(ages)


def test_admin_changes_the_setting(client, cast):
    client.force_login(cast.ada)
    url = reverse("privacy:retention")
    assert "accounts not used for 24 months are deactivated" in client.get(url).content.decode()
    response = client.post(url, {"months": "36"}, follow=True)
    assert "Accounts not used for 36 months will be deactivated" in response.content.decode()
    assert RetentionSetting.current().months == 36
    client.post(url, {"months": "0"})
    assert RetentionSetting.current().months == 0


@pytest.mark.parametrize(
    ("months", "error"),
    [
        ("3", "Enter 0 or at least 6 months"),
        ("-1", "Enter 0 or a number of months above 0"),
        ("two", "Enter the number of months as a whole number"),
        ("", "Enter a number of months"),
        ("999", "Enter 240 months (20 years) or fewer"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_error(client, cast, months, error):
    client.force_login(cast.ada)
    response = client.post(reverse("privacy:retention"), {"months": months})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert error in page
    assert not RetentionSetting.objects.exists()
