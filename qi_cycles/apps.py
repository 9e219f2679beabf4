from django.apps import AppConfig


class QiCyclesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "qi_cycles"
    verbose_name = "Improvement projects"
