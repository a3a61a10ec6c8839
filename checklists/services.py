"""Writes of the checklists app: templates and their versions, plans, ticking, meetings and goals.

Every change of a plan item's state goes through `plan_item_tick` or `plan_item_tick_automatic`, which
lock the row, refuse a stale change and append a history row in the same transaction.
"""

import datetime
import logging
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from checklists import bilaga3
from checklists.models import (
    ALL_PROFILES,
    ChecklistTemplate,
    EventSource,
    IntroductionPlan,
    LearningGoal,
    MeetingKind,
    Phase,
    PlanItem,
    PlanItemEvent,
    PlanMeeting,
    ResponsibleRole,
    TemplateItem,
    TemplatePhase,
    TemplateVersion,
    VersionStatus,
)
from checklists.selectors import can_edit_plan, can_tick_item, current_version_for_organisation
from courses.models import Course, KnowledgeArea
from districts import clock
from districts.models import IntroductionProfile, Organisation, StaffMember

logger = logging.getLogger(__name__)

# A hire without an introduction profile gets the fullest plan; the enhetschef can change it later.
DEFAULT_PROFILE = IntroductionProfile.NEWLY_GRADUATED


# --- templates -------------------------------------------------------------------------------------------


def template_install_default(*, organisation: Organisation) -> ChecklistTemplate | None:
    """Give the organisation the default Bilaga 3 template (published as version 1) unless it has it."""
    with transaction.atomic():
        created = bilaga3.install(
            organisation_id=organisation.pk,
            get_model=lambda name: apps.get_model("checklists", name),
            now=clock.now(),
            course_id_for_kind=lambda kind: (
                Course.objects.filter(organisation=organisation, kind=kind).values_list("pk", flat=True).first()
            ),
        )
    if not created:
        return None
    return ChecklistTemplate.objects.get(organisation=organisation, name=bilaga3.TEMPLATE_NAME)


def _require_draft(version: TemplateVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Version %(number)s är publicerad och kan inte ändras. Skapa ett nytt utkast för att ändra mallen.")
            % {"number": version.number}
        )


def _locked_version(version_id: int) -> TemplateVersion:
    return TemplateVersion.objects.select_for_update().select_related("template").get(pk=version_id)


