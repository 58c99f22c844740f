from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from loops.models import (
    AuditEvent,
    Closeness,
    FocusCompetency,
    OrgSettings,
    Person,
    Role,
    WeakSpot,
)


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["name"]
    list_display = ["name", "email", "function", "title", "is_senior_leader", "is_hiring_team"]
    list_filter = ["function", "is_senior_leader", "is_hiring_team", "is_staff", "is_active"]
    search_fields = ["name", "email", "title"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Directory", {"fields": ["name", "function", "title", "is_senior_leader"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_hiring_team", "is_staff", "is_superuser", "groups"]},
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "function", "password1", "password2"],
            },
        )
    ]
    filter_horizontal = ["groups"]


class FocusCompetencyInline(admin.TabularInline):
    model = FocusCompetency
    extra = 0


class WeakSpotInline(admin.TabularInline):
    model = WeakSpot
    extra = 0


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "job_family", "archetype", "hiring_manager"]
    list_filter = ["job_family", "archetype", "is_senior_leadership"]
    search_fields = ["title", "team"]
    autocomplete_fields = ["hiring_manager", "recruiters"]
    inlines = [FocusCompetencyInline, WeakSpotInline]


@admin.register(Closeness)
class ClosenessAdmin(admin.ModelAdmin):
    list_display = ["role", "person", "level"]
    list_filter = ["role", "level"]
    autocomplete_fields = ["person"]


@admin.register(OrgSettings)
class OrgSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not OrgSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only (see loops.models.audit)."""

    list_display = ["at", "action", "actor", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "actor__name"]
    list_select_related = ["actor"]

    def has_module_permission(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
