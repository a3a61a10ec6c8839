"""Writes of introduction plans: laying a plan out for a hire, changing its profile, people and goals."""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from checklists.models import (
    IntroductionPlan,
    LearningGoal,
    MeetingKind,
    PlanItem,
    PlanItemEvent,
    PlanMeeting,
    PlanStatus,
    TemplateVersion,
    VersionStatus,
)
from checklists.permissions import can_edit_plan
from checklists.selectors import current_version_for_organisation
from checklists.services.counters import plan_counters_add
from checklists.services.meetings import plan_meetings_generate
from checklists.services.tallies import plan_tally_add_plans
from checklists.services.ticking import closed_plan_message
from courses.models import KnowledgeArea
from districts.models import IntroductionProfile, StaffMember

logger = logging.getLogger(__name__)

# A hire without an introduction profile gets the fullest plan; the enhetschef can change it later.
DEFAULT_PROFILE = IntroductionProfile.NEWLY_GRADUATED


@dataclass(frozen=True)
class Responsible:
    manager: StaffMember | None
    supervisor: StaffMember | None
    mentor: StaffMember | None


def _resolve_responsible(staff: StaffMember) -> Responsible:
    """Find the hire's enhetschef (the unit's manager), 1:e socialsekreterare and fadder."""
    manager = None
    if staff.unit_id:
        manager = (
            StaffMember.objects.filter(unit_id=staff.unit_id, roles__role="enhetschef", employment_end__isnull=True)
            .exclude(pk=staff.pk)
            .order_by("pk")
            .first()
        )
    return Responsible(manager=manager, supervisor=staff.supervisor, mentor=staff.mentor)


# Dates a plan may use: plans are laid out years ahead at most, and a date picker can send year 1 or
# 9999, whose due dates (up to 90 days before, three years after) would overflow.
EARLIEST_DAY, LATEST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


def _check_day_in_range(day: datetime.date, field: str) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError(
            {field: _("Ange ett datum mellan %(first)s och %(last)s.") % {"first": EARLIEST_DAY, "last": LATEST_DAY}}
        )


def due_date_for(*, start_date: datetime.date, due_day: int) -> datetime.date:
    """Return the working day an item is due: `due_day` days from the start, moved off a weekend.

    An item due before or on the first working day moves back to the Friday before (it prepares the
    start, so it must be done by then); a later one moves on to the Monday after (nobody can do it on
    a Saturday, and moving it earlier would shorten the time the template gives).
    """
    day = start_date + datetime.timedelta(days=due_day)
    if day.weekday() < 5:
        return day
    if due_day <= 0:
        return day - datetime.timedelta(days=day.weekday() - 4)
    return day + datetime.timedelta(days=7 - day.weekday())


def plan_create(
    *,
    staff: StaffMember,
    actor=None,
    profile: str = "",
    template_version: TemplateVersion | None = None,
    start_date: datetime.date | None = None,
) -> IntroductionPlan:
    """Lay out the hire's plan from the current template version: dated items, goals and booked meetings."""
    start_date = start_date or staff.employment_start
    if start_date is None:
        raise ValidationError(_("Ange anställningens första dag innan planen skapas."))
    _check_day_in_range(start_date, "start_date")
    profile = profile or staff.introduction_profile or DEFAULT_PROFILE
    if profile not in IntroductionProfile.values:
        raise ValidationError({"profile": _("Välj en introduktionsprofil.")})
    version = template_version or current_version_for_organisation(organisation_id=staff.organisation_id)
    if version is None:
        raise ValidationError(_("Organisationen har ingen publicerad checklistmall."))
    if version.status != VersionStatus.PUBLISHED or version.template.organisation_id != staff.organisation_id:
        raise ValidationError(_("Välj en publicerad mallversion i den egna organisationen."))
    responsible = _resolve_responsible(staff)
    try:
        with transaction.atomic():
            plan = IntroductionPlan.objects.create(
                staff=staff,
                template_version=version,
                profile=profile,
                start_date=start_date,
                manager=responsible.manager,
                supervisor=responsible.supervisor,
                mentor=responsible.mentor,
                created_by=actor,
            )
            plan_tally_add_plans(plan_ids=[plan.pk])  # with no items yet: plan_counters_add below moves its row
            created = PlanItem.objects.bulk_create(
                PlanItem(
                    plan=plan,
                    template_item=item,
                    phase=item.phase.phase,
                    position=index,
                    title=item.title,
                    guidance=item.guidance,
                    responsible_role=item.responsible_role,
                    due_date=due_date_for(start_date=start_date, due_day=item.due_day),
                )
                for index, item in enumerate(
                    version.items.select_related("phase").order_by("phase__position", "position")
                )
                if item.applies_to(profile)
            )
            plan_counters_add(
                plan_id=plan.pk,
                in_profile=len(created),
                due_date=max((item.due_date for item in created), default=None),
            )
            LearningGoal.objects.bulk_create(
                LearningGoal(plan=plan, knowledge_area=area) for area in KnowledgeArea.values
            )
            plan_meetings_generate(plan=plan)
    except IntegrityError as error:
        if IntroductionPlan.objects.filter(staff=staff).exists():
            raise ValidationError(_("%(name)s har redan en introduktionsplan.") % {"name": staff.full_name}) from error
        raise
    return plan