@transaction.atomic
def template_version_draft(*, template: ChecklistTemplate, actor) -> TemplateVersion:
    """Return the template's draft, creating it as a copy of the published version when there is none."""
    ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    draft = template.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    source = template.versions.filter(status=VersionStatus.PUBLISHED).first()
    number = (template.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = TemplateVersion.objects.create(template=template, number=number, created_by=actor)
    if source is None:
        for position, (phase, label) in enumerate(Phase.choices):
            TemplatePhase.objects.create(version=draft, phase=phase, title=str(label), position=position)
        return draft
    phase_copies = {}
    for phase in source.phases.all():
        phase_copies[phase.pk] = TemplatePhase.objects.create(
            version=draft, phase=phase.phase, title=phase.title, position=phase.position
        )
    TemplateItem.objects.bulk_create(
        TemplateItem(
            version=draft,
            phase=phase_copies[item.phase_id],
            title=item.title,
            guidance=item.guidance,
            responsible_role=item.responsible_role,
            due_day=item.due_day,
            profiles=list(item.profiles),
            position=item.position,
            course_id=item.course_id,
            course_module_id=item.course_module_id,
        )
        for item in source.items.all()
    )
    return draft


@transaction.atomic
def template_version_publish(*, version: TemplateVersion, actor) -> TemplateVersion:
    """Make the draft the version new plans use; the previously published one is retired."""
    version = _locked_version(version.pk)
    _require_draft(version)
    if not version.items.exists():
        raise ValidationError(_("Ett utkast utan punkter kan inte publiceras."))
    TemplateVersion.objects.filter(template_id=version.template_id, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.RETIRED
    )
    version.status = VersionStatus.PUBLISHED
    version.published_at = clock.now()
    version.published_by = actor
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


def _clean_course_link(*, version: TemplateVersion, course, course_module) -> None:
    organisation_id = version.template.organisation_id
    if course is not None and course.organisation_id != organisation_id:
        raise ValidationError({"course": _("Kursen hör inte till organisationen.")})
    if course_module is not None and course_module.course.organisation_id != organisation_id:
        raise ValidationError({"course_module": _("Modulen hör inte till organisationen.")})


def _clean_item_fields(*, title: str, responsible_role: str, due_day: int, profiles: list[str]) -> None:
    if not title.strip():
        raise ValidationError({"title": _("Ange en rubrik för punkten.")})
    if responsible_role not in ResponsibleRole.values:
        raise ValidationError({"responsible_role": _("Välj vem som ansvarar.")})
    if not -90 <= due_day <= 1095:
        raise ValidationError({"due_day": _("Dagen måste ligga mellan -90 och 1095.")})
    if not profiles or set(profiles) - set(ALL_PROFILES):
        raise ValidationError({"profiles": _("Välj minst en introduktionsprofil.")})


@transaction.atomic
def template_item_create(
    *,
    version: TemplateVersion,
    phase: TemplatePhase,
    title: str,
    guidance: str = "",
    responsible_role: str,
    due_day: int,
    profiles: list[str],
    course: Course | None = None,
    course_module=None,
) -> TemplateItem:
    """Add an item to a draft version, last in its phase."""
    version = _locked_version(version.pk)
    _require_draft(version)
    if phase.version_id != version.pk:
        raise ValidationError({"phase": _("Fasen hör inte till den här versionen.")})
    _clean_item_fields(title=title, responsible_role=responsible_role, due_day=due_day, profiles=profiles)
    _clean_course_link(version=version, course=course, course_module=course_module)
    position = (phase.items.aggregate(highest=Max("position"))["highest"] or 0) + 1
    return TemplateItem.objects.create(
        version=version,
        phase=phase,
        title=title.strip(),
        guidance=guidance,
        responsible_role=responsible_role,
        due_day=due_day,
        profiles=list(profiles),
        position=position,
        course=course,
        course_module=course_module,
    )


@transaction.atomic
def template_item_update(*, item: TemplateItem, **fields) -> TemplateItem:
    """Change an item of a draft version."""
    version = _locked_version(item.version_id)
    _require_draft(version)
    for name, value in fields.items():
        setattr(item, name, value)
    if item.phase.version_id != item.version_id:
        raise ValidationError({"phase": _("Fasen hör inte till den här versionen.")})
    _clean_item_fields(
        title=item.title, responsible_role=item.responsible_role, due_day=item.due_day, profiles=item.profiles
    )
    _clean_course_link(version=version, course=item.course, course_module=item.course_module)
    item.save()
    return item


@transaction.atomic
def template_item_delete(*, item: TemplateItem) -> None:
    """Remove an item from a draft version."""
    _require_draft(_locked_version(item.version_id))
    item.delete()


@transaction.atomic
def template_item_move(*, item: TemplateItem, up: bool) -> None:
    """Swap the item with its neighbour above (or below) in its phase."""
    _require_draft(_locked_version(item.version_id))
    siblings = list(item.phase.items.order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            TemplateItem.objects.filter(pk=sibling.pk).update(position=position)


# --- plans -----------------------------------------------------------------------------------------------


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
    version = template_version or current_version_for_organisation(staff.organisation_id)
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
            PlanItem.objects.bulk_create(
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
        _record_event(item=item, actor=actor, description=added_description)
    plan.profile = profile
    plan.save(update_fields=["profile"])
    return plan


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


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


# Months after the start of the manager's check-ins (about 1, 4, 6 and 12 months).
CHECK_IN_DAYS = (30, 121, 182, 365)


def plan_meetings_generate(*, plan: IntroductionPlan) -> int:
    """Book the standard meetings: weekly supervision the first year, check-ins, fadder and reflection times."""
    start = _weekday_on_or_after(plan.start_date)
    meetings = [
        PlanMeeting(
            plan=plan,
            kind=MeetingKind.SUPERVISION,
            starts_at=_at(start + datetime.timedelta(weeks=week), 10),
            with_whom=plan.supervisor,
        )
        for week in range(52)
    ]
    meetings += [
        PlanMeeting(
            plan=plan,
            kind=MeetingKind.MANAGER_CHECK_IN,
            starts_at=_at(_weekday_on_or_after(plan.start_date + datetime.timedelta(days=days)), 13),
            with_whom=plan.manager,
        )
        for days in CHECK_IN_DAYS
    ]
    meetings += [
        PlanMeeting(
            plan=plan,
            kind=MeetingKind.MENTOR,
            starts_at=_at(start + datetime.timedelta(weeks=week), 14),
            with_whom=plan.mentor,
        )
        for week in range(4)
    ]
    meetings += [
        PlanMeeting(
            plan=plan, kind=MeetingKind.REFLECTION, starts_at=_at(start + datetime.timedelta(weeks=2 + 4 * month), 15)
        )
        for month in range(4)
    ]
    created = PlanMeeting.objects.bulk_create(meetings, ignore_conflicts=True)
    return len(created)


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
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Välj typ av möte.")})
    _check_day_in_range(starts_at.date(), "starts_at")
    try:
        with transaction.atomic():
            return PlanMeeting.objects.create(plan=plan, kind=kind, starts_at=starts_at, with_whom=with_whom)
    except IntegrityError as error:
        raise ValidationError(_("Ett likadant möte är redan bokat vid den tiden.")) from error


# --- ticking ---------------------------------------------------------------------------------------------


class StaleItemError(ValidationError):
    """The item changed after the page was loaded; carries the item as it is now."""

    def __init__(self, item: PlanItem):
        super().__init__(
            _("Punkten har just ändrats av någon annan. Den visas nu som den är; bocka igen om det behövs.")
        )
        self.item = item


def _record_change(*, item: PlanItem, actor, done: bool, note: str, source: str, reference: str, description: str):
    old_done = item.done
    item.done = done
    item.done_by = actor if done else None
    item.done_at = clock.now() if done else None
    item.version = F("version") + 1
    item.save(update_fields=["done", "done_by", "done_at", "version"])
    item.refresh_from_db(fields=["version"])
    PlanItemEvent.objects.create(
        item=item,
        actor=actor,
        old_done=old_done,
        new_done=done,
        note=note,
        source=source,
        reference=reference,
        description=description,
    )


@transaction.atomic
def plan_item_tick(*, item_id: int, actor, done: bool, expected_version: int, note: str = "") -> PlanItem:
    """Tick or untick an item, refusing when it changed since `expected_version` was read."""
    item = PlanItem.objects.select_for_update().get(pk=item_id)
    plan = IntroductionPlan.objects.select_related("staff").get(pk=item.plan_id)
    if not can_tick_item(actor, item, plan):
        raise PermissionDenied
    if len(note) > 2000:
        raise ValidationError(_("Anteckningen får vara högst 2000 tecken."))
    if item.version != expected_version:
        raise StaleItemError(item)
    if item.done == done and not note:
        return item
    _record_change(
        item=item, actor=actor, done=done, note=note.strip(), source=EventSource.MANUAL, reference="", description=""
    )
    return item


@transaction.atomic
def plan_items_tick_automatic(
    *, staff_id: int, template_item_filter: dict, reference: str, description: str
) -> list[PlanItem]:
    """Tick the staff member's open items linked to a course record; safe to call twice."""
    items = list(
        PlanItem.objects.select_for_update()
        .filter(
            plan__staff_id=staff_id, done=False, **{f"template_item__{k}": v for k, v in template_item_filter.items()}
        )
        .order_by("pk")
    )
    for item in items:
        _record_change(
            item=item,
            actor=None,
            done=True,
            note="",
            source=EventSource.AUTOMATIC,
            reference=reference,
            description=description,
        )
    return items
