from django.db import migrations
from django.utils.text import slugify

# The eight My Home Life themes, then the topics the network's founding documents name.
MY_HOME_LIFE = [
    "Maintaining identity",
    "Improving health and healthcare",
    "Creating community",
    "Supporting good end of life",
    "Sharing decision-making",
    "Keeping workforce fit for purpose",
    "Managing transitions",
    "Promoting a positive culture",
]
TOPICS = [
    "Medicines safety",
    "Deterioration",
    "Infection control",
    "Staffing",
    "Wellbeing",
    "Advance care planning",
    "Falls",
    "Nutrition and hydration",
    "Dementia",
    "Digital",
]


def add(apps, schema_editor):
    Theme = apps.get_model("network", "Theme")
    for kind, names in (("my_home_life", MY_HOME_LIFE), ("topic", TOPICS)):
        for name in names:
            Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name, "kind": kind})


def remove(apps, schema_editor):
    Theme = apps.get_model("network", "Theme")
    Theme.objects.filter(slug__in=[slugify(n) for n in MY_HOME_LIFE + TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0003_network_life")]
    operations = [migrations.RunPython(add, remove)]
