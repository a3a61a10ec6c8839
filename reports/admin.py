from django.contrib import admin

from reports.models import NeedItem, NeedsPeriod, NeedsReport


class NeedItemInline(admin.TabularInline):
    model = NeedItem
    extra = 0


@admin.register(NeedsPeriod)
class NeedsPeriodAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "opens_on", "closes_on", "closed"]
    list_filter = ["organisation", "closed"]


@admin.register(NeedsReport)
class NeedsReportAdmin(admin.ModelAdmin):
    list_display = ["period", "unit", "submitted_at"]
    list_filter = ["period"]
    inlines = [NeedItemInline]
