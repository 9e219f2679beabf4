from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "Training library"

    def ready(self):
        from training import signals  # noqa: F401  (connects the file clean-up)
