from django.db import migrations
from django.utils.text import slugify

from network.reference_data import MY_HOME_LIFE_THEMES, TOPICS, ensure_themes


def add(apps, schema_editor):
    ensure_themes(apps.get_model("network", "Theme"))


def remove(apps, schema_editor):
    Theme = apps.get_model("network", "Theme")
    Theme.objects.filter(slug__in=[slugify(n) for n in MY_HOME_LIFE_THEMES + TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0003_network_life")]
    operations = [migrations.RunPython(add, remove)]
