"""Reads of one plan: its page with everything it shows, its item rows, phases and progress, the own plan."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from checklists.models import (
    PHASE_ORDER,
    PREFETCHED_EVENTS,
    IntroductionPlan,
    LearningGoal,
    MeetingKind,
    Phase,
    PlanItem,
    PlanItemEvent,
    PlanMeeting,
    PlanStatus,
    ResponsibleRole,
)
from districts import access, clock
from districts.compiled import CompiledRead
from districts.models import StaffMember, choice_label


def visible_plans(*, user) -> QuerySet[IntroductionPlan]:
    """Return the plans of the staff the user may see (a condition on the joined staff: lists sort by their name)."""
    return access.restrict_by_joined_staff(user, IntroductionPlan.objects.all(), "staff")


def plan_ids_of(*, staff_members) -> dict[int, int]:
    """Return the plan id of each of these staff members that has a plan."""
    return dict(
        IntroductionPlan.objects.filter(staff__in=[person.pk for person in staff_members]).values_list("staff_id", "pk")
    )


def plan_colleagues(*, plan: IntroductionPlan) -> QuerySet[StaffMember]:
    """Return who may be named on the plan (manager, supervisor, fadder, meetings): the organisation's current staff."""
    return StaffMember.objects.filter(organisation_id=plan.staff.organisation_id, employment_end__isnull=True).order_by(
        "last_name", "first_name"
    )


def plan_for_page(*, user, plan_id: int) -> IntroductionPlan:
    """Return a visible plan with its people and goals (its items as rows: `item_rows`), or raise DoesNotExist."""
    plans = _plans_with(plans=visible_plans(user=user), for_page=True)
    plan = plans.get(pk=plan_id)
    _attach_named_people(plans=[plan])
    return plan


def _attach_named_people(*, plans: list[IntroductionPlan]) -> None:
    """Load the plans' manager, supervisor and fadder in one query and set them on the plans.

    Joined into the plan's query they were three more joins of the staff table beside the scope's subquery: the
    planner's search over that many joins (~10 relations) took longer than any other query of the page (3 to 10 ms
    of planning against 0.2 ms of execution on the national seed), while one query by primary key takes ~0.3 ms."""
    fields = ("manager", "supervisor", "mentor")
    ids = {getattr(plan, f"{name}_id") for plan in plans for name in fields} - {None}
    people = StaffMember.objects.in_bulk(ids) if ids else {}
    for plan in plans:
        for name in fields:
            person_id = getattr(plan, f"{name}_id")
            setattr(plan, name, people[person_id] if person_id is not None else None)


def plan_for_pdf(*, user, plan_id: int) -> IntroductionPlan:
    """Return a visible plan with everything its PDF shows, or raise DoesNotExist."""
    return plans_for_pdf(plans=visible_plans(user=user)).get(pk=plan_id)


def plans_for_pdf(*, plans: QuerySet[IntroductionPlan]) -> QuerySet[IntroductionPlan]:
    """Join and prefetch what the plan's PDF shows (the plan export's too): the page's, with the people joined, and
    the items' history without who made each change (the PDF shows who ticked an item and its latest note)."""
    return _plans_with(plans=plans, for_page=False)


def _plans_with(*, plans: QuerySet[IntroductionPlan], for_page: bool) -> QuerySet[IntroductionPlan]:
    """The plans with their goals and (for the PDF) items, events and meetings. The page reads its people apart,
    after this (`_attach_named_people`), and its items and meetings as rows (`item_rows`, `meeting_rows`); the PDF,
    which the export renders for several plans at a time, has them joined and prefetched."""
    # Each plan's items and goals in their own order: the models' orderings start with "plan", which orders by
    # the plan's own ordering (the hire's name) and so joins the plan and the staff into every prefetch.
    goals = Prefetch("goals", queryset=LearningGoal.objects.order_by("knowledge_area"))
    if for_page:
        return plans.select_related("staff__unit__district", "template_version__template").prefetch_related(goals)
    items = PlanItem.objects.order_by("due_date", "position", "pk").select_related("done_by__staff_member")
    events = PlanItemEvent.objects.order_by("-at", "-pk")
    meetings = PlanMeeting.objects.select_related("with_whom").order_by("starts_at")
    return plans.select_related(
        "staff__unit__district", "manager", "supervisor", "mentor", "template_version__template"
    ).prefetch_related(
        Prefetch("items", queryset=items),
        Prefetch("items__events", queryset=events, to_attr=PREFETCHED_EVENTS),
        goals,
        Prefetch("meetings", queryset=meetings),
    )


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """What the plan page shows of a booked meeting, and what `meetings_held` reads of it: a `PlanMeeting`'s fields,
    `with_whom` being the person's name (as `str(meeting.with_whom)`) or None."""

    pk: int
    kind: str
    starts_at: datetime.datetime
    held: bool | None
    held_note: str
    with_whom: str | None

    @property
    def kind_label(self) -> str:
        return choice_label(MeetingKind, self.kind)


