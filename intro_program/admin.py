"""Register organisations in the admin here, above the apps, so that saving a new one onboards it."""

from django.contrib import admin

from districts.admin import OrganisationAdmin
from districts.models import Organisation
from intro_program.onboarding import organisation_onboard


@admin.register(Organisation)
class OnboardingOrganisationAdmin(OrganisationAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            organisation_onboard(organisation=obj)
