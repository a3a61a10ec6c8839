"""Meetings that were held: the hire or their 1:e socialsekreterare marks a plan's meeting held or not held.

`plan_meeting_record_held` is the one write (row lock, history with the actor). The reads: the share held per
kind on the plan page (`meeting_shares`, from the meetings the page has loaded, rows or instances) and, for the
enhetschef's dashboard, the hires whose weekly supervision has lapsed (`with_lapsed_supervision`, one query).
A meeting counts as due once its time has come; one not recorded counts as not held.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, OuterRef, QuerySet, Subquery, Value
from django.utils.translation import gettext as _

from checklists.models import IntroductionPlan, MeetingKind, PlanMeeting, PlanStatus
from checklists.selectors import visible_plans
from checklists.services.ticking import closed_plan_message
from districts import access, audit, clock

# The meetings whose holding is followed; reflection time is the hire's own and is not recorded.
RECORDED_KINDS = (MeetingKind.SUPERVISION, MeetingKind.MANAGER_CHECK_IN, MeetingKind.MENTOR)
# Weekly supervision has lapsed when none was held in this many days while it was due.
LAPSE_DAYS = 14
NOTE_MAX_LENGTH = 300


# --- reads ------------------------------------------------------------------------------------------------


def meeting_for_record(*, user, meeting_id: int) -> PlanMeeting:
    """Return a meeting of a plan the user may see, with its plan and hire, or raise DoesNotExist."""
    return PlanMeeting.objects.select_related("plan__staff", "with_whom").get(
        pk=meeting_id, plan__in=visible_plans(user=user).values("pk")
    )


def can_record(user, plan: IntroductionPlan) -> bool:
    """Return whether the user may mark this plan's meetings held or not held (never on a closed plan)."""
    return not plan.is_closed and _is_hire_or_supervisor(user, plan)


def _is_hire_or_supervisor(user, plan: IntroductionPlan) -> bool:
    return access.can_record_meeting_held(
        user,
        hire_id=plan.staff_id,
        plan_supervisor_id=plan.supervisor_id,
        staff_supervisor_id=plan.staff.supervisor_id,
    )


def is_recordable(meeting: PlanMeeting, *, now: datetime.datetime | None = None) -> bool:
    """Return whether the meeting can be recorded: one of the followed kinds whose time has come."""
    return meeting.kind in RECORDED_KINDS and meeting.starts_at <= (now or clock.now())


def recordable_ids(user, plan: IntroductionPlan, meetings) -> set[int]:
    """Return the ids of the plan's meetings the user may mark held or not held now."""
    if not can_record(user, plan):
        return set()
    now = clock.now()
    return {meeting.pk for meeting in meetings if is_recordable(meeting, now=now)}


@dataclass(frozen=True)
class MeetingShare:
    """How many of one kind's due meetings were held, not held and not yet recorded."""

    kind: str
    label: str
    due: int
    held: int
    not_held: int

    @property
    def unrecorded(self) -> int:
        return self.due - self.held - self.not_held

    @property
    def percent(self) -> int | None:
        return round(100 * self.held / self.due) if self.due else None


def meeting_shares(meetings, *, now: datetime.datetime | None = None) -> list[MeetingShare]:
    """Return the share held per followed kind among the plan's meetings that were due (in memory, no query)."""
    now = now or clock.now()
    shares = []
    for kind in RECORDED_KINDS:
        due = [meeting for meeting in meetings if meeting.kind == kind and meeting.starts_at <= now]
        shares.append(
            MeetingShare(
                kind=kind,
                label=kind.label,
                due=len(due),
                held=sum(1 for meeting in due if meeting.held is True),
                not_held=sum(1 for meeting in due if meeting.held is False),
            )
        )
    return shares


def with_lapsed_supervision(
    plans: QuerySet[IntroductionPlan], *, now: datetime.datetime | None = None
) -> QuerySet[IntroductionPlan]:
    """Keep the active plans whose weekly supervision has lapsed, annotated with `last_held` (or None).

    Lapsed: the series began more than LAPSE_DAYS ago, a supervision was due in the last LAPSE_DAYS (the
    first year is not over), and none of those was marked held. One query, whatever the number of plans.
    """
    now = now or clock.now()
    return with_lapsed_supervision_in(plans, window_start=now - datetime.timedelta(days=LAPSE_DAYS), now=now)


def with_lapsed_supervision_in(
    plans: QuerySet[IntroductionPlan], *, window_start: datetime.datetime, now: datetime.datetime
) -> QuerySet[IntroductionPlan]:
    """Keep the plans `with_lapsed_supervision` keeps, for the window of LAPSE_DAYS from `window_start` to `now`.

    Both ends are given, not one derived from the other, so that the dashboard's compiled read can give each run
    its own (districts.compiled's varying inputs)."""
    supervision = PlanMeeting.objects.filter(plan=OuterRef("pk"), kind=MeetingKind.SUPERVISION)
    in_window = supervision.filter(starts_at__gt=window_start, starts_at__lte=now)
    last_held = supervision.filter(held=True, starts_at__lte=now).order_by("-starts_at").values("starts_at")[:1]
    return (
        plans.filter(status=PlanStatus.ACTIVE)
        .alias(
            supervision_began=_any(supervision.filter(starts_at__lte=window_start)),
            supervision_due=_any(in_window),
            supervision_held=_any(in_window.filter(held=True)),
        )
        .filter(supervision_began=True, supervision_due=True, supervision_held__isnull=True)
        .annotate(last_held=Subquery(last_held))
        .select_related("staff", "supervisor")
        .order_by("last_held", "staff__last_name", "staff__first_name", "pk")
    )


def _any(meetings: QuerySet[PlanMeeting]) -> Subquery:
    # True when the plan has such a meeting, else NULL: a subquery with a LIMIT, probed plan by plan through the
    # (plan, kind, start) index. As EXISTS the three became semi- and anti-joins, and PostgreSQL weighed the join
    # orders of some seven relations for the unit's few plans (planning ~3-7 ms, the whole query ~9 to ~1 ms).
    return Subquery(meetings.order_by().values(found=Value(True))[:1], output_field=BooleanField())


# --- the write --------------------------------------------------------------------------------------------


@audit.records_actor
def plan_meeting_record_held(*, meeting_id: int, actor, held: bool, note: str = "") -> PlanMeeting:
    """Mark one meeting held or not held, with an optional note; a later mark replaces it, history keeps both."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("Anteckningen får vara högst %(max)d tecken.") % {"max": NOTE_MAX_LENGTH}})
    with transaction.atomic():
        meeting = PlanMeeting.objects.select_for_update().select_related("plan__staff").get(pk=meeting_id)
        plan = meeting.plan
        if not _is_hire_or_supervisor(actor, plan):
            raise PermissionDenied
        if plan.is_closed:
            raise ValidationError(closed_plan_message())
        if meeting.kind not in RECORDED_KINDS:
            raise ValidationError(_("Den här typen av möte registreras inte."))
        now = clock.now()
        if meeting.starts_at > now:
            raise ValidationError(_("Mötet har inte ägt rum än; registrera det när tiden har kommit."))
        meeting.held = held
        meeting.held_note = note
        meeting.held_recorded_by = actor
        meeting.held_recorded_at = now
        meeting.save(update_fields=["held", "held_note", "held_recorded_by", "held_recorded_at"])
    return meeting
