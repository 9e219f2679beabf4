from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Needs and surveys"

    def ready(self):
        from surveys import tasks_surveys  # noqa: F401
