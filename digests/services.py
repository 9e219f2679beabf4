"""Sending digests so that each person gets a period's digest once.

The protocol, per person and period (one `DigestDelivery` row, unique per user + period):

1. Claim (digests/claims.py). Insert the row as CLAIMED with a random `claim_token`. If
   the row is already there: SENT, EMPTY, SKIPPED and FAILED rows are final and never sent
   again. A CLAIMED row is taken over only when its claim is free (given back after a
   temporary failure) or stale (older than the lease), with a conditional UPDATE: when
   two workers try, the database lets exactly one of them match. A CLAIMED row with a
   fresh claim belongs to someone else; the batch comes back for it when the lease ends.
   A batch claims all its people at once (three statements) with one token per attempt.
2. Build each person's email (content is checked against their access now, not at
   fan-out).
3. Send it over the batch's one SMTP connection.
4. Mark the row SENT (with `sent_at` and the Message-ID) in one UPDATE straight after the
   SMTP server accepts the message, or EMPTY / SKIPPED / FAILED.

A batch that stops early (the connection broke, the time limit struck) gives back the
claims of the people it did not reach, so its retry takes them at once. A worker killed
part-way cannot give anything back: its people keep a CLAIMED row until the lease ends,
then the batch (delivered again by the broker) takes them over. Everyone it had sent to
is already SENT.

The one unavoidable window: a worker killed after the SMTP server accepted a message
(its "250 OK" after the data) but before the UPDATE in step 4 commits. That person's row is
still CLAIMED, so after the lease the batch sends it again and they get two copies. Nothing
is done between the server's answer and the UPDATE (the email is built before sending, the
UPDATE is a single statement on the unique index in autocommit), so the window is one
database round trip. Both copies carry the same Message-ID,
<digest-<user id>-<period>@<site host>>, so mail clients that drop repeated Message-IDs
show one. (A connection lost while the server is answering the data is the same window
seen from the other side: we cannot know if it was accepted, and we send it again.)

Commits in a batch do not wait for the disk (`synchronous_commit` off for the batch, on
PostgreSQL): a commit is seen by every other worker at once, so a killed worker changes
nothing above, but if PostgreSQL itself crashed, the last fraction of a second of marks
could be lost and those people would get their digest again, with the same Message-ID.
Waiting for the disk on every mark cost a third to a half of the throughput on the 2-core
machine this was measured on (about 210 against 300 emails a second in one process when
it was quiet, 75 against 150 when busy). scripts/bench_digests.py measures a real worker.

Timing assumptions: the lease (10 minutes) is longer than a batch may run (the task time
limit is 3 minutes) and shorter than the broker's visibility timeout (1 hour), after which
a batch whose worker died is delivered again.
"""

import logging
import smtplib
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlparse

from allauth.account.models import EmailAddress
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, connection
from django.db.models import Count, Exists, OuterRef, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from digests.claims import claim_many, finish, lease, release
from digests.models import DigestDelivery, Frequency
from digests.periods import Period
from network.models import User

logger = logging.getLogger(__name__)

Status = DigestDelivery.Status
FINAL = [Status.SENT, Status.EMPTY, Status.SKIPPED, Status.FAILED]
BATCH_SIZE = 100


def batch_size() -> int:
    return getattr(settings, "DIGEST_BATCH_SIZE", BATCH_SIZE)


def message_id(user_id: int, period_key: str) -> str:
    """The same Message-ID every time this person's digest for this period is sent."""
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    return f"<digest-{user_id}-{period_key}@{host}>"


class TryAgainLater(Exception):
    """The SMTP server is away or said "not now" (4xx): run the batch again later."""


# --- Who gets a digest ------------------------------------------------------------------


def _eligible(period: Period):
    """Active people with a verified address who chose this period's frequency (no choice
    means weekly)."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return (
        User.objects.filter(is_active=True)
        .alias(
            chosen=Coalesce("digest_preference__frequency", Value(Frequency.WEEKLY.value)),
        )
        .filter(Exists(verified), chosen=period.frequency)
        .order_by("pk")
    )


def due_user_ids(period: Period) -> list[int]:
    """Everyone who should get this period's digest and has no final row for it yet."""
    finished = DigestDelivery.objects.filter(
        user=OuterRef("pk"), period=period.key, status__in=FINAL
    )
    return list(_eligible(period).exclude(Exists(finished)).values_list("pk", flat=True))


