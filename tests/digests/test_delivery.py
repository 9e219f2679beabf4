"""Sending a batch of digests: each person gets a period's digest once, whatever fails.

The content is faked here (FakeComposer) so these tests are about delivery alone; the
SMTP server is FlakyBackend, which can refuse, drop the connection or say "not now".
"""

import smtplib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from digests import claims, services
from digests.models import DigestDelivery
from digests.periods import parse_period
from tests.factories import UserFactory

Status = DigestDelivery.Status
PERIOD = parse_period("2026-W40")


# --- Fakes ------------------------------------------------------------------------------


class FakeComposer:
    """Everyone has something new unless listed in `nothing_new`; `broken` people make
    building fail; inactive people are skipped."""

    nothing_new: set[int] = set()
    broken: set[int] = set()

    def __init__(self, period):
        self.period = period

    def people(self, user_ids):
        from network.models import User

        return list(User.objects.filter(pk__in=user_ids).order_by("pk"))

    def skip_reason(self, user):
        return "" if user.is_active else "their account is switched off"

    def build(self, user):
        if user.pk in self.broken:
            raise ValueError("bad data")
        return None if user.pk in self.nothing_new else f"news for {user.pk}"

    def message(self, user, digest, *, connection, headers):
        return EmailMessage(
            f"Your update: {self.period.label}",
            digest,
            "noreply@example.org",
            [user.email],
            connection=connection,
            headers=headers,
        )


class FlakyBackend(LocmemBackend):
    """The locmem backend with an SMTP server that can misbehave.

    `plan` maps an address to the errors its next attempts raise (one per attempt);
    `refuse_open` is how many opens fail before one works."""

    plan: dict[str, list[BaseException]] = {}
    refuse_open = 0
    opens = 0

    def open(self):
        FlakyBackend.opens += 1
        if FlakyBackend.refuse_open:
            FlakyBackend.refuse_open -= 1
            raise ConnectionRefusedError(111, "Connection refused")
        return True

    def send_messages(self, messages):
        for message in messages:
            errors = FlakyBackend.plan.get(message.to[0])
            if errors:
                raise errors.pop(0)
        return super().send_messages(messages)


