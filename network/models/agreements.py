from django.conf import settings
from django.db import models
from django.utils import timezone


class AgreementVersion(models.Model):
    """One published version of the partnership agreement (the network's ground rules)."""

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200, default="Partnership agreement")
    body = models.TextField(help_text="Plain text. Blank lines start new paragraphs.")
    summary_of_changes = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title}, version {self.version}"


class AgreementSignature(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreement_signatures"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_signature_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} signed version {self.version.version}"
