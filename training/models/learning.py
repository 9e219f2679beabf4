from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from portal.validators import no_resident_identifiers

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]
SCORES = ("knowledge", "confidence", "skill")


def _score(label: str):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=ONE_TO_FIVE)


class LearningRecord(models.Model):
    """One person's learning from one session: watching, self-assessment and feedback.

    Made the first time the person opens the session. `organisation` is the organisation
    they were acting for then, so analytics can count by organisation and area.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_records"
    )
    session = models.ForeignKey(
        "training.Session", on_delete=models.CASCADE, related_name="learning_records"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learning_records",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    last_viewed_at = models.DateTimeField(auto_now_add=True)
    view_count = models.PositiveIntegerField(default=1)
    seconds_watched = models.PositiveIntegerField(default=0)
    last_position_seconds = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    # Self-assessment, 1 (low) to 5 (high): before watching and after.
    before_knowledge = _score("knowledge before")
    before_confidence = _score("confidence before")
    before_skill = _score("skill before")
    before_at = models.DateTimeField(null=True, blank=True)
    after_knowledge = _score("knowledge after")
    after_confidence = _score("confidence after")
    after_skill = _score("skill after")
    after_at = models.DateTimeField(null=True, blank=True)

    # Feedback on the session.
    rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=ONE_TO_FIVE)
    comment = models.TextField(blank=True, validators=[no_resident_identifiers])
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_viewed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="training_one_record_each"),
        ]
        indexes = [
            models.Index(fields=["session", "completed_at"], name="training_record_completion"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def has_before(self) -> bool:
        return self.before_at is not None

    @property
    def has_after(self) -> bool:
        return self.after_at is not None


class CascadeDelivery(models.Model):
    """A champion (or manager) passed a session on to colleagues at their home."""

    session = models.ForeignKey(
        "training.Session", on_delete=models.PROTECT, related_name="cascades"
    )
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    home = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="training_cascades"
    )
    delivered_on = models.DateField("date delivered")
    attendees = models.PositiveIntegerField(
        "number of colleagues", validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    notes = models.TextField(blank=True, validators=[no_resident_identifiers])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.session} at {self.home} on {self.delivered_on}"
