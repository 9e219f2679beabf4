from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class EventKind(models.TextChoices):
    WEBINAR = "webinar", "Webinar"
    PEER_SUPPORT = "peer_support", "Peer-support session"
    NETWORK_MEETING = "network_meeting", "Network meeting"
    STRATEGY_GROUP = "strategy_group", "Strategy group meeting"
    TRAINING = "training", "Training session"


class EventSeries(models.Model):
    """Events that recur, such as fortnightly peer support. Actions carry between them."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    description = models.TextField(blank=True)
    themes = models.ManyToManyField("network.Theme", blank=True, related_name="event_series")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "event series"

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    series = models.ForeignKey(
        EventSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    description = models.TextField(blank=True)
    themes = models.ManyToManyField("network.Theme", blank=True, related_name="events")
    # Stored in UTC; entered and shown in Europe/London.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    online_url = models.URLField("online joining link", blank=True)
    venue = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty if there is no limit."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    recording_url = models.URLField("recording link", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Set once the day-before reminder has gone, so a rerun of the task sends nothing.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["series", "starts_at"]),
            # The events list: events not yet over (a few among thousands held).
            models.Index(fields=["ends_at"], name="event_ends_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start."
        if not self.online_url and not self.venue:
            errors["venue"] = "Give a venue, an online joining link, or both."
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    # When they joined the current status: the waiting list is served in this order.
    status_changed_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["status_changed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")
        ]
        indexes = [models.Index(fields=["event", "status", "status_changed_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.event} ({self.get_status_display()})"


class EventFeedback(models.Model):
    """What someone thought of an event they attended, with the workshop's three prompts."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feeling = models.TextField("how did you feel", blank=True)
    takeaway = models.TextField("what will you take away", blank=True)
    idea_now = models.TextField("one thing we could do now, at no cost", blank=True)
    idea_resources = models.TextField("one thing we could do with some resources", blank=True)
    idea_dream = models.TextField("one dream", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_feedback_per_person"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.event}"


class MeetingAction(models.Model):
    """Something agreed at a meeting, owned by a person or an organisation."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("what needs to be done")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="owned_actions",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    progress_note = models.TextField("progress so far", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_organisation__isnull=False),
                name="action_has_an_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()
