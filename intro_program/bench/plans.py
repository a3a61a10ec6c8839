"""Every hire's introduction plan, laid out from the published template as plan_create would, with ticks logged."""

import datetime

from django.db import connection
from django.utils import timezone

from checklists import selectors as checklist_selectors
from checklists import services as checklist_services
from checklists.models import (
    EventSource,
    IntroductionPlan,
    LearningGoal,
    PlanItem,
    PlanItemEvent,
    PlanMeeting,
    TemplateItem,
)
from courses.models import KnowledgeArea, NominationStatus
from districts.models import IntroductionProfile, Role, StaffMember
from intro_program.bench.copying import copy_create, copy_rows
from intro_program.bench.seeding import aware

ITEM_COLUMNS = [
    "plan_id",
    "template_item_id",
    "phase",
    "position",
    "title",
    "guidance",
    "responsible_role",
    "due_date",
    "done",
    "done_by_id",
    "done_at",
    "version",
    "in_profile",
]
EVENT_COLUMNS = [
    "item_id",
    "actor_id",
    "at",
    "recorded_at",
    "old_done",
    "new_done",
    "note",
    "source",
    "reference",
    "description",
]
AUTOMATIC_NOTE = "Automatiskt: kurs slutförd"
MEETINGS_WITHIN_DAYS = 365  # booked meetings only for the plans of the last year's hires (64 rows a plan)


def seed_plans(*, organisation, hires, nominations, today, rng) -> dict[str, int]:
    """Lay out each hire's plan from the published template as plan_create would, tick what is done, log the ticks."""
    version = checklist_selectors.current_version_for_organisation(organisation_id=organisation.pk)
    if version is None:
        return {}
    template_items = list(
        version.items.select_related("phase", "course_module").order_by("phase__position", "position")
    )
    managers = dict(
        StaffMember.objects.filter(organisation=organisation, roles__role=Role.ENHETSCHEF, employment_end__isnull=True)
        .order_by("-pk")
        .values_list("unit_id", "pk")
    )  # the lowest pk wins, as in checklists.services.plans._resolve_responsible
    completed = {}
    for nomination in nominations:
        if nomination.status == NominationStatus.COMPLETED:
            completed[(nomination.staff_id, nomination.course_round.course_id)] = nomination
    profiles = [value for value, _label in IntroductionProfile.choices]
    plans = []
    for hire in hires:
        plan = IntroductionPlan(
            staff_id=hire.pk,
            template_version=version,
            profile=checklist_services.DEFAULT_PROFILE if rng.random() < 0.7 else rng.choice(profiles),
            start_date=hire.employment_start,
            manager_id=managers.get(hire.unit_id),
            supervisor_id=hire.supervisor_id,
            mentor_id=hire.mentor_id,
        )
        plan.bench_hire = hire
        plans.append(plan)
    copy_create(IntroductionPlan, plans)
    items, goals, meetings, automatic = [], [], [], []
    for plan in plans:
        goals += [LearningGoal(plan=plan, knowledge_area=area) for area in KnowledgeArea.values]
        position = 0
        for template_item in template_items:
            if not template_item.applies_to(plan.profile):
                continue
            due = checklist_services.due_date_for(start_date=plan.start_date, due_day=template_item.due_day)
            done, done_at, version, reference = False, None, 1, ""
            if template_item.course_id or template_item.course_module_id:
                course_id = template_item.course_id or template_item.course_module.course_id
                nomination = completed.get((plan.staff_id, course_id))
                if nomination is not None:
                    done, done_at, version = True, nomination.completed_at, 2
                    reference = f"nomination:{nomination.pk}"
            else:
                days_left = (due - today).days
                chance = 0.93 if days_left < 0 else (0.3 if days_left < 14 else 0.0)
                if rng.random() < chance:
                    day = min(today, due + datetime.timedelta(days=rng.randint(-5, 3)))
                    done, done_at, version = True, aware(day, rng.randint(8, 16)), 2
            items.append(
                [
                    plan.pk,
                    template_item.pk,
                    template_item.phase.phase,
                    position,
                    template_item.title,
                    template_item.guidance,
                    template_item.responsible_role,
                    due,
                    done,
                    None,
                    done_at,
                    version,
                    True,
                ]
            )
            if reference:
                automatic.append((len(items) - 1, done_at, reference))
            position += 1
        if (today - plan.start_date).days <= MEETINGS_WITHIN_DAYS:
            meetings += checklist_services.standard_meetings(plan=plan)
    keys = copy_rows(PlanItem, ITEM_COLUMNS, items, with_keys=True)
    copy_create(LearningGoal, goals)
    copy_create(PlanMeeting, meetings)
    recorded = timezone.now()
    copy_rows(
        PlanItemEvent,
        EVENT_COLUMNS,
        (
            (keys[index], None, done_at, recorded, False, True, "", EventSource.AUTOMATIC, reference, AUTOMATIC_NOTE)
            for index, done_at, reference in automatic
        ),
    )
    _log_manual_ticks(organisation_id=organisation.pk)
    # The plans' item counters, as plan_create and the ticks keep them.
    checklist_services.plan_counters_recompute(plans=IntroductionPlan.objects.filter(staff__organisation=organisation))
    events = PlanItemEvent.objects.filter(item__plan__staff__organisation=organisation).count()
    return {"plans": len(plans), "plan items": len(items), "item events": events, "meetings": len(meetings)}


def _log_manual_ticks(*, organisation_id: int) -> None:
    """Log each ticked item that no course ticks as one manual tick at the time it was done.

    Set-based (INSERT ... SELECT, plain SQL that SQLite runs too): over a million rows at national scale, which
    bulk_create would spend minutes building in Python. Unlike bulk_create it keeps `at` (auto_now_add) = done_at.
    """
    event, item, plan = PlanItemEvent._meta.db_table, PlanItem._meta.db_table, IntroductionPlan._meta.db_table
    staff, template_item = StaffMember._meta.db_table, TemplateItem._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {event} (item_id, actor_id, at, old_done, new_done, note, source, reference, description)
            SELECT i.id, NULL, i.done_at, %s, %s, '', %s, '', ''
            FROM {item} i
            JOIN {plan} p ON p.id = i.plan_id
            JOIN {staff} s ON s.id = p.staff_id
            LEFT JOIN {template_item} t ON t.id = i.template_item_id
            WHERE i.done = %s AND s.organisation_id = %s AND t.course_id IS NULL AND t.course_module_id IS NULL""",
            [False, True, EventSource.MANUAL, True, organisation_id],
        )
