from django.db import migrations

from network.reference_data import SERVICE_TYPES, ensure_service_types


def add(apps, schema_editor):
    ensure_service_types(apps.get_model("network", "ServiceType"))


def remove(apps, schema_editor):
    apps.get_model("network", "ServiceType").objects.filter(name__in=SERVICE_TYPES).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
