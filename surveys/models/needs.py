from django.conf import settings
from django.db import models
from django.utils import timezone


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Soon"
    URGENT = "urgent", "Urgent"


class Need(models.Model):
    """Something a care home asks the network for help with."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BEING_ADDRESSED = "being_addressed", "Being addressed"
        MET = "met", "Met"
        CLOSED = "closed", "Closed"

    OPEN_STATUSES = (Status.OPEN, Status.BEING_ADDRESSED)

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="needs"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    themes = models.ManyToManyField("network.Theme", blank=True, related_name="needs")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    # Other care homes see "A care home in <area>"; partners and project workers see the name.
    hide_home_name = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    what_helped = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When project workers were told nobody had responded in 7 days (so it is told once).
    flagged_at = models.DateTimeField(null=True, blank=True)
    # When someone from the home last looked at it: later responses are "new" for the home.
    home_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["first_response_at", "created_at"]),
            # The needs list shows the newest first, whatever the statuses chosen.
            models.Index(fields=["-created_at", "-id"], name="need_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class NeedResponse(models.Model):
    """One message in a need's conversation."""

    class Kind(models.TextChoices):
        OFFER = "offer", "Offer of support"
        EVENT = "event", "Suggested event"
        RESOURCE = "resource", "Suggested resource"
        REFERRAL = "referral", "Referral"
        REPLY = "reply", "Reply from the home"
        COMMENT = "comment", "Comment"

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "network.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.TextField()
    link = models.URLField(blank=True)
    # A local service from the directory the responder points the home to.
    service = models.ForeignKey(
        "localservices.LocalService",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="need_responses",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["need", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.need}"


class NeedEndorsement(models.Model):
    """Another care home pressing "we need this too"."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="need_endorsements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organisation"], name="one_endorsement_per_home"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} needs {self.need} too"
