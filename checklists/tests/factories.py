"""Factories for plans; the default template comes from the migration or `template_install_default`."""

import datetime

from checklists import services
from checklists.models import ChecklistTemplate
from checklists.selectors import current_version_for_organisation


def ensure_default_template(organisation):
    """Return the organisation's current version, installing the default template when it has none."""
    if not ChecklistTemplate.objects.filter(organisation=organisation).exists():
        services.template_install_default(organisation=organisation)
    return current_version_for_organisation(organisation_id=organisation.pk)


def plan_for(staff, *, start: datetime.date | None = None, profile: str = ""):
    """Lay out a plan for the staff member from the default template."""
    ensure_default_template(staff.organisation)
    return services.plan_create(staff=staff, start_date=start, profile=profile)
