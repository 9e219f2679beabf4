from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Survey(models.Model):
    """One round of a needs survey, such as "Winter 2026 staff needs survey"."""

    class Audience(models.TextChoices):
        MANAGERS = "managers", "Care home managers"
        CARE_HOME_STAFF = "care_home_staff", "All care home staff"
        PARTNERS = "partners", "Partners"

    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    # Anonymous: no answer can be linked to a person, by anyone. Who has responded is kept
    # apart from the answers (SurveyParticipation), only to stop repeat answers and reminders.
    anonymous = models.BooleanField(default=True)
    one_per_home = models.BooleanField(
        default=False, help_text="One response for each care home instead of each person."
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    published = models.BooleanField(default=False)
    # Rounds of the same survey share a family; results compare a round with the one before.
    previous_round = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_rounds"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Goes up on every save of the details, so a second person saving over a newer copy is
    # refused (optimistic locking, services_surveys.update_survey).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="survey_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.published and self.opens_at <= timezone.now() < self.closes_at


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Choose one"
        MULTIPLE = "multiple", "Choose any that apply"
        RATING = "rating", "Rating from 1 to 5"
        NUMBER = "number", "A number"
        TEXT = "text", "Free text"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    theme = models.ForeignKey(
        "network.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    required = models.BooleanField(default=True)
    # A question with answers cannot be deleted, only hidden from new respondents.
    hidden = models.BooleanField(default=False)
    rating_low_label = models.CharField(max_length=50, blank=True, default="Very poor")
    rating_high_label = models.CharField(max_length=50, blank=True, default="Very good")
    # Goes up on every save through the question form (see Survey.version).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One set of answers. While a draft it belongs to its author so they can come back;
    on submitting an anonymous survey the link to the person is removed."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    # The organisation answered for: results filter by its area and type.
    organisation = models.ForeignKey(
        "network.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self) -> str:
        return f"Response to {self.survey}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="answer_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class SurveyParticipation(models.Model):
    """That someone (or, for one-per-home surveys, a home) has submitted; never which answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "network.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Only the date, so the time cannot be matched with an anonymous response's.
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_participation_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} answered {self.survey}"


class SurveyReminder(models.Model):
    """A reminder sent to someone who had not responded (so each is sent once a round)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_reminder_per_person"),
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.user} about {self.survey}"
