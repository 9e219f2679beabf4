from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.validators import no_resident_identifiers


class Measure(models.Model):
    """Something the project counts or times, charted as a run chart and an XmR chart."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome: the result for residents"
        PROCESS = "process", "Process: are we doing the change"
        BALANCING = "balancing", "Balancing: is something else getting worse"

    class Direction(models.TextChoices):
        # Values match qi_cycles.spc.DIRECTIONS.
        INCREASE = "increase", "Up is better"
        DECREASE = "decrease", "Down is better"
        NEUTRAL = "neutral", "Neither"

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        OTHER = "other", "Other"

    class ChartKind(models.TextChoices):
        RUN = "run", "Run chart (median)"
        XMR = "xmr", "SPC chart (XmR, Making Data Count)"

    project = models.ForeignKey(
        "qi_cycles.Project", on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(max_length=200, validators=[no_resident_identifiers])
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OUTCOME)
    definition = models.TextField("Operational definition", validators=[no_resident_identifiers])
    unit = models.CharField(max_length=50, validators=[no_resident_identifiers])
    direction = models.CharField(max_length=10, choices=Direction.choices)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    chart_kind = models.CharField(max_length=5, choices=ChartKind.choices, default=ChartKind.RUN)
    screen_outliers = models.BooleanField(default=True)
    fix_after_n_points = models.PositiveIntegerField(null=True, blank=True)
    is_key = models.BooleanField(
        default=False, help_text="Shown on the project summary, the case study and the PDF."
    )
    position = models.PositiveIntegerField(default=0)
    # The XmR variation icon of the latest point (qi_cycles.spc), kept up to date when
    # values change so lists can filter on "showing improvement" without charting.
    signal = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["project", "position"])]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    date = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="one_value_per_measure_date")
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.date}"


class Annotation(models.Model):
    """A note on a date of a measure's chart. `starts_new_period` rebases the XmR chart
    there (a new mean and limits from that point)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="annotations")
    date = models.DateField()
    text = models.CharField(max_length=200, validators=[no_resident_identifiers])
    starts_new_period = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["measure", "date"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.text}"
