from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from network.models import Area, Invitation, Membership, Organisation, ServiceType, User

# The admin signs in through allauth, so MFA and rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["full_name", "email"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name", "job_title", "phone"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "password1", "password2"]}),
    ]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "cqc_location_id", "ods_code", "registered_beds"]
    list_filter = ["kind", "area"]
    search_fields = ["name", "cqc_location_id", "ods_code"]
    filter_horizontal = ["service_types"]


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at", "accepted_by", "invited_by"]


# --- Events ---------------------------------------------------------------------------
from network.models import Event, EventSeries, MeetingAction, Registration  # noqa: E402


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["status_changed_at"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    filter_horizontal = ["themes"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "status", "capacity", "series"]
    list_filter = ["kind", "status", "series"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["themes"]
    readonly_fields = ["reminder_sent_at", "created_by", "created_at"]
    inlines = [RegistrationInline]


@admin.register(MeetingAction)
class MeetingActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "owner_user", "owner_organisation", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["description"]
    autocomplete_fields = ["event", "owner_user", "owner_organisation"]
    readonly_fields = ["created_by", "created_at", "completed_at"]


# Directory: themes and the partnership agreement.
from network.models import AgreementSignature, AgreementVersion, Theme  # noqa: E402


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]


class AgreementSignatureInline(admin.TabularInline):
    model = AgreementSignature
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["signed_at"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_at", "published_by"]
    readonly_fields = ["published_by"]
    inlines = [AgreementSignatureInline]


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(admin.ModelAdmin):
    list_display = ["user", "version", "signed_at"]
    list_filter = ["version"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    readonly_fields = ["signed_at"]
