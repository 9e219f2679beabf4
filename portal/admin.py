"""The Django admin shows 2-step verification setups without their secrets.

allauth's own admin page for authenticators shows and edits the data column, which holds
the (encrypted) app secret and recovery-code seed. Here an admin sees whose it is, what
kind and when it was last used, and can only delete it: someone who has lost their phone
sets up a new app at their next sign-in, and their other sessions end (portal/security.py).
"""

from allauth.mfa.models import Authenticator
from django.contrib import admin


class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at", "last_used_at"]
    search_fields = ["user__full_name", "user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)
admin.site.register(Authenticator, AuthenticatorAdmin)
