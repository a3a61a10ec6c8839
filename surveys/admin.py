"""Admin for survey templates only: responses are anonymous and are read through the reports, never row by row."""

from django.contrib import admin

from surveys.models import Choice, Question, SurveyTemplate


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
