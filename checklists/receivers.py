"""Receivers of other apps' hooks: new hires get a plan; course records tick linked items.

A hire without an introduction profile gets the default profile (services.DEFAULT_PROFILE,
"nyexaminerad": the fullest plan); the enhetschef can lower it by editing the staff record before
the plan is created, or by removing items that do not apply.
"""

import logging

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from checklists import services
from courses.signals import participation_completed, session_attended
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


@receiver(participation_completed, dispatch_uid="checklists_tick_on_course_completed")
def tick_items_of_completed_course(sender, nomination, **kwargs):
    """Tick the hire's items linked to the completed course, attributed to the nomination."""
    course = nomination.course_round.course
    services.plan_items_tick_automatic(
        staff_id=nomination.staff_id,
        template_item_filter={"course_id": course.pk, "course_module__isnull": True},
        reference=f"nomination:{nomination.pk}",
        description=_("Automatiskt: kurs %(course)s slutförd") % {"course": course.name},
    )


@receiver(session_attended, dispatch_uid="checklists_tick_on_session_attended")
def tick_items_of_attended_modules(sender, attendance, **kwargs):
    """Tick the hire's items linked to a module the attended session covered, attributed to the attendance."""
    modules = list(attendance.session.modules.all())
    if not modules:
        return
    services.plan_items_tick_automatic(
        staff_id=attendance.nomination.staff_id,
        template_item_filter={"course_module__in": [module.pk for module in modules]},
        reference=f"attendance:{attendance.pk}",
        description=_("Automatiskt: %(modules)s genomförd") % {"modules": ", ".join(m.title for m in modules)},
    )
