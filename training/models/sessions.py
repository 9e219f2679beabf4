from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.validators import no_resident_identifiers


class Session(models.Model):
    """A recorded training session: an uploaded video or a link to an allowed host.

    Learners see published sessions only. Drafts are for project workers; archived
    sessions leave the library but stay open to people who already have a learning record
    (so "my learning" and certificates keep working).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Provider(models.TextChoices):
        # The same names as training.embeds.VideoLink.provider.
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"
        STREAM = "stream", "Microsoft Stream or SharePoint"

    title = models.CharField(max_length=200, validators=[no_resident_identifiers])
    summary = models.TextField(validators=[no_resident_identifiers])
    presenter = models.CharField(max_length=200)
    recorded_on = models.DateField("date recorded")
    duration_minutes = models.PositiveIntegerField("length in minutes")
    themes = models.ManyToManyField("network.Theme", blank=True, related_name="training_sessions")

    # Either an upload (video_file + video_content_type, sniffed from the bytes) ...
    video_file = models.FileField(upload_to="training/videos/%Y/%m/", blank=True, max_length=300)
    video_content_type = models.CharField(max_length=50, blank=True)
    # ... or a link from an allowed host, parsed by training.embeds.parse_video_link.
    video_url = models.URLField("video link", max_length=500, blank=True)
    video_provider = models.CharField(max_length=20, choices=Provider.choices, blank=True)
    video_id = models.CharField(max_length=300, blank=True)

    captions = models.FileField(upload_to="training/captions/%Y/%m/", blank=True, max_length=300)
    # Shown beside the video and searched: taken from the captions or typed in.
    transcript = models.TextField(blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    # Made from an event's recording link (the event page links here).
    source_event = models.ForeignKey(
        "network.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # On the public learning pages (/learn/) while also published: see public/access.py.
    is_public = models.BooleanField(default=False)
    made_public_at = models.DateTimeField(null=True, blank=True)
    made_public_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-recorded_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="training_session_listing")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(status="published") & Q(published_at__isnull=True)),
                name="training_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def has_upload(self) -> bool:
        return bool(self.video_file)

    @property
    def has_link(self) -> bool:
        return bool(self.video_url)


class Handout(models.Model):
    """A PDF, Word or PowerPoint file that goes with a session (checked by content)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="handouts")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="training/handouts/%Y/%m/", max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Collection(models.Model):
    """An ordered set of sessions, such as "Introduction to QI methods". Learners see a
    collection once it holds a published session, and only its published sessions."""

    title = models.CharField(max_length=200, validators=[no_resident_identifiers])
    summary = models.TextField(blank=True, validators=[no_resident_identifiers])
    sessions = models.ManyToManyField(
        Session, through="CollectionItem", related_name="collections", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # On the public learning pages (/learn/), showing only its public sessions.
    is_public = models.BooleanField(default=False)
    made_public_at = models.DateTimeField(null=True, blank=True)
    made_public_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="collection_items")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "session"], name="training_session_once_per_collection"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.session_id} in {self.collection_id}"
