from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "Audit log"

    def ready(self):
        # After django.contrib.admin's ready() (it is listed first in INSTALLED_APPS), so
        # every app's admin.py has registered its models by now.
        from audit.admin_hooks import audit_every_model_admin

        audit_every_model_admin()
