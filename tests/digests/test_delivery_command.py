"""`manage.py send_digests` (sending a past period by hand) and the digest log in the
Django admin."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from digests.models import DigestDelivery, DigestPreference, Frequency
from tests.digests.test_delivery import fakes  # noqa: F401 (fixture)
from tests.factories import UserFactory

Status = DigestDelivery.Status
pytestmark = pytest.mark.usefixtures("fakes")


def run(*args) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def row(user, status, *, age=timedelta(days=1), token=""):
    return DigestDelivery.objects.create(
        user=user,
        period="2026-W40",
        frequency="weekly",
        status=status,
        claimed_at=timezone.now() - age,
        claim_token=token,
    )


def test_a_dry_run_says_how_many_would_get_it_and_sends_nothing(db):
    done, *waiting = [UserFactory() for _ in range(3)]
    row(done, Status.SENT)
    out = run("--period", "2026-W40", "--dry-run")
    assert "So far for 2026-W40: 1 sent." in out
    assert "Would send the weekly digest to 2 people. Nothing sent." in out
    assert mail.outbox == []
    assert DigestDelivery.objects.count() == 1


def test_it_sends_only_to_people_not_dealt_with_yet(db):
    sent, empty, failed, never, stuck, busy = [UserFactory() for _ in range(6)]
    row(sent, Status.SENT)
    row(empty, Status.EMPTY)
    row(failed, Status.FAILED)
    row(stuck, Status.CLAIMED, age=timedelta(hours=2), token="dead-worker")
    row(busy, Status.CLAIMED, age=timedelta(minutes=1), token="live-worker")
    out = run("--period", "2026-W40", "--frequency", "weekly")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([never.email, stuck.email])
    assert "Queued the weekly digest for the week of 28 September 2026 to 2 people" in out
    assert "Now for 2026-W40: 1 claimed, 3 sent, 1 empty, 1 failed." in out
    assert DigestDelivery.objects.get(user=busy).claim_token == "live-worker"


def test_a_daily_period_goes_to_people_who_chose_daily(db):
    weekly = UserFactory()
    daily = UserFactory()
    DigestPreference.objects.create(user=daily, frequency=Frequency.DAILY)
    run("--period", "2026-10-01")
    assert [m.to[0] for m in mail.outbox] == [daily.email]
    assert not DigestDelivery.objects.filter(user=weekly).exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--period", "2026-48"], '"2026-48" is not a period: use a week such as 2026-W48'),
        (["--period", "2026-W60"], "is not a period"),
        (["--period", "2026-W40", "--frequency", "daily"], "2026-W40 is a weekly period"),
    ],
)
def test_a_bad_period_is_refused_in_words(db, args, says):
    with pytest.raises(CommandError, match=says):
        run(*args)
    assert not DigestDelivery.objects.exists()


def test_a_period_not_over_yet_is_refused(db):
    UserFactory()
    today = timezone.localdate()
    with pytest.raises(CommandError, match="has not ended yet"):
        run("--period", today.isoformat())
    year, week, _ = today.isocalendar()
    with pytest.raises(CommandError, match="has not ended yet"):
        run("--period", f"{year}-W{week:02d}")
    assert mail.outbox == []


# --- The digest log in the admin --------------------------------------------------------


def test_network_admins_read_the_log_but_cannot_edit_it(client, cast):
    entry = row(cast.sid, Status.FAILED)
    entry.error = "SMTPRecipientsRefused 550"
    entry.save()
    client.force_login(cast.ada)
    page = client.get(reverse("admin:digests_digestdelivery_changelist"))
    assert page.status_code == 200
    assert "SMTPRecipientsRefused 550" in page.content.decode()
    detail = client.get(reverse("admin:digests_digestdelivery_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert 'name="status"' not in detail.content.decode()  # shown, not editable
    assert client.get(reverse("admin:digests_digestdelivery_add")).status_code == 403


def test_the_log_list_costs_the_same_for_3_rows_or_30(client, cast):
    client.force_login(cast.ada)
    url = reverse("admin:digests_digestdelivery_changelist")

    def log_of(n):
        DigestDelivery.objects.all().delete()
        for _ in range(n):
            row(UserFactory(), Status.SENT)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert log_of(3) == log_of(30)


def test_the_preferences_list_costs_the_same_for_3_rows_or_30(client, cast):
    client.force_login(cast.ada)
    url = reverse("admin:digests_digestpreference_changelist")

    def listed(n):
        DigestPreference.objects.all().delete()
        for _ in range(n):
            DigestPreference.objects.create(user=UserFactory(), frequency=Frequency.DAILY)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert listed(3) == listed(30)
