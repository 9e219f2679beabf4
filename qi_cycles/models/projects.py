from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.validators import no_resident_identifiers
from qi_cycles.imports import long_date


class Project(models.Model):
    """A care home's improvement project: a SMART aim tested with PDSA cycles and measures.

    `home` is the lead home; `participating_homes` makes it a collaborative. Members of any
    of these homes (managers and staff) work on it; project workers coach and comment.
    Home-only projects are invisible to everyone else; shared ones are in the learning
    library for every signed-in member.
    """

    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        TESTING = "testing", "Testing changes"
        IMPLEMENTING = "implementing", "Putting changes in place"
        SUSTAINING = "sustaining", "Keeping it going"
        COMPLETED = "completed", "Completed"
        STOPPED = "stopped", "Stopped"

    class Visibility(models.TextChoices):
        HOME = "home", "Only people at our home (and the network's project workers)"
        SHARED = "shared", "Shared with the network"

    home = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="qi_projects"
    )
    participating_homes = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="qi_collaborations"
    )
    title = models.CharField(max_length=200, validators=[no_resident_identifiers])
    problem = models.TextField(validators=[no_resident_identifiers])
    # SMART aim: what, for whom, how much, by when.
    aim_what = models.CharField(max_length=300, validators=[no_resident_identifiers])
    aim_for_whom = models.CharField(max_length=300, validators=[no_resident_identifiers])
    aim_how_much = models.CharField(max_length=200, validators=[no_resident_identifiers])
    aim_by_when = models.DateField()
    # Values can be recorded from this date (include any baseline before the changes).
    start_date = models.DateField(default=timezone.localdate)
    themes = models.ManyToManyField("network.Theme", blank=True, related_name="qi_projects")
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="qi_projects")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_qi_projects",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNING)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.HOME
    )
    linked_needs = models.ManyToManyField("surveys.Need", blank=True, related_name="qi_projects")
    # The story told in the learning library (case study).
    what_changed = models.TextField(blank=True, validators=[no_resident_identifiers])
    benefit_for_residents = models.TextField(blank=True, validators=[no_resident_identifiers])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    # The home's manager agreed, when sharing, that public pages may name the home.
    home_named_publicly = models.BooleanField(default=False)
    home_name_agreed_at = models.DateTimeField(null=True, blank=True)
    home_name_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A project worker put the shared case study on the public pages (/learn/).
    is_public = models.BooleanField(default=False)
    made_public_at = models.DateTimeField(null=True, blank=True)
    made_public_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["home", "-updated_at"]),
            models.Index(fields=["visibility", "status", "-shared_at"]),
            models.Index(fields=["coach", "-updated_at"]),
            # Lists show the most recently updated first.
            models.Index(fields=["-updated_at", "-id"], name="project_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.visibility == self.Visibility.SHARED

    @property
    def aim_statement(self) -> str:
        """One sentence: "Reduce falls at night for residents on the first floor by 30%
        by 31 March 2027"."""
        by_when = long_date(self.aim_by_when) if self.aim_by_when else ""
        how_much = self.aim_how_much.strip()
        if how_much.lower().startswith("by "):  # people often type "by half"
            how_much = how_much[3:].lstrip()
        return f"{self.aim_what} for {self.aim_for_whom} by {how_much} by {by_when}"


class Driver(models.Model):
    """A box in the driver diagram: primary drivers sit under the aim, secondary drivers
    under a primary driver."""

    class Level(models.TextChoices):
        PRIMARY = "primary", "Primary driver"
        SECONDARY = "secondary", "Secondary driver"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="drivers")
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    text = models.CharField(max_length=300, validators=[no_resident_identifiers])
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["project", "position"])]

    def __str__(self) -> str:
        return self.text


class ChangeIdea(models.Model):
    """A change to test, hanging off a driver (or straight off the aim). PDSA cycles test
    it, one after another (a ramp). `copied_from` records "Try this in our home"."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_ideas")
    driver = models.ForeignKey(
        Driver, null=True, blank=True, on_delete=models.SET_NULL, related_name="change_ideas"
    )
    title = models.CharField(max_length=200, validators=[no_resident_identifiers])
    description = models.TextField(blank=True, validators=[no_resident_identifiers])
    position = models.PositiveIntegerField(default=0)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    copied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["project", "position"])]

    def __str__(self) -> str:
        return self.title
