"""Admin for organisations, units, users and API tokens; every change is audited."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from corridor.accounts import services
from corridor.accounts.models import ApiToken, Organisation, Unit, User
from corridor.audit import services as audit


class AuditedAdmin(admin.ModelAdmin):
    """Writes through the admin land in the audit log like any other write."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            request.user,
            f"admin.{'changed' if change else 'added'}",
            obj,
            sorted(form.changed_data),
        )

    def delete_model(self, request, obj):
        audit.record(request.user, "admin.deleted", obj)
        super().delete_model(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "organisation", "role", "is_active", "last_login"]
    list_filter = ["organisation", "role", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Corridor", {"fields": ("organisation", "unit", "role")}),
    )
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if deactivating:
            services.deactivate_user(request.user, obj)

    @admin.action(description="Deactivate and end their sessions")
    def deactivate(self, request, queryset):
        for user in queryset:
            services.deactivate_user(request.user, user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "organisation", "role", "created_at", "revoked_at"]
    readonly_fields = [
        "prefix",
        "digest",
        "user",
        "organisation",
        "role",
        "created_at",
        "last_used_at",
    ]

    def has_add_permission(self, request):
        return False  # issued with `corridor tokens issue`, which shows the value once
