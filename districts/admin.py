"""Admin for support staff: read the organisation's rows and their history; changes go through the app's services.

`ReadOnlyAdmin` and `ReadOnlyHistoryAdmin` are the bases of every important model's admin in every app:
nothing is added, changed or deleted there, and the history (simple-history's button) is read only.
Logins are deactivated, never deleted: the audit trail names them.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from districts.models import (
    District,
    ImportRecord,
    Region,
    RegionalReader,
    StaffMember,
    StaffRole,
    SupervisorException,
    Unit,
)
from districts.signals import staff_districts_changed


class ReadOnlyAdmin(admin.ModelAdmin):
    """List and show rows; never add, change or delete them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryReadOnlyMixin:
    """Show simple-history's history of a row, never revert it."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's form view saves a POST (a revert) whatever SIMPLE_HISTORY_REVERT_DISABLED says.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyHistoryAdmin(HistoryReadOnlyMixin, ReadOnlyAdmin, SimpleHistoryAdmin):
    """List and show rows and their history; never add, change, delete or revert."""


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuditedAdmin(HistoryReadOnlyMixin, SimpleHistoryAdmin):
    """Edit a structural row (organisation, district, unit): the change is recorded, the history read only."""

    def has_delete_permission(self, request, obj=None):
        return False


# Registered by intro_program.admin, which onboards a new organisation (districts may not import the other apps).
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "slug", "region", "small_group_threshold", "anonymise_after_months"]
    list_filter = ["region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "district", "area"]
    list_filter = ["area", "district__organisation", "district"]
    search_fields = ["name", "district__name"]
    list_select_related = ["district"]

    def save_model(self, request, obj, form, change):
        before = Unit.objects.filter(pk=obj.pk).values_list("district_id", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        if change and before != obj.district_id:
            # The unit's people move with it: tallies kept per district are recounted in this (the admin's)
            # transaction.
            staff_districts_changed.send(
                sender=Unit, organisation_id=obj.district.organisation_id, district_ids={before, obj.district_id}
            )


class StaffRoleInline(ReadOnlyInline):
    model = StaffRole


@admin.register(StaffMember)
class StaffMemberAdmin(ReadOnlyHistoryAdmin):
    """Read only: staff change on the staff pages and through the import, both of which record who did it."""

    list_display = ["last_name", "first_name", "work_email", "unit", "employment_start", "competence_level"]
    list_filter = ["organisation", "unit__district", "competence_level", "employment_type", "roles__role"]
    search_fields = ["first_name", "last_name", "work_email"]
    list_select_related = ["unit"]
    raw_id_fields = ["user", "supervisor", "mentor", "unit"]
    inlines = [StaffRoleInline]


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "organisation", "filename", "actor", "created", "updated", "unchanged"]
    list_filter = ["organisation"]


class LoginAdmin(UserAdmin):
    """Django's user admin without delete: a leaver's login is deactivated (by anonymisation), never removed."""

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), LoginAdmin)


# --- the region: a regional association and the logins that read its reports across its organisations ---


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    """A region groups organisations: set an organisation's region on the organisation's page."""

    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RegionalReader)
class RegionalReaderAdmin(HistoryReadOnlyMixin, SimpleHistoryAdmin):
    """Make a login a regional reader of one region: they read its reports per municipality and no person."""

    list_display = ["user", "region"]
    list_filter = ["region"]
    autocomplete_fields = ["user"]


@admin.register(SupervisorException)
class SupervisorExceptionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["staff", "supervisor", "supervisor_level", "granted_at", "granted_by"]
    list_select_related = ["staff", "supervisor", "granted_by"]
