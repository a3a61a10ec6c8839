"""Admin for support staff: read the programme's rows and their history; changes go through the app's services."""

from django.contrib import admin

from courses.models import (
    Certificate,
    Course,
    CourseModule,
    CourseRound,
    KeyPerson,
    Nomination,
    NominationEvent,
    PlanningSettings,
    RoundSession,
    SentNotification,
)
from districts.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ReadOnlyInline


class CourseModuleInline(ReadOnlyInline):
    model = CourseModule


@admin.register(Course)
class CourseAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "kind", "organisation", "active"]
    list_filter = ["kind", "organisation", "active"]
    inlines = [CourseModuleInline]


class RoundSessionInline(ReadOnlyInline):
    model = RoundSession
    fields = ["date", "start_time", "end_time", "place", "lecturers", "cancelled", "sequence"]
    readonly_fields = ["sequence"]


@admin.register(CourseRound)
class CourseRoundAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "course", "status", "starts_on", "ends_on", "capacity", "planning_key"]
    list_filter = ["status", "course__kind", "course__organisation"]
    search_fields = ["title", "planning_key"]
    list_select_related = ["course"]
    date_hierarchy = "starts_on"
    inlines = [RoundSessionInline]
    readonly_fields = ["planning_key", "moved_by_coordinator"]


class NominationEventInline(ReadOnlyInline):
    model = NominationEvent
    readonly_fields = ["kind", "actor", "at", "note"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyHistoryAdmin):
    """Read-only: seats, the waitlist and the history only change through the services."""

    list_display = ["staff", "course_round", "status", "queued_at"]
    list_filter = ["status", "course_round__course__kind"]
    search_fields = ["staff__first_name", "staff__last_name", "course_round__title"]
    list_select_related = ["staff", "course_round"]
    raw_id_fields = ["staff", "course_round", "nominated_by"]
    inlines = [NominationEventInline]


@admin.register(PlanningSettings)
class PlanningSettingsAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "excluded_months", "weekday", "week_of_month", "capacity", "del2_month"]


@admin.register(SentNotification)
class SentNotificationAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "sent_at"]
    list_filter = ["kind"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "course_name", "issued_on", "download_count"]
    search_fields = ["code"]
    date_hierarchy = "issued_on"


@admin.register(KeyPerson)
class KeyPersonAdmin(ReadOnlyHistoryAdmin):
    list_display = ["staff", "area"]
    list_filter = ["area"]
    list_select_related = ["staff"]
