"""Reads of the checklists app, scoped through districts.access and joined so a page's query count stays flat.

Who may tick an item (`can_tick_item`): the person responsible for it (the hire for their own items,
the fadder for fadder items, HR for HR items), and for every item the hire's enhetschef and
1:e socialsekreterare (named on the plan, or the unit's manager / the hire's supervisor now).
Coordinators, områdeschef and utbildarstöd read plans but do not tick: the checklist records
what the people around the hire did.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Min, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from checklists.models import (
    PHASE_ORDER,
    ChecklistTemplate,
    IntroductionPlan,
    Phase,
    PlanExport,
    PlanItem,
    PlanItemEvent,
    PlanStatus,
    ResponsibleRole,
    TemplateItem,
    TemplateVersion,
    VersionStatus,
)
from districts import access, clock
from districts import selectors as district_selectors
from districts.models import Role, StaffMember

# Each ends on the primary key, so that pages never share or skip a row when names or dates are equal.
SORTS = {
    "namn": ("staff__last_name", "staff__first_name", "pk"),
    "start": ("-start_date", "staff__last_name", "pk"),
    "framsteg": ("progress", "staff__last_name", "pk"),
    "-framsteg": ("-progress", "staff__last_name", "pk"),
    "forsenade": ("-overdue_count", "staff__last_name", "pk"),
    "-forsenade": ("overdue_count", "staff__last_name", "pk"),
}


# Which plans the list pages show. A plan is in progress while its hire is within the two-year programme plus the
# ~4 months a late Del 2 or the last items may take: decided by start date alone, so the filter uses plan_start_idx
# and never has to read the items (open items of older plans show under "Alla" and "Avslutade").
IN_PROGRESS_DAYS = 2 * 365 + 122
PLAN_STATES = {"pagaende": _("Pågående"), "alla": _("Alla"), "avslutade": _("Avslutade")}
DEFAULT_PLAN_STATE = "pagaende"


def current_version_for_organisation(organisation_id: int) -> TemplateVersion | None:
    """Return the published version new plans use: the default Bilaga 3 template's, else the oldest template's."""
    from checklists.bilaga3 import TEMPLATE_NAME

    versions = (
        TemplateVersion.objects.filter(template__organisation_id=organisation_id, status=VersionStatus.PUBLISHED)
        .select_related("template")
        .annotate(is_default=Case(When(template__name=TEMPLATE_NAME, then=Value(0)), default=Value(1)))
        .order_by("is_default", "template__created_at", "template_id")
    )
    return versions.first()


# --- access rules ---------------------------------------------------------------------------------------


def can_tick_item(user, item: PlanItem, plan: IntroductionPlan) -> bool:
    """Return whether the user may tick or untick this item (see the module docstring)."""
    scope = access.scope_for(user)
    if scope.is_superuser:
        return True
    if scope.staff_id is None or not visible_plans(user).filter(pk=plan.pk).exists():
        return False
    if _is_hires_manager_or_supervisor(scope, plan):
        return True
    role = item.responsible_role
    return (
        (role == ResponsibleRole.HIRE and scope.staff_id == plan.staff_id)
        or (role == ResponsibleRole.FADDER and scope.staff_id == plan.mentor_id)
        or (role == ResponsibleRole.HR and scope.has_role(Role.HR))
    )


def _is_hires_manager_or_supervisor(scope: access.Scope, plan: IntroductionPlan) -> bool:
    if scope.staff_id in (plan.manager_id, plan.supervisor_id):
        return True
    if scope.has_role(Role.ENHETSCHEF) and scope.unit_id and scope.unit_id == plan.staff.unit_id:
        return True
    return scope.has_role(Role.FORSTE_SOCIALSEKRETERARE) and plan.staff.supervisor_id == scope.staff_id


def can_edit_plan(user, plan: IntroductionPlan) -> bool:
    """Return whether the user may change the plan's people, goals, notes and meetings."""
    scope = access.scope_for(user)
    if scope.is_superuser:
        return True
    if scope.staff_id is None or not visible_plans(user).filter(pk=plan.pk).exists():
        return False
    if _is_hires_manager_or_supervisor(scope, plan):
        return True
    return (
        access.has_capability(user, access.Capability.MANAGE_PLANS)
        and access.changeable_staff(user).filter(pk=plan.staff_id).exists()
    )