def meeting_rows(*, plan: IntroductionPlan) -> list[MeetingRow]:
    """Return the plan's booked meetings in time order, as rows rather than model instances.

    A plan has ~60 meetings (a year of weekly supervision); as instances with the person met they were ~120 of the
    ~185 model instances the page built, a third of loading the plan."""
    found = []
    for row in _meetings_read.rows(plan_id=plan.pk):
        first, last = row["with_whom__first_name"], row["with_whom__last_name"]
        name = None if first is None else f"{first} {last}"
        found.append(MeetingRow(row["pk"], row["kind"], row["starts_at"], row["held"], row["held_note"], name))
    return found


def _meetings_of(*, plan_id: int) -> QuerySet:
    return (
        PlanMeeting.objects.filter(plan_id=plan_id)
        .order_by("starts_at")
        .values("pk", "kind", "starts_at", "held", "held_note", "with_whom__first_name", "with_whom__last_name")
    )


# The plan id is the read's one parameter, so it is compiled once a process (districts.compiled).
_meetings_read = CompiledRead(_meetings_of, varying=("plan_id",))


@dataclass(frozen=True, slots=True)
class EventRow:
    """What an item's row shows of one of its events: a `PlanItemEvent`'s fields, `actor_name` being the person
    who made the change as the rows name them (`rows.person(event.actor)`), or None when no one did."""

    pk: int
    at: datetime.datetime
    old_done: bool
    new_done: bool
    note: str
    reference: str
    description: str
    actor_name: str | None


@dataclass(frozen=True, slots=True)
class ItemRow:
    """What the plan page shows of a checklist item, and what its phases, progress and tick rights read of it: a
    `PlanItem`'s fields, `done_by_name` as `EventRow.actor_name`, and its events newest first."""

    pk: int
    phase: str
    position: int
    title: str
    guidance: str
    responsible_role: str
    due_date: datetime.date
    done: bool
    done_at: datetime.datetime | None
    version: int
    in_profile: bool
    done_by_name: str | None
    history_events: list[EventRow]

    @property
    def responsible_role_label(self) -> str:
        return choice_label(ResponsibleRole, self.responsible_role)

    @property
    def done_event(self) -> EventRow | None:
        """As `PlanItem.done_event`: the event that ticked the item as it is now."""
        if not self.done:
            return None
        return next((event for event in self.history_events if event.new_done and not event.old_done), None)


def item_rows(*, plan: IntroductionPlan) -> list[ItemRow]:
    """Return the plan's items by due date, each with its events newest first, as rows rather than model instances.

    As instances (the items, their events, and who ticked or changed them, users with their staff records) they
    were ~80 instances from three queries, each built and compiled by the ORM on every view: most of loading the
    plan. Who ticked and who changed are joined as their names, so the users' own query is gone."""
    events_by_item: dict[int, list[EventRow]] = {}
    for row in _item_events_read.rows(plan_id=plan.pk):
        events_by_item.setdefault(row["item_id"], []).append(
            EventRow(
                row["id"],
                row["at"],
                row["old_done"],
                row["new_done"],
                row["note"],
                row["reference"],
                row["description"],
                _name(row, "actor"),
            )
        )
    return [
        ItemRow(
            row["id"],
            row["phase"],
            row["position"],
            row["title"],
            row["guidance"],
            row["responsible_role"],
            row["due_date"],
            row["done"],
            row["done_at"],
            row["version"],
            row["in_profile"],
            _name(row, "done_by"),
            events_by_item.get(row["id"], []),
        )
        for row in _items_read.rows(plan_id=plan.pk)
    ]