@transaction.atomic
def plan_change_profile(*, plan: IntroductionPlan, actor, profile: str) -> IntroductionPlan:
    """Lay the plan out again for another introduction profile without losing anything recorded.

    The rule: no item is ever deleted. Items of the plan's template version that the new profile
    does not include stay, with their ticks and history, marked as outside the profile (they no
    longer count in progress, overdue or reminders); items it includes that the plan lacks are
    added with due dates from the start; items back in the profile count again. Each such change
    is a history row on the item.
    """
    if not can_edit_plan(actor, plan):
        raise PermissionDenied
    _refuse_closed(plan)
    if profile not in IntroductionProfile.values:
        raise ValidationError({"profile": _("Välj en introduktionsprofil.")})
    plan = IntroductionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.profile == profile:
        return plan
    old_label, new_label = IntroductionProfile(plan.profile).label, IntroductionProfile(profile).label
    items = list(plan.items.select_for_update(of=("self",)).select_related("template_item").order_by("pk"))
    for item in items:
        # Items added by hand (no template item) belong to the plan whatever its profile.
        belongs = item.template_item is None or item.template_item.applies_to(profile)
        if belongs == item.in_profile:
            continue
        item.in_profile = belongs
        item.version = F("version") + 1
        item.save(update_fields=["in_profile", "version"])
        moved = 1 if belongs else -1
        plan_counters_add(plan_id=plan.pk, in_profile=moved, done=moved if item.done else 0)
        description = (
            _("Åter i planen vid byte av profil från %(old)s till %(new)s")
            if belongs
            else _("Utanför profilen vid byte från %(old)s till %(new)s")
        ) % {"old": old_label, "new": new_label}
        _record_event(item=item, actor=actor, description=description)
    present = {item.template_item_id for item in items if item.template_item_id}
    position = max((item.position for item in items), default=-1) + 1
    added_description = _("Tillagd vid byte av profil från %(old)s till %(new)s") % {
        "old": old_label,
        "new": new_label,
    }
    for template_item in plan.template_version.items.select_related("phase").order_by("phase__position", "position"):
        if template_item.pk in present or not template_item.applies_to(profile):
            continue
        item = PlanItem.objects.create(
            plan=plan,
            template_item=template_item,
            phase=template_item.phase.phase,
            position=position,
            title=template_item.title,
            guidance=template_item.guidance,
            responsible_role=template_item.responsible_role,
            due_date=due_date_for(start_date=plan.start_date, due_day=template_item.due_day),
        )
        position += 1
        plan_counters_add(plan_id=plan.pk, in_profile=1, due_date=item.due_date)
        _record_event(item=item, actor=actor, description=added_description)
    plan.profile = profile
    plan.save(update_fields=["profile"])
    return plan


def _refuse_closed(plan: IntroductionPlan) -> None:
    """Refuse any change to a closed plan (read from the database: the page may show it as it was)."""
    if IntroductionPlan.objects.filter(pk=plan.pk, status=PlanStatus.CLOSED).exists():
        raise ValidationError(closed_plan_message())


def _record_event(*, item: PlanItem, actor, description: str) -> None:
    """Append a history row that changes nothing about done (a profile change, an added item)."""
    done = PlanItem.objects.values_list("done", flat=True).get(pk=item.pk)
    PlanItemEvent.objects.create(item_id=item.pk, actor=actor, old_done=done, new_done=done, description=description)


def plans_create_for_new_hires(*, staff_ids: list[int]) -> int:
    """Lay out a plan for each of these staff that has an employment start and no plan; return how many. Idempotent."""
    hires = StaffMember.objects.filter(
        pk__in=staff_ids, employment_start__isnull=False, introduction_plan__isnull=True
    ).select_related("unit", "supervisor", "mentor")
    created = 0
    for staff in hires:
        try:
            plan_create(staff=staff)
        except ValidationError as error:
            # e.g. the organisation has no published template, or another request just made the plan
            logger.info("no plan created for staff %s: %s", staff.pk, "; ".join(error.messages))
        else:
            created += 1
    return created


@transaction.atomic
def plan_update(
    *,
    plan: IntroductionPlan,
    actor,
    manager: StaffMember | None,
    supervisor: StaffMember | None,
    mentor: StaffMember | None,
    notes: str,
    goals: dict[str, tuple[str, str]],
    profile: str | None = None,
) -> IntroductionPlan:
    """Change the plan's responsible people, notes, learning goals (`goals`: area -> (goal, how)) and profile."""
    if not can_edit_plan(actor, plan):
        raise PermissionDenied
    _refuse_closed(plan)
    for person in (manager, supervisor, mentor):
        if person is not None and person.organisation_id != plan.staff.organisation_id:
            raise ValidationError(_("Ansvariga måste höra till samma organisation."))
        if person is not None and person.pk == plan.staff_id:
            raise ValidationError(_("Den nyanställda kan inte vara sin egen ansvariga."))
    plan.manager, plan.supervisor, plan.mentor, plan.notes = manager, supervisor, mentor, notes
    plan.save(update_fields=["manager", "supervisor", "mentor", "notes"])
    for area, (goal, method) in goals.items():
        if area not in KnowledgeArea.values:
            raise ValidationError(_("Okänt kunskapsområde."))
        LearningGoal.objects.update_or_create(plan=plan, knowledge_area=area, defaults={"goal": goal, "method": method})
    if profile is not None and profile != plan.profile:
        plan = plan_change_profile(plan=plan, actor=actor, profile=profile)
    return plan


def plan_meeting_create(
    *, plan: IntroductionPlan, actor, kind: str, starts_at: datetime.datetime, with_whom: StaffMember | None
) -> PlanMeeting:
    """Book one more meeting on the plan."""
    if not can_edit_plan(actor, plan):
        raise PermissionDenied
    _refuse_closed(plan)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Välj typ av möte.")})
    _check_day_in_range(starts_at.date(), "starts_at")
    try:
        with transaction.atomic():
            return PlanMeeting.objects.create(plan=plan, kind=kind, starts_at=starts_at, with_whom=with_whom)
    except IntegrityError as error:
        raise ValidationError(_("Ett likadant möte är redan bokat vid den tiden.")) from error
