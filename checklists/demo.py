"""Demo data: an introduction plan for every demo hire, with a realistic share of items ticked.

Runs before the courses seeder (see DEMO_DATA_SEEDERS): the plans must exist when that seeder's
completions and attendances fire their signals, so that linked items tick themselves.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Case, DateTimeField, F, Value, When
from django.utils import timezone

from checklists import meetings_held, services
from checklists.models import (
    AutomaticSource,
    EventSource,
    IntroductionPlan,
    PlanItem,
    PlanItemEvent,
    PlanMeeting,
    ResponsibleRole,
)
from districts.models import Organisation, StaffMember

# Hires whose second year ended in the last four months keep their plan: they are asked to evaluate the
# introduction (surveys.followup_demo), and their answer ticks its last item (districts.demo_second_year).
PLANS_FOR_DAYS = 730 + 125


def seed(*, organisation: Organisation, today: datetime.date) -> int:
    """Create the missing plans of hires from the last two years and a little more; return how many. Idempotent."""
    hires = (
        StaffMember.objects.filter(
            organisation=organisation,
            employment_start__gte=today - datetime.timedelta(days=PLANS_FOR_DAYS),
            employment_start__lte=today + datetime.timedelta(days=30),
            introduction_plan__isnull=True,
        )
        .exclude(introduction_profile="")
        .select_related("supervisor__user", "mentor__user", "unit", "user")
        .order_by("pk")
    )
    created = 0
    for staff in hires:
        with transaction.atomic():
            plan = services.plan_create(staff=staff)
            _tick_some(plan=plan, today=today, rng=random.Random(staff.pk))
            _record_meetings(plan=plan, today=today, rng=random.Random(-staff.pk))
        created += 1
    # The demo's leavers: their plans closed as the nightly run closes them (no places yet: courses seeds after).
    leavers = StaffMember.objects.filter(organisation=organisation, pk__in=services.departures_due(today=today))
    services.departures_process(staff_ids=list(leavers.values_list("pk", flat=True)), today=today)
    return created


def _tick_some(*, plan: IntroductionPlan, today: datetime.date, rng: random.Random) -> None:
    """Tick most past items (a few are forgotten, some done early), as real plans look."""
    people = {
        ResponsibleRole.ENHETSCHEF: plan.manager,
        ResponsibleRole.FORSTE_SOCIALSEKRETERARE: plan.supervisor,
        ResponsibleRole.FADDER: plan.mentor,
        ResponsibleRole.HIRE: plan.staff,
    }
    ticked, events, by_user = [], [], {}
    for item in plan.items.select_related("template_item"):
        if item.template_item and (item.template_item.course_id or item.template_item.course_module_id):
            continue  # ticked by the course records the courses seeder makes (it runs after this one)
        if item.template_item and item.template_item.automatic_source == AutomaticSource.COMPETENCE_REVIEW:
            continue  # ticked by the competence reviews the competence seeder records
        if item.template_item and item.template_item.automatic_source == AutomaticSource.INTRODUCTION_EVALUATION:
            continue  # ticked by the hire's answer to the evaluation survey (surveys.followup_demo)
        days_left = (item.due_date - today).days
        chance = 0.85 if days_left < 0 else (0.3 if days_left < 14 else 0.0)
        if rng.random() >= chance:
            continue
        person = people.get(item.responsible_role) or plan.supervisor or plan.manager
        user = getattr(person, "user", None) if person else None
        day = min(today, item.due_date + datetime.timedelta(days=rng.randint(-5, 3)))
        when = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(rng.randint(8, 16), rng.randint(0, 59)))
        )
        item.done, item.done_by, item.done_at, item.version = True, user, when, 2
        ticked.append(item)
        by_user.setdefault(user, []).append(item)
        # Demo colleagues mostly have no login: the history names the person instead.
        description = "" if user or person is None else person.full_name
        events.append(
            PlanItemEvent(
                item=item, actor=user, old_done=False, new_done=True, source=EventSource.MANUAL, description=description
            )
        )
    # One UPDATE for each ticking user with a CASE for the time only: bulk_update's CASE over every item for
    # each of the four fields cost the ORM more than all the rest of the seeding.
    for user, items in by_user.items():
        PlanItem.objects.filter(pk__in=[item.pk for item in items]).update(
            done=True,
            done_by=user,
            version=2,
            done_at=Case(*(When(pk=item.pk, then=Value(item.done_at)) for item in items), output_field=DateTimeField()),
        )
    PlanItemEvent.objects.bulk_create(events)
    services.plan_counters_recompute(plans=IntroductionPlan.objects.filter(pk__in={item.plan_id for item in ticked}))


LAPSED_SHARE = 0.1  # hires in their first year whose supervision has not been recorded for the last weeks


def _record_meetings(*, plan: IntroductionPlan, today: datetime.date, rng: random.Random) -> None:
    """Mark the past supervision, check-ins and fadder meetings: most held, some not, a few hires lapsed."""
    before = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0)))
    lapsed_since = (
        before - datetime.timedelta(days=meetings_held.LAPSE_DAYS + 7) if rng.random() < LAPSED_SHARE else None
    )
    recorder = plan.supervisor.user if plan.supervisor and plan.supervisor.user else plan.staff.user
    recorded: dict[tuple[bool, str], list[int]] = {}  # (held, note): the meetings recorded so
    for meeting in plan.meetings.filter(kind__in=meetings_held.RECORDED_KINDS, starts_at__lt=before):
        if lapsed_since and meeting.starts_at >= lapsed_since:
            continue
        roll = rng.random()
        if roll < 0.04:
            continue  # never recorded
        held = roll >= 0.12
        note = "" if held else rng.choice(["Sjuk", "Krock med ett akut ärende", "Semester"])
        recorded.setdefault((held, note), []).append(meeting.pk)
    # One UPDATE for each outcome, recorded two hours after the start: bulk_update's CASE over every meeting
    # for each field cost the ORM more than all the rest of the seeding.
    for (held, note), meeting_ids in recorded.items():
        PlanMeeting.objects.filter(pk__in=meeting_ids).update(
            held=held,
            held_note=note,
            held_recorded_by=recorder,
            held_recorded_at=F("starts_at") + datetime.timedelta(hours=2),
        )
