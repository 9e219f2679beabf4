"""The Django admin writes to the audit log too: deletions of anything, a member's role or
organisation changed in a person's page, an account closed or opened again, and staff or
superuser rights given or taken away.

`audit_every_model_admin` (called from AuditConfig.ready, after every app's admin.py has
registered its models) registers each ModelAdmin again with AuditedAdminMixin in front, so
no admin class needs to remember to do it. Each row is written inside the admin's own
transaction (the change and delete views are atomic; bulk deletion is wrapped here).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.db import transaction

from audit.hooks import url_name
from audit.log import record
from audit.models import Action

USER_FLAGS = ("is_staff", "is_superuser")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _moved(request, membership, old_organisation_id) -> None:
    """A membership now belongs to another organisation: the detail holds the two
    organisations' ids ("admin 3→7"), shown with their names on the audit log page."""
    detail = f"admin {old_organisation_id}→{membership.organisation_id}"
    record(Action.MEMBERSHIP_MOVED, request=request, target=membership, detail=detail)


class AuditedAdminMixin:
    def delete_model(self, request, obj):
        with transaction.atomic():
            record(Action.DELETED, request=request, target=obj, detail=url_name(request))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(Action.DELETED, request=request, target=obj, detail=url_name(request))
            super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and obj._meta.label_lower == "network.membership":
            if "organisation" in form.changed_data:
                _moved(request, obj, form.initial.get("organisation"))
            return
        if not change or obj._meta.label_lower != "network.user":
            return
        changed = form.changed_data
        if "is_active" in changed:
            action = Action.ACCOUNT_REACTIVATED if obj.is_active else Action.ACCOUNT_DEACTIVATED
            record(action, request=request, target=obj, detail="admin")
        for flag in USER_FLAGS:
            if flag in changed:
                detail = f"admin {flag}→{_yes_no(getattr(obj, flag))}"
                record(Action.ROLE_CHANGED, request=request, target=obj, detail=detail)

    def save_formset(self, request, form, formset, change):
        if formset.model._meta.label_lower != "network.membership":
            return super().save_formset(request, form, formset, change)
        deleted = set(formset.deleted_forms)
        removed = [f.instance.pk for f in deleted if f.instance.pk]
        new_roles = [
            (f, f.initial.get("role"))
            for f in formset.forms
            if f.instance.pk and f not in deleted and "role" in f.changed_data
        ]
        moved = [
            (f, f.initial.get("organisation"))
            for f in formset.forms
            if f.instance.pk and f not in deleted and "organisation" in f.changed_data
        ]
        result = super().save_formset(request, form, formset, change)
        for pk in removed:
            record(
                Action.MEMBER_REMOVED,
                request=request,
                target_type="network.membership",
                target_id=pk,
                detail="admin",
            )
        for f, old in new_roles:
            detail = f"admin {old}→{f.instance.role}"
            record(Action.ROLE_CHANGED, request=request, target=f.instance, detail=detail)
        for f, old in moved:
            _moved(request, f.instance, old)
        for membership in formset.new_objects:
            detail = f"admin →{membership.role}"
            record(Action.ROLE_CHANGED, request=request, target=membership, detail=detail)
        return result


def audit_every_model_admin(site: admin.AdminSite = admin.site) -> None:
    for model in apps.get_models():
        if not site.is_registered(model):
            continue
        model_admin = site.get_model_admin(model)
        cls = type(model_admin)
        if isinstance(model_admin, AuditedAdminMixin):
            continue
        audited = type(cls.__name__, (AuditedAdminMixin, cls), {"__module__": cls.__module__})
        site.unregister(model)
        site.register(model, audited)
