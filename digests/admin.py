"""Django admin for network admins: the digest log (read-only) and people's choices.

A delivery row is the record that a person's digest for a period was dealt with, so it
cannot be edited here. Deleting a row (a FAILED one, say, once the address is fixed) lets
`manage.py send_digests --period <period>` send that person's digest again.
"""

from django.contrib import admin

from digests.models import DigestDelivery, DigestPreference


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["user", "period", "how_often", "status", "attempts", "sent_at", "error"]
    list_filter = ["status", "frequency"]
    search_fields = ["user__email", "user__full_name", "period"]
    list_select_related = ["user"]
    date_hierarchy = "claimed_at"
    readonly_fields = [field.name for field in DigestDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Frequency", ordering="frequency")
    def how_often(self, obj) -> str:
        return obj.frequency  # "weekly" or "daily": the long labels crowd the list


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "updated_at"]
    list_filter = ["frequency"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
