"""The audit log: who did which sensitive thing to what, and when. It holds no free text.

Rows are only ever added (by `audit.log.record`); nothing in the portal edits or deletes
them. A person erased under data protection keeps their rows, with the actor set to nobody
and the actor's label replaced (see the data protection code).
"""

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    ROLE_CHANGED = "role_changed", "Changed a member's role"
    MEMBER_REMOVED = "member_removed", "Removed a member from an organisation"
    MEMBERSHIP_MOVED = "membership_moved", "Moved a member to another organisation"
    ACCOUNT_DEACTIVATED = "account_deactivated", "Deactivated an account"
    ACCOUNT_REACTIVATED = "account_reactivated", "Reactivated an account"
    EXPORTED = "exported", "Downloaded figures or a list (CSV or PDF)"
    VIEWED_RESPONSE = "viewed_response", "Viewed one person's survey answers"
    DELETED = "deleted", "Deleted something"
    OWN_DATA_DOWNLOADED = "own_data_downloaded", "Downloaded their own data"
    ERASURE_REQUESTED = "erasure_requested", "Asked for their account to be erased"
    PERSON_ERASED = "person_erased", "Erased a person"
    RETENTION_DEACTIVATED = "retention_deactivated", "Deactivated an unused account"
    INVITATION_CANCELLED = "invitation_cancelled", "Cancelled an invitation"
    EVENT_CANCELLED = "event_cancelled", "Cancelled an event"
    ERASURE_DECLINED = "erasure_declined", "Declined a request to be erased"


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for the system (scheduled tasks) or a person since erased.",
    )
    # The role and organisation the actor was acting for, kept as they were at the time.
    actor_role = models.CharField(max_length=32, blank=True)
    actor_organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    # What it was done to: an "app_label.model" name and primary key, never a title or text.
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # A short machine name for the detail, e.g. the export's URL name or "manager→staff".
    # Only values the code chooses go here, never anything a person typed.
    detail = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"
