"""A home's figures for one month, corrections to them, and reminders already sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.validators import no_resident_identifiers


class MonthlyReturn(models.Model):
    """One home's figures for one calendar month (`month` is its first day)."""

    home = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="monthly_returns"
    )
    month = models.DateField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_late = models.BooleanField(default=False)
    no_change = models.BooleanField(default=False, help_text="Sent as 'no change from last month'.")

    class Meta:
        ordering = ["-month", "home_id"]
        constraints = [
            models.UniqueConstraint(fields=["home", "month"], name="one_return_per_home_month"),
        ]
        indexes = [models.Index(fields=["month", "home"])]

    def __str__(self) -> str:
        return f"{self.home} – {self.month:%B %Y}"


class ReturnValue(models.Model):
    """One count in a return. `corrected_at` is set when it was changed after sending (the
    Correction rows hold each change)."""

    monthly_return = models.ForeignKey(
        MonthlyReturn, on_delete=models.CASCADE, related_name="values"
    )
    measure = models.ForeignKey(
        "outcomes.NetworkMeasure", on_delete=models.PROTECT, related_name="values"
    )
    value = models.PositiveIntegerField()
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["measure__position", "measure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["monthly_return", "measure"], name="one_value_per_return_measure"
            )
        ]
        indexes = [models.Index(fields=["measure", "monthly_return"])]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value}"


class Correction(models.Model):
    """A change to a figure after it was sent: old value (None when it was missing), new
    value, who, when and why."""

    value = models.ForeignKey(ReturnValue, on_delete=models.CASCADE, related_name="corrections")
    old_value = models.PositiveIntegerField(null=True, blank=True)
    new_value = models.PositiveIntegerField()
    reason = models.TextField(validators=[no_resident_identifiers])
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-corrected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.value.measure}: {self.old_value} → {self.new_value}"


class ReminderSent(models.Model):
    """Claimed before a reminder goes to a home's managers: one per home, month and kind,
    so a rerun (or two workers at once) sends nothing twice."""

    class Kind(models.TextChoices):
        OPENED = "opened", "The window has opened"
        CLOSING = "closing", "2 days left"

    home = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["home", "month", "kind"], name="one_reminder_per_home_month_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.home} – {self.month:%B %Y} – {self.kind}"
