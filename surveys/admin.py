from django.contrib import admin

from surveys.models import Need, NeedEndorsement, NeedResponse


class NeedResponseInline(admin.TabularInline):
    model = NeedResponse
    extra = 0
    raw_id_fields = ["author", "organisation"]


class NeedEndorsementInline(admin.TabularInline):
    model = NeedEndorsement
    extra = 0
    raw_id_fields = ["organisation", "user"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "urgency", "status", "created_at", "first_response_at"]
    list_filter = ["status", "urgency", "hide_home_name", "themes"]
    search_fields = ["title", "description", "organisation__name"]
    raw_id_fields = ["organisation", "posted_by"]
    filter_horizontal = ["themes"]
    date_hierarchy = "created_at"
    inlines = [NeedResponseInline, NeedEndorsementInline]