def _person_fields(relation: str) -> tuple[str, ...]:
    return (
        f"{relation}__username",
        f"{relation}__staff_member__id",
        f"{relation}__staff_member__first_name",
        f"{relation}__staff_member__last_name",
    )


def _name(row: dict, relation: str) -> str | None:
    """A user as the rows name them (`rows.person`): their staff record's name, else their username; None for none."""
    if row[f"{relation}__staff_member__id"] is not None:
        return f"{row[f'{relation}__staff_member__first_name']} {row[f'{relation}__staff_member__last_name']}"
    return row[f"{relation}__username"]


def _items_of(*, plan_id: int) -> QuerySet:
    # Ordered by the plan's own columns: the model's ordering starts with "plan" (see _plans_with).
    return (
        PlanItem.objects.filter(plan_id=plan_id)
        .order_by("due_date", "position", "pk")
        .values(
            "id",
            "phase",
            "position",
            "title",
            "guidance",
            "responsible_role",
            "due_date",
            "done",
            "done_at",
            "version",
            "in_profile",
            *_person_fields("done_by"),
        )
    )


def _item_events_of(*, plan_id: int) -> QuerySet:
    return (
        PlanItemEvent.objects.filter(item__plan_id=plan_id)
        .order_by("-at", "-pk")
        .values(
            "id",
            "item_id",
            "at",
            "old_done",
            "new_done",
            "note",
            "reference",
            "description",
            *_person_fields("actor"),
        )
    )


# The plan id is the reads' one parameter, so each is compiled once a process (districts.compiled).
_items_read = CompiledRead(_items_of, varying=("plan_id",))
_item_events_read = CompiledRead(_item_events_of, varying=("plan_id",))


def visible_items(*, user) -> QuerySet[PlanItem]:
    """Return the items of the plans the user may see, with their plan and hire."""
    return PlanItem.objects.select_related("plan__staff").filter(plan__in=visible_plans(user=user).values("pk"))


def item_for_row(*, item_id: int) -> PlanItem:
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


def items_by_phase(*, items) -> list[PhaseGroup]:
    """Group items into the six phases in order, each sorted by due date."""
    groups = {value: PhaseGroup(value, label) for value, label in Phase.choices}
    for item in sorted(items, key=lambda item: (PHASE_ORDER.get(item.phase, 99), item.due_date, item.position)):
        groups[item.phase].items.append(item)
    return [group for group in groups.values() if group.items]


def responsible_person(*, plan: IntroductionPlan, role: str):
    """Return the staff member who carries the role on this plan (None for HR: anyone in HR)."""
    return {
        ResponsibleRole.ENHETSCHEF: plan.manager,
        ResponsibleRole.FORSTE_SOCIALSEKRETERARE: plan.supervisor,
        ResponsibleRole.FADDER: plan.mentor,
        ResponsibleRole.HIRE: plan.staff,
    }.get(role)


def plan_progress(*, plan: IntroductionPlan, items, today: datetime.date | None = None) -> dict:
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


def next_items_for_hire(*, user, limit: int = 5) -> list[PlanItem]:
    """Return the user's own plan's next open items."""
    scope = access.scope_for(user)
    return list(
        PlanItem.objects.filter(
            plan__staff_id=scope.staff_id, plan__status=PlanStatus.ACTIVE, done=False, in_profile=True
        ).order_by("due_date", "position")[:limit]
    )


def own_plan_id(*, user) -> int | None:
    return own_plan_queryset(user=user).values_list("pk", flat=True).first()


def own_plan_queryset(*, user) -> QuerySet[IntroductionPlan]:
    """Return the user's own introduction plan (one at most), as a queryset."""
    return IntroductionPlan.objects.filter(staff_id=access.scope_for(user).staff_id)