def tickable_item_ids(user, plan: IntroductionPlan, items) -> set[int]:
    """Return the ids of the plan's items the user may tick, the plan-wide part decided once (none when closed)."""
    if plan.is_closed:
        return set()
    scope = access.scope_for(user)
    if scope.is_superuser or (scope.staff_id and _is_hires_manager_or_supervisor(scope, plan)):
        return {item.pk for item in items}
    if scope.staff_id is None:
        return set()
    own_roles = set()
    if scope.staff_id == plan.staff_id:
        own_roles.add(ResponsibleRole.HIRE)
    if scope.staff_id == plan.mentor_id:
        own_roles.add(ResponsibleRole.FADDER)
    if scope.has_role(Role.HR):
        own_roles.add(ResponsibleRole.HR)
    return {item.pk for item in items if item.responsible_role in own_roles}


# --- plans ----------------------------------------------------------------------------------------------


def visible_plans(user) -> QuerySet[IntroductionPlan]:
    """Return the plans of the staff the user may see."""
    return access.restrict_by_staff(user, IntroductionPlan.objects.all(), "staff")


def with_progress(plans: QuerySet[IntroductionPlan], *, today: datetime.date | None = None) -> QuerySet:
    """Annotate item counts, percent done, overdue count and next due date, and join what lists show.

    The counts of items and done items are the plan's own counters (kept by the services); only what depends on
    today (overdue, next due) is counted from the items."""
    today = today or clock.today()
    return with_stored_progress(plans.select_related("staff__unit__district")).annotate(
        # A closed plan (the hire has left) is overdue with nothing.
        overdue_count=Count(
            "items",
            filter=Q(status=PlanStatus.ACTIVE, items__in_profile=True, items__done=False, items__due_date__lt=today),
        ),
        next_due=Min("items__due_date", filter=Q(items__in_profile=True, items__done=False)),
    )


def with_stored_progress(plans: QuerySet[IntroductionPlan]) -> QuerySet:
    """Annotate the items in profile, those done and the percent done from the plan's counters (no join)."""
    return plans.annotate(
        item_total=F("items_in_profile"),
        item_done=F("items_done"),
        progress=Case(
            When(items_in_profile=0, then=Value(0)),
            default=100 * F("items_done") / F("items_in_profile"),
            output_field=IntegerField(),
        ),
    )


def in_progress_since(today: datetime.date | None = None) -> datetime.date:
    """Return the earliest start date of a plan still in progress (see IN_PROGRESS_DAYS)."""
    return (today or clock.today()) - datetime.timedelta(days=IN_PROGRESS_DAYS)


def plan_state(value: str | None) -> str:
    """Return the list filter's state for a query value, the default (in progress) when unknown."""
    return value if value in PLAN_STATES else DEFAULT_PLAN_STATE


def plans_in_state(plans: QuerySet, state: str, *, today: datetime.date | None = None) -> QuerySet:
    """Keep the plans in progress ("pagaende"), finished ("avslutade") or all ("alla").

    A plan is finished when its start is past the programme's length or when it was closed (the hire left).
    """
    state = plan_state(state)
    if state == "alla":
        return plans
    since = in_progress_since(today)
    if state == "pagaende":
        return plans.filter(start_date__gte=since, status=PlanStatus.ACTIVE)
    return plans.filter(Q(start_date__lt=since) | Q(status=PlanStatus.CLOSED))


def sorted_plans(plans: QuerySet, sort: str) -> QuerySet:
    if sort in SORTS_ON_STORED_PROGRESS and "progress" not in plans.query.annotations:
        plans = with_stored_progress(plans)
    return plans.order_by(*SORTS.get(sort, SORTS["namn"]))


# Sorts that need no counted items: a page of them is chosen from the plain plans, and only its rows are counted
# (progress is the plans' stored counters).
SORTS_ON_STORED_PROGRESS = frozenset({"framsteg", "-framsteg"})
SORTS_ON_PLAIN_FIELDS = frozenset({"namn", "start"}) | SORTS_ON_STORED_PROGRESS


def with_progress_in_order(plans) -> list[IntroductionPlan]:
    """Return these plans (one page, already in order) with `with_progress`'s counts, in the same order.

    Counting the items of one page instead of every plan in the list keeps a page's cost to its 25 rows: under
    "Alla" at national scale the plans of ten years hold ~130 times the items of those in progress."""
    ids = [plan.pk for plan in plans]
    counted = {plan.pk: plan for plan in with_progress(IntroductionPlan.objects.filter(pk__in=ids))}
    return [counted[pk] for pk in ids]


