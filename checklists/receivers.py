"""Receivers of other apps' hooks: new hires get a plan; course records tick linked items.

A hire without an introduction profile gets the default profile (services.DEFAULT_PROFILE,
"nyexaminerad": the fullest plan, so nothing is left out by default). HR sets the profile in the
import to get a shorter plan, or the enhetschef changes it on the plan later
(services.plan_change_profile keeps everything already recorded).
"""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from checklists import services
from courses.signals import participation_completed, session_attended
from districts.signals import hires_added


@receiver(hires_added, dispatch_uid="checklists_plan_for_new_hires")
def create_plans_for_new_hires(sender, staff_ids, **kwargs):
    """Queue laying out plans for the new hires (an import may bring hundreds); districts sends this after commit."""
    staff_ids = list(staff_ids)
    if staff_ids:
        from checklists.tasks import create_plans_for_hires

        create_plans_for_hires.delay(staff_ids)


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
