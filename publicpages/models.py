from django.db import models


class PageView(models.Model):
    """How many times a public page was read in a month: one row per item per month.

    Nothing about the visitor is kept (no address, no browser, no cookie): only the count,
    added to with one UPDATE ... SET views = views + 1 (public/services.py)."""

    class Kind(models.TextChoices):
        SESSION = "session", "Training session"
        COLLECTION = "collection", "Collection"
        CASE_STUDY = "case_study", "Case study"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A training.Session, training.Collection or qi_cycles.Project id, by `kind`. Not a
    # foreign key: the counts stay when an item is deleted ("an item since removed").
    object_id = models.PositiveBigIntegerField()
    month = models.DateField(help_text="The first day of the month")
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "kind", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "month"], name="public_one_count_per_item_month"
            ),
        ]
        indexes = [models.Index(fields=["month"], name="public_pageview_month")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}, {self.month:%B %Y}: {self.views}"