def my_hire_plans(user, *, state: str = DEFAULT_PLAN_STATE) -> QuerySet[IntroductionPlan]:
    """Return the plain plans of the hires the user supervises (as 1:e socialsekreterare), in the given state."""
    scope = access.scope_for(user)
    plans = visible_plans(user).filter(Q(supervisor_id=scope.staff_id) | Q(staff__supervisor_id=scope.staff_id))
    return plans_in_state(plans, state)


def my_current_hire_plans(user, *, today: datetime.date | None = None) -> QuerySet[IntroductionPlan]:
    """Return the plans of the user's current hires as 1:e socialsekreterare (districts.selectors.current_hires).

    The dashboard's panels count these same people, so the plan panel and the hires panel agree.
    """
    scope = access.scope_for(user)
    hires = district_selectors.hires_supervised_by(scope.staff_id, today=today)
    return visible_plans(user).filter(staff__in=hires.values("pk"))


def unit_current_plans(user, *, today: datetime.date | None = None) -> QuerySet[IntroductionPlan]:
    """Return the plans of the current hires of the user's own unit (districts.selectors.current_hires)."""
    scope = access.scope_for(user)
    hires = district_selectors.hires_of_unit(scope.unit_id, today=today)
    return visible_plans(user).filter(staff__in=hires.values("pk"))


def hires_to_follow(user, *, today: datetime.date | None = None) -> list[StaffMember]:
    """Return the current hires the user follows: their unit's as enhetschef, those they supervise as 1:e, by name."""
    scope = access.scope_for(user)
    hires = StaffMember.objects.none()
    if scope.has_role(Role.ENHETSCHEF) and scope.unit_id:
        hires |= district_selectors.hires_of_unit(scope.unit_id, today=today)
    if scope.has_role(Role.FORSTE_SOCIALSEKRETERARE):
        hires |= district_selectors.hires_supervised_by(scope.staff_id, today=today)
    visible = access.visible_staff(user).filter(pk__in=hires.values("pk"))
    return list(visible.order_by("last_name", "first_name", "pk"))


def plan_ids_of(staff_members) -> dict[int, int]:
    """Return the plan id of each of these staff members that has a plan."""
    return dict(
        IntroductionPlan.objects.filter(staff__in=[person.pk for person in staff_members]).values_list("staff_id", "pk")
    )


def my_hires(user, *, sort: str = "namn", state: str = DEFAULT_PLAN_STATE) -> QuerySet:
    """Return the plans of the hires the user supervises, with progress, in progress unless `state` says otherwise."""
    return sorted_plans(with_progress(my_hire_plans(user, state=state)), sort)


def unit_plans_plain(user, *, state: str = DEFAULT_PLAN_STATE) -> QuerySet[IntroductionPlan]:
    """Return the plain plans of the user's own unit in the given state (cheap to count)."""
    scope = access.scope_for(user)
    return plans_in_state(visible_plans(user).filter(staff__unit_id=scope.unit_id), state)


def unit_plans(user, *, sort: str = "namn", state: str = DEFAULT_PLAN_STATE) -> QuerySet:
    """Return the plans of the user's own unit, with progress, in progress unless `state` says otherwise."""
    return sorted_plans(with_progress(unit_plans_plain(user, state=state)), sort)


SEARCH_MAX_LENGTH = 100


def matching_name(plans: QuerySet, search: str) -> QuerySet:
    """Keep the plans whose hire's name or work e-mail holds every word of `search` ("anna berg", "berg")."""
    for word in search.split()[:5]:
        plans = plans.filter(
            Q(staff__first_name__icontains=word)
            | Q(staff__last_name__icontains=word)
            | Q(staff__work_email__icontains=word)
        )
    return plans


def district_plans_plain(
    user, *, district_id: int | None, state: str = DEFAULT_PLAN_STATE, search: str = ""
) -> QuerySet[IntroductionPlan]:
    """Return the plain visible plans in the given state, of one district when given (cheap to count)."""
    plans = visible_plans(user)
    if district_id:
        plans = plans.filter(staff__unit__district_id=district_id)
    if search:
        plans = matching_name(plans, search)
    return plans_in_state(plans, state)


