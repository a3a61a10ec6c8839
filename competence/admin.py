"""Competence records are read in the admin, never changed there: reviews and credits go through the services."""

from django.contrib import admin

from competence.models import CompetenceReview, CreditEntry
from districts.admin import ReadOnlyHistoryAdmin


@admin.register(CompetenceReview)
class CompetenceReviewAdmin(ReadOnlyHistoryAdmin):
    list_display = ["staff", "reviewed_on", "proposed_level", "decided_level", "reviewer"]
    list_filter = ["decided_level", "proposed_level"]
    list_select_related = ["staff", "reviewer"]


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyHistoryAdmin):
    list_display = ["staff", "earned_on", "source", "credits"]
    list_select_related = ["staff"]