def backfill_user_ids(period: Period, *, now=None) -> list[int]:
    """For a period sent late by hand: people with no row at all for it, and people whose
    claim went stale (their worker died and nobody came back for them)."""
    now = now or timezone.now()
    taken = DigestDelivery.objects.filter(user=OuterRef("pk"), period=period.key).exclude(
        status=Status.CLAIMED, claimed_at__lt=now - lease()
    )
    return list(_eligible(period).exclude(Exists(taken)).values_list("pk", flat=True))


def batches(user_ids: list[int], size: int | None = None) -> list[list[int]]:
    size = size or batch_size()
    return [user_ids[i : i + size] for i in range(0, len(user_ids), size)]


# --- SMTP errors ------------------------------------------------------------------------


def smtp_code(error: BaseException) -> int | None:
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return max(code for code, _ in error.recipients.values())
    return None


def describe(error: BaseException) -> str:
    """An error in words for the delivery log: the class and SMTP code, never the server's
    text (it often repeats the address) and never content."""
    code = smtp_code(error)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def is_connection_lost(error: BaseException) -> bool:
    """The connection is gone: nothing more can be sent over it."""
    return isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError) or (
        isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)
    )


def is_temporary(error: BaseException) -> bool:
    """Worth trying again later: a lost connection or a 4xx answer."""
    if is_connection_lost(error):
        return True
    code = smtp_code(error)
    return code is not None and 400 <= code < 500


# --- Sending a batch --------------------------------------------------------------------


class Composer:
    """What a batch needs from digests.content and digests.emails, with the period's shared
    data read once for the whole batch. Tests swap in a fake."""

    def __init__(self, period: Period):
        from digests import content

        self.period = period
        self.context = content.DigestContext.for_period(period)

    def people(self, user_ids: list[int]) -> list[User]:
        from digests import content

        return content.load_people(user_ids)

    def skip_reason(self, user: User) -> str:
        from digests import content

        return content.skip_reason(user, self.period)

    def build(self, user: User):
        from digests import content

        return content.build_digest(user, self.period, self.context)

    def message(self, user: User, digest, *, connection, headers: dict):
        from digests import emails

        return emails.digest_message(user, digest, connection=connection, headers=headers)


@dataclass
class BatchResult:
    sent: int = 0
    empty: int = 0
    skipped: int = 0
    failed: int = 0
    already_done: int = 0
    retry_later: int = 0  # released after a 4xx: the batch should run again
    held_until: object = None  # latest lease end of rows another worker holds
    stopped: BaseException | None = field(default=None, repr=False)

    def as_dict(self) -> dict:
        keys = ("sent", "empty", "skipped", "failed", "already_done", "retry_later")
        return {key: getattr(self, key) for key in keys} | {"held": self.held_until is not None}


class CannotConnect(Exception):
    """Opening the SMTP connection failed: nobody's fault but the server's (or settings')."""


class _Connection:
    """The batch's one SMTP connection, opened when the first email is ready."""

    def __init__(self):
        self.backend = get_connection(fail_silently=False)
        self.opened = False

    def send(self, message) -> None:
        if not self.opened:
            try:
                self.backend.open()
            except SoftTimeLimitExceeded:
                raise
            except Exception as error:
                raise CannotConnect(describe(error)) from error
            self.opened = True
        message.connection = self.backend
        self.backend.send_messages([message])

    def close(self) -> None:
        if self.opened:
            try:
                self.backend.close()
            except Exception:  # closing a broken connection must not hide the real error
                logger.warning("Could not close the SMTP connection cleanly", exc_info=True)
            self.opened = False


