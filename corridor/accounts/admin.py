"""Admin for organisations, units, users and API tokens; every change is audited."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse

from corridor.accounts import services
from corridor.accounts.models import ApiToken, Organisation, Unit, User
from corridor.audit import services as audit
from corridor.errors import DomainError


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
    actions = ["deactivate", "issue_enrolment_code"]

    def save_model(self, request, obj, form, change):
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if deactivating:
            services.deactivate_user(request.user, obj)

    @admin.action(description="Deactivate and end their sessions")
    def deactivate(self, request, queryset):
        for user in queryset:
            services.deactivate_user(request.user, user)

    @admin.action(description="Issue a two-factor enrolment code (shown once)")
    def issue_enrolment_code(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one user.", level=messages.WARNING)
            return None
        user = queryset.get()
        try:
            code = services.issue_enrolment_code(request.user, user)
        except DomainError as exc:
            self.message_user(request, str(exc.message), level=messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Two-factor enrolment code",
            "subject": user,
            "code": code,
            "days": services.ENROLMENT_CODE_DAYS,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/accounts/enrolment_code.html", context)
        response["Cache-Control"] = "no-store"
        return response


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
