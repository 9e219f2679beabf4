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
