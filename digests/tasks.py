"""Digest emails on Celery.

Beat runs `send_due_digests` at 07:00 (Europe/London): for daily digests every morning, for
weekly ones on Monday. It picks everyone due for the period just ended and queues one
`send_digest_batch` per 100 people; each batch reuses one SMTP connection and reads the
period's shared data once. Both are safe to run twice: the delivery rows (see
digests/services.py) make sure nobody gets a period's digest twice.

acks_late is on for the whole project, so a batch whose worker died is delivered again;
the people already sent are skipped and the one caught mid-send is taken over once their
claim's lease is over.
"""

import logging
import math

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from digests import services
from digests.periods import last_complete_period, parse_period

logger = logging.getLogger(__name__)

RETRIES = 5


@shared_task
def send_due_digests(frequency: str, period_key: str = "") -> int:
    """Queue the digests of the period just ended (or of `period_key`). Returns how many
    people were queued."""
    if period_key:
        period = parse_period(period_key)
    else:
        period = last_complete_period(frequency, timezone.localdate())
    if period.frequency != frequency:
        raise ValueError(f"{period_key} is not a {frequency} period")
    user_ids = services.due_user_ids(period)
    queued = services.queue_batches(period, user_ids)
    logger.info("Digests %s: %d people in %d batch(es)", period.key, len(user_ids), queued)
    return len(user_ids)


@shared_task(
    bind=True,
    # A batch stopped by the soft time limit has given back the people it had not reached.
    autoretry_for=(services.TryAgainLater, SoftTimeLimitExceeded),
    retry_backoff=30,  # 30 s, 1, 2, 4, 8 minutes (with jitter)
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=RETRIES,
)
def send_digest_batch(self, user_ids: list[int], period_key: str) -> dict:
    """Send the period's digest to these people (those not sent already)."""
    period = parse_period(period_key)
    last_attempt = self.request.retries >= RETRIES
    result = services.send_batch(user_ids, period, last_attempt=last_attempt)
    if result.held_until is not None:
        # Someone else's claim on a person here is still fresh: their worker may be
        # sending right now, or may have died. Come back when the lease is over.
        if last_attempt:
            logger.warning("Digests %s: gave up waiting for a claimed person", period.key)
        else:
            wait = (result.held_until - timezone.now()).total_seconds()
            raise self.retry(countdown=max(1, math.ceil(wait) + 1))
    return result.as_dict()
