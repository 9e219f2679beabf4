"""What the network counts each month, and when homes send their figures."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from portal.validators import no_resident_identifiers


class NetworkMeasure(models.Model):
    """A measure every (or some) care homes report each month.

    A *count* is typed by each home (a whole number, 0 or more) and summed across homes. A
    *rate* is never typed: it is numerator ÷ denominator of two counts, worked out from the
    sums (so a network rate is all appropriate referrals ÷ all referrals, not the mean of
    the homes' rates).
    """

    class Kind(models.TextChoices):
        COUNT = "count", "A count each home sends"
        RATE = "rate", "A rate worked out from two counts"

    class Direction(models.TextChoices):
        # Values match qi_cycles.spc.DIRECTIONS.
        INCREASE = "increase", "Higher is better"
        DECREASE = "decrease", "Lower is better"
        NEUTRAL = "neutral", "Neither"

    class Reporting(models.TextChoices):
        ALL = "all", "Every care home"
        AREAS = "areas", "Care homes in chosen areas"
        HOMES = "homes", "Chosen care homes"

    title = models.CharField(max_length=120, validators=[no_resident_identifiers])
    definition = models.TextField("what exactly to count", validators=[no_resident_identifiers])
    unit = models.CharField(max_length=50, validators=[no_resident_identifiers])
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COUNT)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    counts_people = models.BooleanField(default=True)
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reporting = models.CharField(max_length=10, choices=Reporting.choices, default=Reporting.ALL)
    areas = models.ManyToManyField("network.Area", blank=True, related_name="+")
    homes = models.ManyToManyField("network.Organisation", blank=True, related_name="+")
    position = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up on every save through the measure form, so a second person saving over a
    # newer copy is refused (optimistic locking, services_measures.update_measure).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="count", numerator__isnull=True, denominator__isnull=True)
                    | models.Q(kind="rate", numerator__isnull=False, denominator__isnull=False)
                ),
                name="network_measure_rate_has_parts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_rate(self) -> bool:
        return self.kind == self.Kind.RATE

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class ReportingWindow(models.Model):
    """The one row saying when each month's return is open: from `opens_day` to
    `closes_day` of the next month (days past a month's end mean its last day). Project
    workers change it in the portal."""

    DEFAULT_OPENS, DEFAULT_CLOSES = 8, 14  # as the NHS Capacity Tracker's monthly return

    opens_day = models.PositiveSmallIntegerField(
        default=DEFAULT_OPENS, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    closes_day = models.PositiveSmallIntegerField(
        default=DEFAULT_CLOSES, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_day__gte=1, closes_day__lte=31)
                & models.Q(opens_day__lte=models.F("closes_day")),
                name="reporting_window_days_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Day {self.opens_day} to day {self.closes_day}"
