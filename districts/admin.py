from django.contrib import admin

from districts.models import District, StaffMember, StaffRole, Unit


# Registered by intro_program.admin, which onboards a new organisation (districts may not import the other apps).
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "small_group_threshold"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "area"]
    list_filter = ["area", "district__organisation", "district"]
    search_fields = ["name", "district__name"]
    list_select_related = ["district"]


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 1


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "work_email", "unit", "employment_start", "competence_level"]
    list_filter = ["organisation", "unit__district", "competence_level", "employment_type", "roles__role"]
    search_fields = ["first_name", "last_name", "work_email"]
    list_select_related = ["unit"]
    raw_id_fields = ["user", "supervisor", "mentor", "unit"]
    inlines = [StaffRoleInline]
