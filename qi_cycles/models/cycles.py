from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.validators import no_resident_identifiers

_text = {"blank": True, "validators": [no_resident_identifiers]}


class Cycle(models.Model):
    """One PDSA cycle, with the fields of the IHI worksheet. Cycles of one change idea,
    in order, form its ramp. `version` goes up on every save so a second person saving an
    older copy is told (optimistic locking; see services_cycles.update_cycle)."""

    class Decision(models.TextChoices):
        ADOPT = "adopt", "Adopt: keep doing it"
        ADAPT = "adapt", "Adapt: change it and test again"
        ABANDON = "abandon", "Abandon: stop doing it"

    class Stage(models.TextChoices):
        PLAN = "plan", "Plan"
        DO = "do", "Do"
        STUDY = "study", "Study"
        ACT = "act", "Act"
        DONE = "done", "Finished"

    project = models.ForeignKey(
        "qi_cycles.Project", on_delete=models.CASCADE, related_name="cycles"
    )
    change_idea = models.ForeignKey(
        "qi_cycles.ChangeIdea", on_delete=models.CASCADE, related_name="cycles"
    )
    number = models.PositiveIntegerField(help_text="1 for the first cycle of this change idea")
    # Plan
    objective = models.CharField(max_length=300, validators=[no_resident_identifiers])
    question = models.TextField(**_text)
    prediction = models.TextField(**_text)
    plan_who = models.TextField(**_text)
    plan_what = models.TextField(**_text)
    plan_when = models.TextField(**_text)
    plan_where = models.TextField(**_text)
    plan_data = models.TextField(**_text)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    measures = models.ManyToManyField("qi_cycles.Measure", blank=True, related_name="cycles")
    # Do
    do_what_happened = models.TextField(**_text)
    do_observations = models.TextField(**_text)
    do_problems = models.TextField(**_text)
    # Study
    study_results = models.TextField(**_text)
    study_learning = models.TextField(**_text)
    # Act
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    next_step = models.TextField(**_text)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_idea", "number"], name="one_cycle_number_per_change_idea"
            )
        ]
        indexes = [
            models.Index(fields=["project", "starts_on"]),
            models.Index(fields=["project", "-created_at"]),
            # A coach's home page: cycles started in the last 2 weeks.
            models.Index(fields=["created_at"], name="cycle_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Cycle {self.number}: {self.objective}"

    @property
    def stage(self) -> str:
        """Where the cycle is, from what has been written so far."""
        if self.decision:
            return self.Stage.DONE
        if self.study_results or self.study_learning:
            return self.Stage.ACT
        if self.do_what_happened or self.do_observations or self.do_problems:
            return self.Stage.STUDY
        if self.starts_on and self.starts_on <= timezone.localdate():
            return self.Stage.DO
        return self.Stage.PLAN


class CycleComment(models.Model):
    """A coach's (or team member's) comment on a cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(validators=[no_resident_identifiers])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["cycle", "created_at"])]

    def __str__(self) -> str:
        return f"Comment on {self.cycle}"
