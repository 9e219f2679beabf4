"""Claiming a person's delivery row for a period before their digest is built and sent,
so it goes out once (the whole protocol is described in digests/services.py).

A row is claimed with a random token; final rows (SENT, EMPTY, SKIPPED, FAILED) are never
claimed again; a CLAIMED row is taken over only when its claim was given back or has gone
stale (older than the lease), and a conditional UPDATE lets exactly one worker do it.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from digests.models import DigestDelivery
from digests.periods import Period
from network.models import User

logger = logging.getLogger(__name__)

Status = DigestDelivery.Status


def lease() -> timedelta:
    """How long a claim holds before another worker may take the row over."""
    return timedelta(seconds=getattr(settings, "DIGEST_CLAIM_LEASE_SECONDS", 600))


@dataclass(frozen=True)
class Claims:
    """What claiming a batch's rows found."""

    token: str  # ours: on every row we now hold
    won: frozenset[int]  # the people whose rows we hold
    final: int  # rows already SENT, EMPTY, SKIPPED or FAILED
    held_until: object = None  # latest lease end of rows another worker holds


def claim_many(user_ids: list[int], period: Period, *, now=None) -> Claims:
    """Claim the rows of these people for the period (see the module docstring) in three
    statements: insert the missing rows as ours, take over free and stale claims, and read
    back which rows are ours. Final rows and other workers' fresh claims are left alone."""
    now = now or timezone.now()
    token = secrets.token_hex(16)
    rows = DigestDelivery.objects.filter(user_id__in=user_ids, period=period.key)
    new_rows = [
        DigestDelivery(
            user_id=user_id,
            period=period.key,
            frequency=period.frequency,
            status=Status.CLAIMED,
            claimed_at=now,
            claim_token=token,
            attempts=1,
        )
        for user_id in user_ids
    ]
    try:
        with transaction.atomic():
            DigestDelivery.objects.bulk_create(new_rows, ignore_conflicts=True)
    except IntegrityError:
        # Someone in the batch was deleted after it was queued: claim the others.
        still_here = set(User.objects.filter(pk__in=user_ids).values_list("pk", flat=True))
        DigestDelivery.objects.bulk_create(
            [row for row in new_rows if row.user_id in still_here], ignore_conflicts=True
        )
    # Under concurrent take-overs the database re-checks this WHERE on the row it locked,
    # so only the first worker's UPDATE matches; the others find a fresh claim.
    rows.filter(status=Status.CLAIMED).filter(
        Q(claim_token="") | Q(claimed_at__lt=now - lease())
    ).update(claim_token=token, claimed_at=now, attempts=F("attempts") + 1)
    won, final, held_until = set(), 0, None
    for user_id, status, holder, claimed_at in rows.values_list(
        "user_id", "status", "claim_token", "claimed_at"
    ):
        if status != Status.CLAIMED:
            final += 1
        elif holder == token:
            won.add(user_id)
        else:
            held_until = max(filter(None, [held_until, claimed_at + lease()]))
    return Claims(token, frozenset(won), final, held_until)


@dataclass(frozen=True)
class Claim:
    token: str = ""  # set when we hold the row
    held_until: object = None  # set when someone else holds a fresh claim

    @property
    def won(self) -> bool:
        return bool(self.token)


def claim(user_id: int, period: Period, *, now=None) -> Claim:
    """Claim one person's row: our token, or when another worker's fresh claim on it ends,
    or neither when the row is final."""
    claims = claim_many([user_id], period, now=now)
    if user_id in claims.won:
        return Claim(claims.token)
    return Claim(held_until=claims.held_until)


def finish(user_id: int, period: Period, token: str, **fields) -> bool:
    done = DigestDelivery.objects.filter(
        user_id=user_id, period=period.key, claim_token=token
    ).update(claim_token="", **fields)
    if not done:
        logger.warning(
            "Digest %s for user %s: our claim was taken over before we finished (%s)",
            period.key,
            user_id,
            fields.get("status"),
        )
    return bool(done)


def release(user_id: int, period: Period, token: str, error: str = "") -> None:
    """Give the claim back (after a temporary failure), so a retry may take it at once."""
    DigestDelivery.objects.filter(
        user_id=user_id, period=period.key, status=Status.CLAIMED, claim_token=token
    ).update(claim_token="", error=error)
