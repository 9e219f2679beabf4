"""Digest emails: each person's choice of how often, and one delivery row per person and
period, claimed before anything is sent, so a period's digest goes out once."""

from django.conf import settings
from django.db import models


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Once a week (on Monday morning)"
    DAILY = "daily", "Every day (each morning)"
    NONE = "none", "Never: do not send me digest emails"


class DigestPreference(models.Model):
    """How often a person wants their digest. No row means the default: weekly."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"


class DigestDelivery(models.Model):
    """One person's digest for one period ("2026-W48" for a week, "2026-11-24" for a day).

    The row is claimed (inserted, or taken over once its claim has gone stale) before the
    email is built and sent; the unique constraint means two workers cannot both send it.
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"
        EMPTY = "empty", "Nothing new: not sent"
        SKIPPED = "skipped", "Not sent (inactive, unverified or unsubscribed)"
        FAILED = "failed", "Failed after retries"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    period = models.CharField(max_length=12)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    claimed_at = models.DateTimeField()
    # Who holds the claim (a random token per attempt), so a stale claim can be taken over
    # by exactly one worker.
    claim_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    # What went wrong, in words (an exception class and SMTP code, never email content).
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "digest deliveries"
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="digest_once_per_period"),
        ]
        indexes = [models.Index(fields=["period", "status"], name="digest_period_status")]

    def __str__(self) -> str:
        return f"{self.user} {self.period} {self.status}"
