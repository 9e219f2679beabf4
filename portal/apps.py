from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self) -> None:
        # Connects the receivers that end sessions when sign-in details change.
        from portal import security  # noqa: F401
