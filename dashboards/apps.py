from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboards"
    verbose_name = "Dashboards and one-page reports"

    def ready(self) -> None:
        # Registers the area figures' rebuild function for the figures refresh task.
        from dashboards import selectors_area  # noqa: F401