@pytest.fixture
def fakes(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.digests.test_delivery.FlakyBackend"
    monkeypatch.setattr(services, "Composer", FakeComposer)
    monkeypatch.setattr(FakeComposer, "nothing_new", set())
    monkeypatch.setattr(FakeComposer, "broken", set())
    monkeypatch.setattr(FlakyBackend, "plan", {})
    monkeypatch.setattr(FlakyBackend, "refuse_open", 0)
    monkeypatch.setattr(FlakyBackend, "opens", 0)
    return FlakyBackend


def people(n):
    return [UserFactory() for _ in range(n)]


def rows(period=PERIOD):
    return dict(DigestDelivery.objects.filter(period=period.key).values_list("user_id", "status"))


def sent_to():
    return [message.to[0] for message in mail.outbox]


def disconnected():
    return smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


# --- Sending ----------------------------------------------------------------------------


def test_each_person_gets_one_email_with_a_message_id_that_names_them_and_the_period(db, fakes):
    ann, ben = people(2)
    result = services.send_batch([ann.pk, ben.pk], PERIOD)
    assert result.sent == 2
    assert sorted(sent_to()) == sorted([ann.email, ben.email])
    row = DigestDelivery.objects.get(user=ann, period="2026-W40")
    assert row.status == Status.SENT
    assert row.sent_at is not None
    assert row.message_id == f"<digest-{ann.pk}-2026-W40@127.0.0.1>"
    assert row.claim_token == ""
    message = next(m for m in mail.outbox if m.to == [ann.email])
    assert message.message()["Message-ID"] == row.message_id
    assert fakes.opens == 1  # one SMTP connection for the whole batch


def test_running_the_same_batch_again_sends_nothing_more(db, fakes):
    group = [person.pk for person in people(3)]
    services.send_batch(group, PERIOD)
    again = services.send_batch(group, PERIOD)
    assert len(mail.outbox) == 3
    assert again.sent == 0 and again.already_done == 3
    assert fakes.opens == 1  # nothing left to send: no second connection


def test_nothing_new_is_not_sent_and_inactive_people_are_skipped(db, fakes):
    quiet, gone, keen = people(3)
    gone.is_active = False
    gone.save()
    FakeComposer.nothing_new = {quiet.pk}
    result = services.send_batch([quiet.pk, gone.pk, keen.pk], PERIOD)
    assert (result.sent, result.empty, result.skipped) == (1, 1, 1)
    assert sent_to() == [keen.email]
    assert rows() == {quiet.pk: Status.EMPTY, gone.pk: Status.SKIPPED, keen.pk: Status.SENT}
    skipped = DigestDelivery.objects.get(user=gone)
    assert skipped.error == "Not sent: their account is switched off"


def test_final_rows_are_never_sent_again(db, fakes):
    group = people(4)
    for person, status in zip(group, [Status.SENT, Status.EMPTY, Status.SKIPPED, Status.FAILED]):
        DigestDelivery.objects.create(
            user=person,
            period=PERIOD.key,
            frequency="weekly",
            status=status,
            claimed_at=timezone.now() - timedelta(days=3),
        )
    result = services.send_batch([p.pk for p in group], PERIOD)
    assert mail.outbox == []
    assert result.already_done == 4


def test_one_persons_broken_content_does_not_stop_the_others(db, fakes):
    bad, good = people(2)
    FakeComposer.broken = {bad.pk}
    result = services.send_batch([bad.pk, good.pk], PERIOD)
    assert sent_to() == [good.email]
    assert result.failed == 1
    failed = DigestDelivery.objects.get(user=bad)
    assert (failed.status, failed.error) == (Status.FAILED, "Not built: ValueError")


# --- SMTP failures ----------------------------------------------------------------------


def test_a_refused_address_fails_with_its_code_and_the_rest_still_go(db, fakes):
    ann, ben, cat = people(3)
    fakes.plan[ben.email] = [
        smtplib.SMTPRecipientsRefused({ben.email: (550, b"5.1.1 ben@... no such user")})
    ]
    fakes.plan[cat.email] = [smtplib.SMTPDataError(554, b"5.7.1 message refused")]
    result = services.send_batch([ann.pk, ben.pk, cat.pk], PERIOD)
    assert sent_to() == [ann.email]
    assert result.failed == 2
    errors = dict(DigestDelivery.objects.values_list("user_id", "error"))
    assert errors[ben.pk] == "SMTPRecipientsRefused 550"
    assert errors[cat.pk] == "SMTPDataError 554"
    assert ben.email not in errors[ben.pk]  # no address, no server text in the log
    assert fakes.opens == 1


def test_a_4xx_answer_gives_the_claim_back_and_the_retry_sends_it(db, fakes):
    ann, ben, cat = people(3)
    fakes.plan[ben.email] = [smtplib.SMTPDataError(451, b"4.3.0 try again later")]
    with pytest.raises(services.TryAgainLater):
        services.send_batch([ann.pk, ben.pk, cat.pk], PERIOD)
    assert sorted(sent_to()) == sorted([ann.email, cat.email])  # the rest went on
    held = DigestDelivery.objects.get(user=ben)
    assert (held.status, held.claim_token, held.error) == (Status.CLAIMED, "", "SMTPDataError 451")

    retry = services.send_batch([ann.pk, ben.pk, cat.pk], PERIOD)
    assert retry.sent == 1 and retry.already_done == 2
    assert sorted(sent_to()) == sorted([ann.email, cat.email, ben.email])
    ben_row = DigestDelivery.objects.get(user=ben)
    assert (ben_row.status, ben_row.attempts) == (Status.SENT, 2)


def test_a_dropped_connection_stops_the_batch_and_the_retry_finishes_it_once_each(db, fakes):
    group = people(4)
    fakes.plan[group[1].email] = [disconnected()]
    with pytest.raises(services.TryAgainLater, match="SMTPServerDisconnected"):
        services.send_batch([p.pk for p in group], PERIOD)
    assert sent_to() == [group[0].email]
    # The one being sent and everyone after the break are given back for the retry.
    assert rows() == {group[0].pk: Status.SENT} | {p.pk: Status.CLAIMED for p in group[1:]}
    assert set(
        DigestDelivery.objects.exclude(status=Status.SENT).values_list("claim_token", flat=True)
    ) == {""}

    services.send_batch([p.pk for p in group], PERIOD)
    assert sorted(sent_to()) == sorted(p.email for p in group)
    assert set(rows().values()) == {Status.SENT}


def test_when_the_server_cannot_be_reached_nobody_is_marked_failed(db, fakes):
    group = people(2)
    fakes.refuse_open = 1
    with pytest.raises(services.TryAgainLater, match="ConnectionRefusedError"):
        services.send_batch([p.pk for p in group], PERIOD, last_attempt=True)
    assert mail.outbox == []
    assert not DigestDelivery.objects.filter(status=Status.FAILED).exists()
    services.send_batch([p.pk for p in group], PERIOD)
    assert len(mail.outbox) == 2


def test_on_the_last_attempt_a_temporary_failure_is_recorded_as_failed(db, fakes):
    ann, ben = people(2)
    fakes.plan[ann.email] = [smtplib.SMTPResponseException(421, b"4.7.0 too busy")]
    services.send_batch([ann.pk, ben.pk], PERIOD, last_attempt=True)
    failed = DigestDelivery.objects.get(user=ann)
    assert failed.status == Status.FAILED
    assert failed.error == "SMTPResponseException 421 (gave up after retries)"
    assert sent_to() == [ben.email]


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (smtplib.SMTPServerDisconnected("gone"), True),
        (ConnectionResetError(104, "reset"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPResponseException(421, b"busy"), True),
        (smtplib.SMTPRecipientsRefused({"a@b.c": (452, b"full")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b.c": (550, b"no such user")}), False),
        (smtplib.SMTPSenderRefused(553, b"not allowed", "x@y.z"), False),
        (smtplib.SMTPDataError(554, b"spam"), False),
        (ValueError("odd"), False),
    ],
)
def test_which_errors_are_worth_trying_again(error, temporary):
    assert services.is_temporary(error) is temporary


# --- Claims -----------------------------------------------------------------------------


def claimed_row(user, *, token="someone-else", age=timedelta(0)):
    return DigestDelivery.objects.create(
        user=user,
        period=PERIOD.key,
        frequency="weekly",
        status=Status.CLAIMED,
        claimed_at=timezone.now() - age,
        claim_token=token,
        attempts=1,
    )


def test_a_fresh_claim_is_left_to_its_holder_and_the_batch_says_when_to_come_back(db, fakes):
    busy, free = people(2)
    row = claimed_row(busy, age=timedelta(minutes=3))
    result = services.send_batch([busy.pk, free.pk], PERIOD)
    assert sent_to() == [free.email]
    assert result.held_until == row.claimed_at + timedelta(minutes=10)
    row.refresh_from_db()
    assert (row.status, row.claim_token) == (Status.CLAIMED, "someone-else")


def test_a_stale_claim_is_taken_over_and_sent(db, fakes):
    (person,) = people(1)
    claimed_row(person, age=timedelta(minutes=11))
    result = services.send_batch([person.pk], PERIOD)
    assert result.sent == 1 and result.held_until is None
    row = DigestDelivery.objects.get(user=person)
    assert (row.status, row.attempts) == (Status.SENT, 2)


def test_a_released_claim_is_taken_at_once(db, fakes):
    (person,) = people(1)
    claimed_row(person, token="")
    assert claims.claim(person.pk, PERIOD).won


def test_only_one_of_two_take_overs_of_the_same_stale_claim_wins(db):
    (person,) = people(1)
    claimed_row(person, token="dead-worker", age=timedelta(hours=1))
    first = claims.claim(person.pk, PERIOD)
    assert first.won
    second = claims.claim(person.pk, PERIOD)  # now fresh: held by the first
    assert not second.won and second.held_until is not None


def test_marking_sent_needs_the_claim_we_hold(db):
    (person,) = people(1)
    mine = claims.claim(person.pk, PERIOD)
    DigestDelivery.objects.filter(user=person).update(claim_token="taken-over")
    assert not claims.finish(person.pk, PERIOD, mine.token, status=Status.SENT)
    assert DigestDelivery.objects.get(user=person).status == Status.CLAIMED


@pytest.mark.django_db(transaction=True)
def test_many_workers_taking_over_one_stale_claim_at_once_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite runs one writer at a time")
    (person,) = people(1)
    claimed_row(person, token="dead-worker", age=timedelta(hours=1))
    tries = 8
    barrier = threading.Barrier(tries)
    outcomes, errors = [], []

    def take_over():
        try:
            barrier.wait(timeout=10)
            outcomes.append(claims.claim(person.pk, PERIOD).won)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_over) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert outcomes.count(True) == 1
    assert DigestDelivery.objects.get(user=person).attempts == 2


@pytest.mark.django_db(transaction=True)
def test_many_workers_claiming_a_new_row_at_once_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite runs one writer at a time")
    (person,) = people(1)
    tries = 8
    barrier = threading.Barrier(tries)
    outcomes, errors = [], []

    def claim():
        try:
            barrier.wait(timeout=10)
            outcomes.append(claims.claim(person.pk, PERIOD).won)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert outcomes.count(True) == 1
    assert DigestDelivery.objects.filter(user=person).count() == 1


# --- Cost -------------------------------------------------------------------------------


def test_each_person_costs_one_query_of_their_own(db, fakes):
    small = [p.pk for p in people(3)]
    large = [p.pk for p in people(30)]
    with CaptureQueriesContext(connection) as three:
        services.send_batch(small, PERIOD)
    with CaptureQueriesContext(connection) as thirty:
        services.send_batch(large, PERIOD)
    # Per person: the outcome (one UPDATE). Per batch: claiming (insert, take over, read
    # back), loading the people and giving back what was not reached. (Savepoints are the
    # test's own transaction.)
    assert statements(thirty) - statements(three) == 27
    assert statements(three) == 5 + 3


def statements(queries) -> int:
    return sum(1 for q in queries.captured_queries if not plumbing(q["sql"]))


def plumbing(sql: str) -> bool:
    """Savepoints (the test's own transaction) and SET/RESET synchronous_commit."""
    return "SAVEPOINT" in sql or sql.startswith(("SET ", "RESET "))


def test_the_batch_leaves_the_database_connection_as_it_found_it(db, fakes, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    seen = []
    real_finish = services.finish

    def finish(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
        return real_finish(*args, **kwargs)

    monkeypatch.setattr(services, "finish", finish)
    services.send_batch([p.pk for p in people(2)], PERIOD)
    assert seen == ["off", "off"]  # marks do not wait for the disk (see services)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db(transaction=True)
def test_someone_deleted_after_the_batch_was_queued_does_not_stop_the_others(fakes):
    ann, gone, cat = people(3)
    ids = [ann.pk, gone.pk, cat.pk]
    gone.delete()
    result = services.send_batch(ids, PERIOD)
    assert result.sent == 2
    assert sorted(sent_to()) == sorted([ann.email, cat.email])
