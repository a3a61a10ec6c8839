"""Admin for survey templates only: responses are anonymous and are read through the reports, never row by row."""

from django.contrib import admin

from surveys.models import Choice, FollowUpSettings, NonParticipationInquiry, Question, SurveyTemplate


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "purpose", "organisation", "is_active", "reminder_after_days"]
    list_filter = ["purpose", "is_active", "organisation"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "template", "kind", "order", "required"]
    list_filter = ["kind", "template"]
    inlines = [ChoiceInline]


@admin.register(NonParticipationInquiry)
class NonParticipationInquiryAdmin(admin.ModelAdmin):
    """The questions to units that sent nobody: answered by their managers in the app, read here with the free text."""

    list_display = ["district", "unit", "period_start", "sent_at", "answered_at", "knew_of_programme", "other_text"]
    list_filter = ["period_start", "district"]
    readonly_fields = ["answered_by", "answered_at", "sent_at"]


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "follow_up_after_months", "ask_non_participating"]
