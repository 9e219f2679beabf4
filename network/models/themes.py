from django.db import models


class Theme(models.Model):
    """The network's shared tags. Needs, surveys, projects, training and events use them."""

    class Kind(models.TextChoices):
        MY_HOME_LIFE = "my_home_life", "My Home Life theme"
        TOPIC = "topic", "Topic"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    description = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(
        default=True,
        help_text="Retired themes stay on old items but cannot be chosen for new ones.",
    )

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name
