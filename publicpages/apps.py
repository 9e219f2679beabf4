from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The package is `publicpages`, not `public`: that name belongs to the atpublic
    package, which aiosmtpd imports. The app label stays "public" (tables, migrations)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "publicpages"
    label = "public"
    verbose_name = "Public learning pages"
