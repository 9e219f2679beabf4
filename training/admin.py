"""Django admin for network admins: sessions and collections can be inspected and fixed
here, but uploads are checked only by the portal's own forms, so files are read-only."""

from django.contrib import admin

from training.models import CascadeDelivery, Collection, CollectionItem, Handout, Session


class HandoutInline(admin.TabularInline):
    model = Handout
    extra = 0
    fields = ["title", "file", "content_type", "size"]
    readonly_fields = ["file", "content_type", "size"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "presenter", "recorded_on", "published_at"]
    list_filter = ["status", "video_provider", "themes"]
    search_fields = ["title", "summary", "presenter"]
    readonly_fields = ["video_file", "video_content_type", "captions", "created_at", "updated_at"]
    raw_id_fields = ["source_event", "created_by"]
    filter_horizontal = ["themes"]
    inlines = [HandoutInline]


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    raw_id_fields = ["session"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "created_at"]
    search_fields = ["title"]
    raw_id_fields = ["created_by"]
    inlines = [CollectionItemInline]


@admin.register(CascadeDelivery)
class CascadeDeliveryAdmin(admin.ModelAdmin):
    list_display = ["session", "home", "delivered_on", "attendees"]
    list_filter = ["delivered_on"]
    raw_id_fields = ["session", "home", "delivered_by"]