@contextmanager
def _commits_without_waiting_for_the_disk():
    """See the module docstring. PostgreSQL only; other databases are left as they are."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:  # a broken connection is thrown away anyway
            logger.warning("Could not reset synchronous_commit", exc_info=True)


def send_batch(
    user_ids: list[int],
    period: Period,
    *,
    last_attempt: bool = False,
    composer_class=None,
) -> BatchResult:
    """Send this period's digest to each of these people who has not had it yet.

    Raises TryAgainLater when the SMTP connection was lost (or cannot be opened) or a
    message got a 4xx answer, after giving back the claims of the people not yet sent, so
    a retry of the same batch picks them up at once. On the `last_attempt` a person whose
    message failed that way is marked FAILED instead.
    """
    result = BatchResult()
    with _commits_without_waiting_for_the_disk():
        claims = claim_many(user_ids, period)
        result.already_done, result.held_until = claims.final, claims.held_until
        if not claims.won:
            return result
        composer = (composer_class or Composer)(period)
        smtp = _Connection()
        try:
            for user in composer.people(sorted(claims.won)):
                turn = (user, period, claims.token, composer, smtp, result, last_attempt)
                if not _send_one(*turn):
                    break
        finally:
            smtp.close()
            # Whoever we did not get to (the connection broke, or the time limit struck)
            # is given back for the retry.
            DigestDelivery.objects.filter(
                user_id__in=claims.won,
                period=period.key,
                status=Status.CLAIMED,
                claim_token=claims.token,
            ).update(claim_token="")
    if result.stopped is not None:
        cause = result.stopped.__cause__ or result.stopped
        raise TryAgainLater(describe(cause)) from cause
    if result.retry_later:
        raise TryAgainLater(f"{result.retry_later} answered 4xx")
    return result


def _send_one(user, period, token, composer, smtp, result, last_attempt) -> bool:
    """One person's turn. Returns False when the batch must stop (connection lost)."""
    reason = composer.skip_reason(user)
    if reason:
        finish(user.pk, period, token, status=Status.SKIPPED, error=f"Not sent: {reason}")
        result.skipped += 1
        return True
    mid = message_id(user.pk, period.key)
    try:
        digest = composer.build(user)
        message = (
            None
            if digest is None
            else composer.message(
                user, digest, connection=smtp.backend, headers={"Message-ID": mid}
            )
        )
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:  # one person's bad data must not stop everyone else's
        logger.exception("Digest %s for user %s could not be built", period.key, user.pk)
        finish(user.pk, period, token, status=Status.FAILED, error=f"Not built: {describe(error)}")
        result.failed += 1
        return True
    if message is None:
        finish(user.pk, period, token, status=Status.EMPTY)
        result.empty += 1
        return True
    try:
        smtp.send(message)
    except SoftTimeLimitExceeded:
        raise
    except CannotConnect as error:
        # Nobody is marked failed for this: their claims go back and the batch runs again
        # (after the last retry, `send_digests` picks them up once the lease is over).
        release(user.pk, period, token, error=str(error))
        result.retry_later += 1
        result.stopped = error
        return False
    except Exception as error:
        return _failed_to_send(user, period, token, error, smtp, result, last_attempt)
    # Accepted by the SMTP server: record it before anything else happens.
    finish(user.pk, period, token, status=Status.SENT, sent_at=timezone.now(), message_id=mid)
    result.sent += 1
    return True


def _failed_to_send(user, period, token, error, smtp, result, last_attempt) -> bool:
    if not is_temporary(error):
        logger.warning("Digest %s for user %s refused: %s", period.key, user.pk, describe(error))
        finish(user.pk, period, token, status=Status.FAILED, error=describe(error))
        result.failed += 1
        return True
    if last_attempt:
        words = f"{describe(error)} (gave up after retries)"
        finish(user.pk, period, token, status=Status.FAILED, error=words)
        result.failed += 1
    else:
        release(user.pk, period, token, error=describe(error))
        result.retry_later += 1
    if is_connection_lost(error):
        smtp.close()
        result.stopped = error
        return False
    return True


# --- Fan-out ----------------------------------------------------------------------------


def queue_batches(period: Period, user_ids: list[int]) -> int:
    """One `send_digest_batch` task per batch of people. Returns how many batches."""
    from digests.tasks import send_digest_batch

    groups = batches(user_ids)
    for group in groups:
        send_digest_batch.delay(group, period.key)
    return len(groups)


def counts(period: Period) -> dict[str, int]:
    """How many rows of each status the period has (for the command and the admin)."""
    rows = DigestDelivery.objects.filter(period=period.key).values("status")
    found = dict.fromkeys(Status.values, 0)
    for row in rows.annotate(n=Count("pk")).order_by():
        found[row["status"]] = row["n"]
    return found
