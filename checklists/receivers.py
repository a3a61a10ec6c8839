"""Receivers of other apps' hooks: new hires get a plan; course records tick linked items.

A hire without an introduction profile gets the default profile (services.DEFAULT_PROFILE,
"nyexaminerad": the fullest plan, so nothing is left out by default). HR sets the profile in the
import to get a shorter plan, or the enhetschef changes it on the plan later
(services.plan_change_profile keeps everything already recorded).
"""

import datetime

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from checklists import services
from checklists.models import CourseTrigger, PlanOverviewCounts
from courses.models import NominationEventKind, NominationStatus, RoundStatus
from courses.signals import participation_completed, seat_booked, seat_cancelled, session_attended
from districts import clock
from districts.models import Organisation
from districts.signals import employment_ended, employment_resumed, hires_added, staff_districts_changed


@receiver(hires_added, dispatch_uid="checklists_plan_for_new_hires")
def create_plans_for_new_hires(sender, staff_ids, **kwargs):
    """Queue laying out plans for the new hires (an import may bring hundreds); districts sends this after commit."""
    staff_ids = list(staff_ids)
    if staff_ids:
        from checklists.tasks import create_plans_for_hires

        create_plans_for_hires.delay(staff_ids)


@receiver(post_save, sender=Organisation, dispatch_uid="checklists_overview_counts_of_new_organisation")
def make_overview_counts_row(sender, instance, created, **kwargs):
    """Give a new organisation the row its overview's kept district rows live in (checklists.overview_counts)."""
    if created:
        PlanOverviewCounts.objects.get_or_create(organisation=instance)


@receiver(staff_districts_changed, dispatch_uid="checklists_tally_on_district_moves")
def recount_tally_of_moved_districts(sender, organisation_id, district_ids, **kwargs):
    """Recount the plans' tally of the districts people left and joined (sent inside the move's transaction)."""
    services.plan_tally_recount(organisation_id=organisation_id, district_ids=district_ids)


@receiver(participation_completed, dispatch_uid="checklists_tick_on_course_completed")
def tick_items_of_completed_course(sender, nomination, **kwargs):
    """Tick the hire's items linked to the completed course, attributed to the nomination."""
    course = nomination.course_round.course
    services.plan_items_tick_automatic(
        staff_id=nomination.staff_id,
        template_item_filter={
            "course_id": course.pk,
            "course_module__isnull": True,
            "course_trigger": CourseTrigger.COMPLETED,
        },
        reference=f"nomination:{nomination.pk}",
        description=_("Automatiskt: kurs %(course)s slutförd") % {"course": course.name},
        at=nomination.completed_at,
    )


def _booking_filter(course_id: int) -> dict:
    return {"course_id": course_id, "course_module__isnull": True, "course_trigger": CourseTrigger.BOOKED}


@receiver(seat_booked, dispatch_uid="checklists_tick_on_seat_booked")
def tick_items_of_booked_course(sender, event, **kwargs):
    """Tick "Anmäld till Del 1" (items ticked by a booked seat) at the time the seat was booked."""
    nomination = event.nomination
    course_round = nomination.course_round
    if event.kind == NominationEventKind.PROMOTED:
        description = _("Automatiskt: fick plats från reservlistan på %(round)s")
    else:
        description = _("Automatiskt: plats bokad på %(round)s")
    services.plan_items_tick_automatic(
        staff_id=nomination.staff_id,
        template_item_filter=_booking_filter(course_round.course_id),
        reference=f"nomination-event:{event.pk}",
        description=description % {"round": course_round.title},
        at=event.at,
    )


@receiver(seat_cancelled, dispatch_uid="checklists_untick_on_seat_cancelled")
def untick_items_of_cancelled_booking(sender, event, **kwargs):
    """Untick "Anmäld till Del 1" when the cancelled booking was the hire's last seat on that course.

    A seat on another round of the course (booked, completed or dropped out after the start) keeps the tick:
    the hire is still, or was, enrolled. The tick and the untick both stay in the item's history.
    """
    nomination = event.nomination
    course_round = nomination.course_round
    still_enrolled = (
        nomination.staff.nominations.filter(
            course_round__course_id=course_round.course_id,
            status__in=[NominationStatus.BOOKED, NominationStatus.COMPLETED, NominationStatus.DROPPED_OUT],
        )
        .exclude(course_round__status=RoundStatus.CANCELLED)
        .exists()
    )
    if still_enrolled:
        return
    services.plan_items_untick_automatic(
        staff_id=nomination.staff_id,
        template_item_filter=_booking_filter(course_round.course_id),
        reference=f"nomination-event:{event.pk}",
        description=_("Automatiskt: bokningen på %(round)s avbokad") % {"round": course_round.title},
        at=event.at,
    )


@receiver(session_attended, dispatch_uid="checklists_tick_on_session_attended")
def tick_items_of_attended_modules(sender, attendance, **kwargs):
    """Tick the hire's items linked to a module the attended session covered, attributed to the attendance."""
    session = attendance.session
    modules = list(session.modules.all())
    if not modules:
        return
    services.plan_items_tick_automatic(
        staff_id=attendance.nomination.staff_id,
        template_item_filter={"course_module__in": [module.pk for module in modules]},
        reference=f"attendance:{attendance.pk}",
        description=_("Automatiskt: %(modules)s genomförd") % {"modules": ", ".join(m.title for m in modules)},
        at=_session_end(session),
    )


def _session_end(session) -> datetime.datetime:
    """Return when the attended session ended (the theme was done then), in Stockholm time."""
    return datetime.datetime.combine(session.date, session.end_time, tzinfo=clock.STOCKHOLM)


@receiver(employment_ended, dispatch_uid="checklists_close_plans_of_leavers")
def close_after_employment_ended(sender, staff_ids, actor_id=None, **kwargs):
    """Queue cancelling the leavers' future bookings and closing their plans (districts sends this after commit)."""
    staff_ids = list(staff_ids)
    if staff_ids:
        from checklists.tasks import process_departures

        process_departures.delay(staff_ids, actor_id)


@receiver(employment_resumed, dispatch_uid="checklists_reopen_plans_of_returners")
def reopen_after_employment_resumed(sender, staff_ids, actor_id=None, **kwargs):
    """Open again the plans closed for an end date that was taken back (districts sends this after commit)."""
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    for staff_id in staff_ids:
        services.staff_return_process(staff_id=staff_id, actor=actor)
