from django.db import migrations

# CQC's care home service types and the specialisms homes most often register.
SERVICE_TYPES = [
    "Care home with nursing",
    "Care home without nursing",
    "Dementia",
    "Mental health conditions",
    "Learning disabilities",
    "Physical disabilities",
    "Sensory impairments",
    "Younger adults",
    "Older people",
]


def add(apps, schema_editor):
    ServiceType = apps.get_model("network", "ServiceType")
    for name in SERVICE_TYPES:
        ServiceType.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    apps.get_model("network", "ServiceType").objects.filter(name__in=SERVICE_TYPES).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
