from django.apps import AppConfig


class LocalServicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "localservices"
    verbose_name = "Local services directory"
