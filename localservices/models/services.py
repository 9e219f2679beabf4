from django.conf import settings
from django.core.validators import EmailValidator
from django.db import models
from django.utils import timezone

from localservices.validators import EMAIL_MESSAGE, uk_phone, web_address


class ServiceKind(models.TextChoices):
    """What kind of service it is: a fixed list, so filters and need matching stay simple."""

    COMMUNITY_NURSING = "community_nursing", "Community nursing"
    FALLS = "falls", "Falls service"
    CONTINENCE = "continence", "Continence service"
    PHARMACY = "pharmacy", "Pharmacy and medicines"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    DIETETICS = "dietetics", "Dietetics and nutrition"
    SPEECH_LANGUAGE = "speech_language", "Speech and language therapy"
    TISSUE_VIABILITY = "tissue_viability", "Tissue viability (skin and wounds)"
    PALLIATIVE = "palliative", "Hospice and end of life care"
    SOCIAL_CARE = "social_care", "Social care and council services"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    OTHER = "other", "Other"


class LocalService(models.Model):
    """An NHS, council or voluntary service that care homes can call on."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=ServiceKind.choices)
    summary = models.TextField("what it does")
    provider = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="local_services_provided",
    )
    provider_name = models.CharField(max_length=200, blank=True)
    areas = models.ManyToManyField("network.Area", related_name="local_services")
    themes = models.ManyToManyField("network.Theme", blank=True, related_name="local_services")
    eligibility = models.TextField("who it is for")
    opening_hours = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=30, blank=True, validators=[uk_phone])
    email = models.EmailField(blank=True, validators=[EmailValidator(EMAIL_MESSAGE)])
    website = models.URLField(blank=True, validators=[web_address])
    how_to_refer = models.TextField()
    referral_url = models.URLField("referral form", blank=True, validators=[web_address])
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="local_service_contacts"
    )
    is_active = models.BooleanField(default=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["is_active", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def provider_label(self) -> str:
        """The organisation running it: the directory's organisation, or the name typed."""
        return self.provider.name if self.provider_id else self.provider_name


class Suggestion(models.Model):
    """A member says something on an entry is wrong; a maintainer accepts or declines."""

    class Part(models.TextChoices):
        NAME = "name", "Name or what it does"
        AREAS = "areas", "Areas it covers"
        ELIGIBILITY = "eligibility", "Who it is for"
        HOURS = "opening_hours", "Opening hours"
        CONTACT = "contact", "Phone, email or website"
        REFERRAL = "how_to_refer", "How to refer"
        CONTACTS = "contacts", "Named contacts"
        CLOSED = "closed", "The service has closed or moved"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    service = models.ForeignKey(LocalService, on_delete=models.CASCADE, related_name="suggestions")
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    part = models.CharField("which part is wrong", max_length=20, choices=Part.choices, blank=True)
    what_is_wrong = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # When the person who suggested it was emailed the outcome (so they are told once).
    suggester_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "service"]),
            models.Index(fields=["suggested_by", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_suggestion_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Suggestion on {self.service}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