def district_plans(
    user, *, district_id: int | None, sort: str = "namn", state: str = DEFAULT_PLAN_STATE, search: str = ""
) -> QuerySet:
    """Return the visible plans with progress, of one district when given, in progress unless `state` says otherwise.

    Only the shown state is aggregated: at national scale all plans of ten years are ~130 times the items of the
    plans in progress."""
    plain = district_plans_plain(user, district_id=district_id, state=state, search=search)
    return sorted_plans(with_progress(plain), sort)


def district_summaries(user, *, state: str = DEFAULT_PLAN_STATE, today: datetime.date | None = None) -> list[dict]:
    """Return one row per visible district with plans in the given state: plans, items done of total, overdue items.

    The plans, their items and the done ones are summed from the plans' counters; only the overdue items (which
    depend on today) are counted, through the index of open items by due date."""
    today = today or clock.today()
    plans = plans_in_state(visible_plans(user), state, today=today)
    district = "staff__unit__district_id"
    totals = {
        row[district]: row
        for row in plans.order_by()
        .values(district, "staff__unit__district__name")
        .annotate(plan_count=Count("pk"), item_count=Sum("items_in_profile"), done_count=Sum("items_done"))
    }
    overdue = dict(
        PlanItem.objects.filter(
            plan__in=plans.filter(status=PlanStatus.ACTIVE).values("pk"),
            in_profile=True,
            done=False,
            due_date__lt=today,
        )
        .order_by()
        .values_list("plan__staff__unit__district_id")
        .annotate(count=Count("pk"))
        .values_list("plan__staff__unit__district_id", "count")
    )
    rows = [
        {
            "plan__staff__unit__district_id": key,
            "plan__staff__unit__district__name": row["staff__unit__district__name"],
            "item_count": row["item_count"] or 0,
            "done_count": row["done_count"] or 0,
            "overdue_count": overdue.get(key, 0),
        }
        for key, row in totals.items()
        if row["item_count"]
    ]
    summaries = [{**row, "plan_count": totals[row["plan__staff__unit__district_id"]]["plan_count"]} for row in rows]
    return sorted(
        summaries,
        key=lambda row: (
            row["plan__staff__unit__district__name"] is None,
            row["plan__staff__unit__district__name"] or "",
        ),
    )


def unit_hires_without_plan(user, *, limit: int = 50) -> QuerySet[StaffMember]:
    """Return the hires of the user's own unit that have a start date but no plan yet, newest first."""
    scope = access.scope_for(user)
    return (
        access.changeable_staff(user)
        .filter(unit_id=scope.unit_id, introduction_plan__isnull=True, employment_start__isnull=False)
        .select_related("unit")
        .order_by("-employment_start")[:limit]
    )


def plan_colleagues(plan: IntroductionPlan) -> QuerySet[StaffMember]:
    """Return who may be named on the plan (manager, supervisor, fadder, meetings): the organisation's current staff."""
    return StaffMember.objects.filter(organisation_id=plan.staff.organisation_id, employment_end__isnull=True).order_by(
        "last_name", "first_name"
    )


def plan_for_page(user, plan_id: int) -> IntroductionPlan:
    """Return a visible plan with everything its page shows, or raise DoesNotExist."""
    return plans_with_everything(visible_plans(user)).get(pk=plan_id)


def plans_with_everything(plans: QuerySet[IntroductionPlan]) -> QuerySet[IntroductionPlan]:
    """Join and prefetch what the plan page and its PDF show."""
    events = PlanItemEvent.objects.select_related("actor__staff_member").order_by("-at", "-pk")
    return plans.select_related(
        "staff__unit__district", "manager", "supervisor", "mentor", "template_version__template"
    ).prefetch_related(
        Prefetch("items", queryset=PlanItem.objects.select_related("done_by__staff_member")),
        Prefetch("items__events", queryset=events),
        "goals",
        Prefetch("meetings", queryset=_meetings()),
    )


def _meetings():
    from checklists.models import PlanMeeting

    return PlanMeeting.objects.select_related("with_whom").order_by("starts_at")


def item_for_row(item_id: int) -> PlanItem:
    """Return one item with what its row shows."""
    return (
        PlanItem.objects.select_related("done_by__staff_member", "plan__staff")
        .prefetch_related(Prefetch("events", queryset=PlanItemEvent.objects.select_related("actor__staff_member")))
        .get(pk=item_id)
    )


@dataclass
class PhaseGroup:
    phase: str
    label: str
    items: list = field(default_factory=list)


