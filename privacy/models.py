"""Data protection: people's requests to be erased, and how long unused accounts last."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q


class ErasureRequest(models.Model):
    """A person asking for their account to be erased. A network admin erases them (done)
    or declines. A person has at most one open request."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a network admin"
        DONE = "done", "Erased"
        DECLINED = "declined", "Declined"

    class Reason(models.TextChoices):
        # A fixed list: the reason goes into the audit log, which never holds free text.
        NOT_GIVEN = "", "I would rather not say"
        LEFT_JOB = "left_job", "I have left my job or organisation"
        NO_LONGER_USE = "no_longer_use", "I no longer use the portal"
        TOO_MANY_EMAILS = "too_many_emails", "I get too many emails"
        PRIVACY = "privacy", "I am worried about my privacy"
        OTHER = "other", "Another reason"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="open"), name="one_open_erasure_request"
            ),
        ]

    def __str__(self) -> str:
        return f"Erasure request {self.pk} ({self.status})"


class RetentionSetting(models.Model):
    """One row (pk 1): accounts not used for this many months are deactivated. 0 = never."""

    DEFAULT_MONTHS = 24
    MINIMUM_MONTHS = 6

    months = models.PositiveSmallIntegerField(
        default=DEFAULT_MONTHS, validators=[MaxValueValidator(240)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Deactivate after {self.months} months"

    @classmethod
    def current(cls) -> "RetentionSetting":
        """The setting (the default, unsaved, until an admin saves one)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
