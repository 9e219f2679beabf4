"""Models shared by the whole portal (see portal/once.py for OnceToken)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OnceToken(models.Model):
    """A create form that was sent and saved: its one-time token, who sent it, and where
    the portal sent them next. A second send of the same form finds this row and stores
    nothing again. Rows are deleted after a day (portal.once.forget_old_tokens)."""

    token = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    redirect_to = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="once_token_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.path} ({self.created_at:%Y-%m-%d %H:%M})"


class OutboxTask(models.Model):
    """A background task that could not be queued because the broker (Redis) was down.

    portal.outbox.flush_outbox queues these again, oldest first, once the broker answers,
    and deletes each row only after the broker has taken it (at least once: the portal's
    tasks are safe to run twice)."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.created_at:%Y-%m-%d %H:%M})"
