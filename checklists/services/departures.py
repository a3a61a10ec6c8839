"""What follows when a hire's employment ends: their future course places are given up and their plan is closed.

It lives here, in the app above both courses and districts, because it acts on both: the bookings go through
the courses' own cancel service (the usual e-mails to the person and their enhetschef, the waitlist moves up,
a NominationEvent names the actor, or the system), and the plan is closed as "Avslutad": kept as it was,
read-only, and out of overdue lists, panels and reminders. The employment has ended from its last day on
(districts.selectors.left_by); running this again for the same person changes nothing and sends nothing.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from checklists.models import IntroductionPlan, PlanStatus
from checklists.services.tallies import plan_tally_add_plans, plan_tally_remove_plans
from courses import services as course_services
from courses.models import ACTIVE_STATUSES, Nomination, NominationStatus, RoundStatus
from districts import audit, clock
from districts import selectors as district_selectors
from districts.models import StaffMember

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Departure:
    cancelled: int
    plan_closed: bool


def places_to_give_up(*, staff_ids):
    """Return the leavers' nominations to cancel: waitlist places, and bookings on rounds after the last day.

    A booking on a round that began while the person was still employed is left to the round's outcome
    (not completed, "Slutat sin anställning") when the round is marked held.
    """
    return (
        Nomination.objects.filter(staff_id__in=staff_ids, status__in=ACTIVE_STATUSES)
        .exclude(course_round__status__in=[RoundStatus.HELD, RoundStatus.CANCELLED])
        .filter(
            Q(status=NominationStatus.WAITLISTED)
            | Q(course_round__starts_on__isnull=True)
            | Q(course_round__starts_on__gt=F("staff__employment_end"))
        )
        .select_related("course_round", "staff")
        .order_by("course_round__starts_on", "pk")
    )


def plan_close(*, plan: IntroductionPlan, actor, reason: str) -> bool:
    """Close the plan as "Avslutad" with the reason; return False when it was already closed."""
    with transaction.atomic(), audit.acting(actor, reason=reason):
        plan = IntroductionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.is_closed:
            return False
        plan_tally_remove_plans(plan_ids=[plan.pk])  # the plan moves to its month's closed row
        plan.status = PlanStatus.CLOSED
        plan.closed_at = clock.now()
        plan.closed_reason = reason
        plan.save(update_fields=["status", "closed_at", "closed_reason"])
        plan_tally_add_plans(plan_ids=[plan.pk])
    return True


def plan_reopen(*, plan: IntroductionPlan, actor, reason: str) -> bool:
    """Open a closed plan again (the end date was taken back); return False when it was open."""
    with transaction.atomic(), audit.acting(actor, reason=reason):
        plan = IntroductionPlan.objects.select_for_update().get(pk=plan.pk)
        if not plan.is_closed:
            return False
        plan_tally_remove_plans(plan_ids=[plan.pk])
        plan.status, plan.closed_at, plan.closed_reason = PlanStatus.ACTIVE, None, ""
        plan.save(update_fields=["status", "closed_at", "closed_reason"])
        plan_tally_add_plans(plan_ids=[plan.pk])
    return True


def staff_return_process(*, staff_id: int, actor=None, today: datetime.date | None = None) -> bool:
    """Open the plan of someone whose end date was taken back; return whether a plan was opened.

    The places given up stay cancelled (the seats may be someone else's now); the enhetschef nominates again.
    """
    today = today or clock.today()
    if StaffMember.objects.filter(pk=staff_id).filter(district_selectors.left_by(day=today)).exists():
        return False
    plan = IntroductionPlan.objects.filter(staff_id=staff_id, status=PlanStatus.CLOSED).first()
    if plan is None:
        return False
    return plan_reopen(plan=plan, actor=actor, reason=_("Anställningens slutdatum ändrades; planen öppnades igen."))


def staff_departure_process(*, staff_id: int, actor=None, today: datetime.date | None = None) -> Departure:
    """Close the leaver's plan and cancel their future course places; nothing happens for someone still employed."""
    today = today or clock.today()
    staff = StaffMember.objects.filter(pk=staff_id).filter(district_selectors.left_by(day=today)).first()
    if staff is None:
        return Departure(cancelled=0, plan_closed=False)
    end = date_format(staff.employment_end, "SHORT_DATE_FORMAT")
    reason = _("Anställningen upphörde %(date)s.") % {"date": end}
    plan_closed = False
    plan = IntroductionPlan.objects.filter(staff_id=staff.pk).first()
    if plan is not None:
        # Closed first: the plan is kept as it was on the last day, so the cancellations below do not untick it.
        plan_closed = plan_close(plan=plan, actor=actor, reason=reason)
    cancelled = 0
    for nomination in places_to_give_up(staff_ids=[staff.pk]):
        try:
            course_services.nomination_cancel(nomination=nomination, actor=actor, note=reason)
        except ValidationError:
            continue  # cancelled or finished meanwhile by someone else: nothing left to give up
        cancelled += 1
    return Departure(cancelled=cancelled, plan_closed=plan_closed)


def departures_process(*, staff_ids, actor=None, today: datetime.date | None = None) -> int:
    """Process each leaver of `staff_ids` (see staff_departure_process); return the places cancelled."""
    return sum(staff_departure_process(staff_id=staff_id, actor=actor, today=today).cancelled for staff_id in staff_ids)


def departures_due(*, today: datetime.date | None = None) -> list[int]:
    """Return the leavers who still have an open plan or a course place to give up (the nightly run's work)."""
    today = today or clock.today()
    leavers = StaffMember.objects.filter(district_selectors.left_by(day=today))
    open_plans = IntroductionPlan.objects.filter(status=PlanStatus.ACTIVE, staff__in=leavers).values_list(
        "staff_id", flat=True
    )
    places = places_to_give_up(staff_ids=leavers.values("pk")).values_list("staff_id", flat=True)
    return sorted(set(open_plans) | set(places))
