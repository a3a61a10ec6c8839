"""Every hire's introduction plan, laid out from the published template as plan_create would, with ticks logged."""

import datetime
from dataclasses import dataclass

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
from intro_program.bench.copying import Fragment, copy_create, copy_rows, fragment, next_keys
from intro_program.bench.seeding import aware

ITEM_COLUMNS = [  # the columns a plan's row sets first, then those its template item gives (TemplateRow.shared)
    "plan_id",
    "position",
    "due_date",
    "done",
    "done_at",
    "version",
    "template_item_id",
    "phase",
    "title",
    "guidance",
    "responsible_role",
    "done_by_id",
    "in_profile",
]
EVENT_COLUMNS = [  # a tick's own columns, then those every tick of its source shares
    "item_id",
    "at",
    "reference",
    "recorded_at",
    "actor_id",
    "old_done",
    "new_done",
    "note",
    "source",
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
    for plan, key in zip(plans, next_keys(IntroductionPlan, len(plans)), strict=True):
        plan.pk = key  # the items point at their plan before it is written, with its counters
    rows_by_profile = {profile: _template_rows(template_items, profile) for profile in {p.profile for p in plans}}
    areas = list(KnowledgeArea.values)
    # Every done item's tick, as its own row (a million at national scale): a course's completion ticks its
    # items automatically, the others were ticked by hand when they were done (`at`, not the time of writing).
    automatic = fragment(timezone.now(), None, False, True, "", EventSource.AUTOMATIC, AUTOMATIC_NOTE)
    manual = fragment(None, None, False, True, "", EventSource.MANUAL, "")
    items, goals, meetings, ticks = [], [], [], []
    slots: dict[datetime.date, list] = {}
    for plan in plans:
        plan_id, start = plan.pk, plan.start_date
        goals += [(plan_id, area, "", "") for area in areas]
        done_count = 0
        for position, row in enumerate(rows_by_profile[plan.profile]):
            due = checklist_services.due_date_for(start_date=start, due_day=row.due_day)
            done, done_at, version = False, None, 1
            if row.course_id is not None:
                nomination = completed.get((plan.staff_id, row.course_id))
                if nomination is not None:
                    done, done_at, version = True, nomination.completed_at, 2
                    ticks.append((len(items), done_at, f"nomination:{nomination.pk}", automatic))
            else:
                days_left = (due - today).days
                chance = 0.93 if days_left < 0 else (0.3 if days_left < 14 else 0.0)
                if rng.random() < chance:
                    day = min(today, due + datetime.timedelta(days=rng.randint(-5, 3)))
                    done, done_at, version = True, aware(day, rng.randint(8, 16)), 2
                    ticks.append((len(items), done_at, "", manual))
            items.append((plan_id, position, due, done, done_at, version, row.shared))
            done_count += done
        # The plan's item counters, as plan_create and the ticks keep them (every item is in the profile).
        plan.items_in_profile, plan.items_done = len(rows_by_profile[plan.profile]), done_count
        plan.last_due_date = (
            max((item[2] for item in items[-plan.items_in_profile :]), default=None) if plan.items_in_profile else None
        )
        if (today - plan.start_date).days <= MEETINGS_WITHIN_DAYS:
            meetings += _meeting_rows(plan, slots)
    copy_create(IntroductionPlan, plans)
    keys = copy_rows(PlanItem, ITEM_COLUMNS, items, with_keys=True)
    copy_rows(LearningGoal, ["plan_id", "knowledge_area", "goal", "method"], goals)
    copy_rows(PlanMeeting, ["plan_id", "kind", "starts_at", "with_whom_id", "note", "held_note"], meetings)
    copy_rows(PlanItemEvent, EVENT_COLUMNS, ((keys[index], *tick) for index, *tick in ticks))
    # The districts' tally, as plan_create and the ticks keep it (written here with the plans, not by them).
    checklist_services.plan_tally_recount(organisation_id=organisation.pk)
    return {"plans": len(plans), "plan items": len(items), "item events": len(ticks), "meetings": len(meetings)}


@dataclass(frozen=True)
class TemplateRow:
    """What every plan's item from one template item shares, written once (a million and a half rows)."""

    due_day: int
    course_id: int | None  # the course whose completion ticks the item
    shared: Fragment  # template_item_id, phase, title, guidance, responsible_role, done_by_id, in_profile


def _template_rows(template_items: list[TemplateItem], profile: str) -> list[TemplateRow]:
    """The template items a plan of `profile` gets, in order, as plan_create lays them out."""
    return [
        TemplateRow(
            due_day=item.due_day,
            course_id=item.course_id or (item.course_module.course_id if item.course_module_id else None),
            shared=fragment(item.pk, item.phase.phase, item.title, item.guidance, item.responsible_role, None, True),
        )
        for item in template_items
        if item.applies_to(profile)
    ]


# Who a standard meeting is with, as the plan's roles: standard_meetings is asked once per start day with these
# in place of the people, and each plan's meetings take its own people in their place.
_SUPERVISOR, _MANAGER, _MENTOR = -1, -2, -3


def _meeting_rows(plan: IntroductionPlan, slots: dict[datetime.date, list]) -> list[tuple]:
    """The plan's standard meetings as rows (plan, kind and time, with whom, note, held note)."""
    if plan.start_date not in slots:
        prototype = IntroductionPlan(
            start_date=plan.start_date, supervisor_id=_SUPERVISOR, manager_id=_MANAGER, mentor_id=_MENTOR
        )
        slots[plan.start_date] = [
            (fragment(meeting.kind, meeting.starts_at), meeting.with_whom_id)
            for meeting in checklist_services.standard_meetings(plan=prototype)
        ]
    people = {_SUPERVISOR: plan.supervisor_id, _MANAGER: plan.manager_id, _MENTOR: plan.mentor_id, None: None}
    return [(plan.pk, slot, people[whom], "", "") for slot, whom in slots[plan.start_date]]
