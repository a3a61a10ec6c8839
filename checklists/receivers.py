"""Receivers of other apps' hooks: new hires get a plan; course records tick linked items.

A hire without an introduction profile gets the default profile (services.DEFAULT_PROFILE,
"nyexaminerad": the fullest plan); the enhetschef can lower it by editing the staff record before
the plan is created, or by removing items that do not apply.
"""

import logging

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.dispatch import receiver

from checklists import services
from districts.models import Organisation, StaffMember
from districts.signals import hires_added

logger = logging.getLogger(__name__)


@receiver(hires_added, dispatch_uid="checklists_plan_for_new_hires")
def create_plans_for_new_hires(sender, staff_ids, **kwargs):
    """Lay out a plan for each new hire that has an employment start and no plan yet."""
    hires = StaffMember.objects.filter(
        pk__in=staff_ids, employment_start__isnull=False, introduction_plan__isnull=True
    ).select_related("unit", "supervisor", "mentor", "organisation")
    for staff in hires:
        try:
            services.plan_create(staff=staff)
        except ValidationError as error:
            # e.g. the organisation has no published template, or another request just made the plan
            logger.info("no plan created for staff %s: %s", staff.pk, "; ".join(error.messages))


@receiver(post_save, sender=Organisation, dispatch_uid="checklists_default_template_for_new_organisation")
def give_new_organisation_the_default_template(sender, instance, created, raw=False, **kwargs):
    """Every new organisation starts with the default Bilaga 3 template, published."""
    if created and not raw:
        services.template_install_default(organisation=instance)