def items_by_phase(items) -> list[PhaseGroup]:
    """Group items into the six phases in order, each sorted by due date."""
    groups = {value: PhaseGroup(value, label) for value, label in Phase.choices}
    for item in sorted(items, key=lambda item: (PHASE_ORDER.get(item.phase, 99), item.due_date, item.position)):
        groups[item.phase].items.append(item)
    return [group for group in groups.values() if group.items]


def responsible_person(plan: IntroductionPlan, role: str):
    """Return the staff member who carries the role on this plan (None for HR: anyone in HR)."""
    return {
        ResponsibleRole.ENHETSCHEF: plan.manager,
        ResponsibleRole.FORSTE_SOCIALSEKRETERARE: plan.supervisor,
        ResponsibleRole.FADDER: plan.mentor,
        ResponsibleRole.HIRE: plan.staff,
    }.get(role)


def plan_progress(plan: IntroductionPlan, items, *, today: datetime.date | None = None) -> dict:
    """Compute percent done, overdue count and next open item from already loaded items (those in the profile)."""
    today = today or clock.today()
    items = [item for item in items if item.in_profile]
    total = len(items)
    done = sum(1 for item in items if item.done)
    open_items = sorted((item for item in items if not item.done), key=lambda item: item.due_date)
    return {
        "total": total,
        "done": done,
        "percent": round(100 * done / total) if total else 0,
        "overdue": 0 if plan.is_closed else sum(1 for item in open_items if item.due_date < today),
        "next": open_items[0] if open_items else None,
    }


def next_items_for_hire(user, *, limit: int = 5) -> list[PlanItem]:
    """Return the user's own plan's next open items."""
    scope = access.scope_for(user)
    return list(
        PlanItem.objects.filter(
            plan__staff_id=scope.staff_id, plan__status=PlanStatus.ACTIVE, done=False, in_profile=True
        ).order_by("due_date", "position")[:limit]
    )


def own_plan_id(user) -> int | None:
    scope = access.scope_for(user)
    return IntroductionPlan.objects.filter(staff_id=scope.staff_id).values_list("pk", flat=True).first()


# --- templates ------------------------------------------------------------------------------------------


def visible_templates(user) -> QuerySet[ChecklistTemplate]:
    return access.restrict_by_organisation(user, ChecklistTemplate.objects.all(), "organisation_id").prefetch_related(
        "versions"
    )


def visible_versions(user) -> QuerySet[TemplateVersion]:
    return access.restrict_by_organisation(
        user, TemplateVersion.objects.select_related("template", "published_by"), "template__organisation_id"
    )


def visible_template_items(user) -> QuerySet[TemplateItem]:
    return access.restrict_by_organisation(
        user, TemplateItem.objects.select_related("version__template", "phase"), "version__template__organisation_id"
    )


def version_with_items(user, version_id: int) -> TemplateVersion:
    return (
        visible_versions(user)
        .prefetch_related(
            Prefetch(
                "phases__items",
                queryset=TemplateItem.objects.select_related("course", "course_module").order_by("position", "pk"),
            )
        )
        .get(pk=version_id)
    )


# --- exports --------------------------------------------------------------------------------------------


def plans_for_export(
    user,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    start_from: datetime.date | None = None,
    start_to: datetime.date | None = None,
) -> QuerySet[IntroductionPlan]:
    plans = visible_plans(user)
    if district_id:
        plans = plans.filter(staff__unit__district_id=district_id)
    if unit_id:
        plans = plans.filter(staff__unit_id=unit_id)
    if start_from:
        plans = plans.filter(start_date__gte=start_from)
    if start_to:
        plans = plans.filter(start_date__lte=start_to)
    return plans.order_by("staff__last_name", "staff__first_name", "pk")


def visible_exports(user) -> QuerySet[PlanExport]:
    return access.restrict_by_organisation(
        user, PlanExport.objects.select_related("requested_by__staff_member"), "organisation_id"
    )


# --- reminders ------------------------------------------------------------------------------------------


def items_needing_reminder(*, today: datetime.date, days_ahead: int = 7) -> QuerySet[PlanItem]:
    """Return open items due within `days_ahead` days or overdue, joined with the people who may be responsible."""
    return (
        PlanItem.objects.filter(done=False, in_profile=True, due_date__lte=today + datetime.timedelta(days=days_ahead))
        .filter(plan__status=PlanStatus.ACTIVE)
        .exclude(district_selectors.left_by(today, "plan__staff__"))
        .select_related("plan__staff", "plan__manager", "plan__supervisor", "plan__mentor")
        .order_by("due_date", "pk")
    )
