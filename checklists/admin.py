"""Admin views for support staff: read what plans recorded; changes go through the app's pages and services."""

from django.contrib import admin

from checklists.models import ChecklistTemplate, IntroductionPlan, PlanExport, PlanItemEvent, TemplateVersion
from districts.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "organisation"]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["template", "number", "status", "published_at"]
    list_filter = ["status"]


@admin.register(IntroductionPlan)
class IntroductionPlanAdmin(ReadOnlyHistoryAdmin):
    list_display = ["staff", "start_date", "profile", "template_version"]
    list_filter = ["staff__organisation"]  # one organisation's plans (also the benchmark's list comparison)
    list_select_related = ["staff", "template_version__template"]
    search_fields = ["staff__first_name", "staff__last_name", "staff__work_email"]


@admin.register(PlanItemEvent)
class PlanItemEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "item", "actor", "old_done", "new_done", "source", "reference"]
    list_select_related = ["item", "actor"]
    list_filter = ["source"]


@admin.register(PlanExport)
class PlanExportAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "description", "status", "done", "total", "expires_at"]
    list_filter = ["status"]
