"""Reads behind the plan lists: sorts, states, progress counts, the unit's, the 1:e's and the districts' plans."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from checklists import overview_counts
from checklists.models import IntroductionPlan, PlanItem, PlanStatus, PlanTally
from checklists.selectors.plans import visible_plans
from districts import access, arrays, clock
from districts import selectors as district_selectors
from districts.compiled import CompiledRead
from districts.models import StaffMember
from districts.search import matching_staff

# Each ends on a unique key, so that pages never share or skip a row when names or dates are equal. By name it is the
# staff id (one plan a person), so the order is that of the staff's (organisation, name, id) index: a page of an
# organisation's plans walks it and stops after its rows instead of sorting the whole organisation.
SORTS = {
    "namn": ("staff__last_name", "staff__first_name", "staff_id"),
    "start": ("-start_date", "staff__last_name", "pk"),
    "framsteg": ("progress", "staff__last_name", "pk"),
    "-framsteg": ("-progress", "staff__last_name", "pk"),
    "forsenade": ("-overdue_count", "staff__last_name", "pk"),
    "-forsenade": ("overdue_count", "staff__last_name", "pk"),
}


# Which plans the list pages show. A plan is in progress while its hire is within the two-year programme plus the
# ~4 months a late Del 2 or the last items may take: decided by start date alone, so the filter uses
# plan_start_counts_idx and never has to read the items (open items of older plans show under "Alla" and "Avslutade").
IN_PROGRESS_DAYS = 2 * 365 + 122
PLAN_STATES = {"pagaende": _("Pågående"), "alla": _("Alla"), "avslutade": _("Avslutade")}
DEFAULT_PLAN_STATE = "pagaende"


def with_progress(*, plans: QuerySet[IntroductionPlan], today: datetime.date | None = None) -> QuerySet:
    """Annotate item counts, percent done, overdue count and next due date, and join what lists show.

    The counts of items and done items are the plan's own counters (kept by the services); only what depends on
    today (overdue, next due) is counted from the items."""
    today = today or clock.today()
    return with_stored_progress(plans=plans.select_related("staff__unit__district")).annotate(
        # A closed plan (the hire has left) is overdue with nothing.
        overdue_count=Count(
            "items",
            filter=Q(status=PlanStatus.ACTIVE, items__in_profile=True, items__done=False, items__due_date__lt=today),
        ),
        next_due=Min("items__due_date", filter=Q(items__in_profile=True, items__done=False)),
    )


def with_stored_progress(*, plans: QuerySet[IntroductionPlan]) -> QuerySet:
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


def in_progress_since(*, today: datetime.date | None = None) -> datetime.date:
    """Return the earliest start date of a plan still in progress (see IN_PROGRESS_DAYS)."""
    return (today or clock.today()) - datetime.timedelta(days=IN_PROGRESS_DAYS)


def plan_state(*, value: str | None) -> str:
    """Return the list filter's state for a query value, the default (in progress) when unknown."""
    return value if value in PLAN_STATES else DEFAULT_PLAN_STATE


def plans_in_state(*, plans: QuerySet, state: str, today: datetime.date | None = None) -> QuerySet:
    """Keep the plans in progress ("pagaende"), finished ("avslutade") or all ("alla").

    A plan is finished when its start is past the programme's length or when it was closed (the hire left).
    """
    state = plan_state(value=state)
    if state == "alla":
        return plans
    since = in_progress_since(today=today)
    if state == "pagaende":
        return plans.filter(start_date__gte=since, status=PlanStatus.ACTIVE)
    return plans.filter(Q(start_date__lt=since) | Q(status=PlanStatus.CLOSED))


def with_overdue_count(*, plans: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Annotate each plan's overdue items (as `with_progress` counts them) without joining and grouping the items.

    Each plan's count reads only its open items, from their partial index (plan_item_open_plan_due_idx): sorting
    the plans in progress by it reads what is open and overdue, not every item of every plan."""
    today = today or clock.today()
    # A closed plan (the hire has left) is overdue with nothing.
    return plans.annotate(
        overdue_count=Case(
            When(status=PlanStatus.ACTIVE, then=Coalesce(Subquery(_overdue_of_plan(today=today)), 0)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _overdue_of_plan(*, today: datetime.date) -> QuerySet:
    """The number of the outer plan's open items in profile due before today, from their partial index alone."""
    return (
        PlanItem.objects.filter(plan=OuterRef("pk"), in_profile=True, done=False, due_date__lt=today)
        .order_by()
        .values("plan")
        .annotate(count=Count("*"))  # not the id, which is not in the index
        .values("count")
    )


def sorted_plans(*, plans: QuerySet, sort: str, today: datetime.date | None = None) -> QuerySet:
    if sort in SORTS_ON_STORED_PROGRESS and "progress" not in plans.query.annotations:
        plans = with_stored_progress(plans=plans)
    if sort in SORTS_ON_OVERDUE and "overdue_count" not in plans.query.annotations:
        plans = with_overdue_count(plans=plans, today=today)
    return plans.order_by(*SORTS.get(sort, SORTS["namn"]))


# No sort needs the items counted by joining them: a page is chosen from the plain plans, and only its rows get
# `with_progress`'s counts (progress is the plans' stored counters, overdue a count from the open items' index).
SORTS_ON_STORED_PROGRESS = frozenset({"framsteg", "-framsteg"})
SORTS_ON_OVERDUE = frozenset({"forsenade", "-forsenade"})


# The sorts whose page costs a pass over every plan in the state (nothing in an index holds their order): for an
# organisation-wide reader of the unfiltered list, the first plans in their order are kept (kept_plan_order).
KEPT_SORTS = SORTS_ON_STORED_PROGRESS | SORTS_ON_OVERDUE


def kept_plan_order(*, user, state: str, sort: str, today: datetime.date | None = None) -> list[int] | None:
    """Return the ids of the first visible plans in the state in the sort's order (overview_counts.KEPT_ORDER_LENGTH
    of them), for an organisation-wide reader and a sort in KEPT_SORTS; else None.

    Picked once a day and again after a write that could change them (checklists.overview_counts): on the national
    seed, sorting the ~4,300 plans in progress by their overdue items read every one's open items on each request."""
    organisation_id = access.whole_organisation_id(user)
    if sort not in KEPT_SORTS or organisation_id is None:
        return None
    state = plan_state(value=state)
    today = today or clock.today()
    key = f"{state}:{sort}"
    read = overview_counts.kept_order(organisation_id=organisation_id, key=key, today=today)
    if read.overview is not None:
        return read.overview
    plans = plans_in_state(plans=visible_plans(user=user), state=state, today=today)
    ordered = sorted_plans(plans=plans, sort=sort, today=today).values_list("pk", flat=True)
    ids = list(ordered[: overview_counts.KEPT_ORDER_LENGTH])
    overview_counts.keep_order(organisation_id=organisation_id, key=key, today=today, read=read, ids=ids)
    return ids


class ProgressRow:
    """One plan of a list page as the rows read it (checklists.rows.plan_rows_html), built from plain values.

    A page's 25 plans as model instances, each with its hire, unit and district instances, were most of a plan
    list's Python time after the render (pyinstrument, national seed, the overview's search)."""

    __slots__ = (
        "item_done",
        "item_total",
        "next_due",
        "overdue_count",
        "pk",
        "progress",
        "staff",
        "start_date",
        "status",
    )

    is_closed = IntroductionPlan.is_closed


_PROGRESS_ROW_VALUES = (
    "pk",
    "status",
    "start_date",
    "progress",
    "item_total",
    "item_done",
    "overdue_count",
    "next_due",
    "staff__first_name",
    "staff__last_name",
    "staff__unit_id",
    "staff__unit__name",
    "staff__unit__district__name",
)


def _page_progress_of(*, ids: list, today: datetime.date) -> QuerySet:
    # The ids as one array parameter (= ANY), not one parameter each (IN): a single input the compiled read can
    # swap, whatever the page's length.
    on_page = IntroductionPlan.objects.filter(arrays.AmongIds("pk", ids))
    return with_progress(plans=on_page, today=today).values(*_PROGRESS_ROW_VALUES)


# Its SQL follows from the day alone, the page's ids its one varying input: building and compiling the annotated,
# joined read was most of its cost (national seed: ~1.9 ms CPU a page, ~0.3 ms compiled).
_page_progress = CompiledRead(_page_progress_of, varying=("ids",))


def with_progress_in_order(*, ids, today: datetime.date | None = None) -> list[ProgressRow]:
    """Return the plans of these ids (one page, already in order) with `with_progress`'s counts, in the same order.

    Counting the items of one page instead of every plan in the list keeps a page's cost to its 25 rows: under
    "Alla" at national scale the plans of ten years hold ~130 times the items of those in progress. The page is
    picked as ids (see checklists.views.lists): a sort then reads the plans' covering index, not their rows."""
    ids = list(ids)
    if not ids:
        return []
    today = today or clock.today()
    found = _page_progress.rows(ids=ids, today=today)
    counted = {}
    for values in found:
        row = ProgressRow()
        row.pk, row.status, row.start_date = values["pk"], values["status"], values["start_date"]
        row.progress, row.overdue_count, row.next_due = values["progress"], values["overdue_count"], values["next_due"]
        row.item_total, row.item_done = values["item_total"], values["item_done"]
        unit = None
        if values["staff__unit_id"] is not None:
            district = values["staff__unit__district__name"]
            district = None if district is None else district_selectors.TableName(name=district)
            unit = district_selectors.TableUnit(name=values["staff__unit__name"], district=district)
        row.staff = district_selectors.TableName(
            first_name=values["staff__first_name"], last_name=values["staff__last_name"], unit=unit
        )
        counted[row.pk] = row
    return [counted[pk] for pk in ids if pk in counted]


def my_hire_plans(*, user, state: str = DEFAULT_PLAN_STATE) -> QuerySet[IntroductionPlan]:
    """Return the plain plans of the hires the user supervises (as 1:e socialsekreterare), in the given state."""
    scope = access.scope_for(user)
    plans = visible_plans(user=user).filter(Q(supervisor_id=scope.staff_id) | Q(staff__supervisor_id=scope.staff_id))
    return plans_in_state(plans=plans, state=state)


def my_current_hire_plans(*, user, today: datetime.date | None = None) -> QuerySet[IntroductionPlan]:
    """Return the plans of the user's current hires as 1:e socialsekreterare (districts.selectors.current_hires).

    The dashboard's panels count these same people, so the plan panel and the hires panel agree.
    """
    hires = district_selectors.supervised_hires(user=user, today=today)
    return _plans_of(visible_plans(user=user), hires)


def unit_current_plans(*, user, today: datetime.date | None = None) -> QuerySet[IntroductionPlan]:
    """Return the plans of the current hires of the user's own unit (districts.selectors.current_hires)."""
    hires = district_selectors.unit_hires(user=user, today=today)
    return _plans_of(visible_plans(user=user), hires)


def _plans_of(plans: QuerySet[IntroductionPlan], hires: QuerySet[StaffMember]) -> QuerySet[IntroductionPlan]:
    # Each plan's person is looked up among the hires by primary key (a subquery with a LIMIT), not joined as
    # staff_id IN (...): one more semi-join made PostgreSQL weigh some eight relations for each dashboard panel
    # (planning ~10 to 40 ms on the national seed, for under 1 ms of execution); the visible plans still drive.
    among = hires.filter(pk=OuterRef("staff_id")).order_by().values(found=Value(True))[:1]
    return plans.filter(Subquery(among, output_field=BooleanField()))


def hires_to_follow(*, user, today: datetime.date | None = None) -> list[StaffMember]:
    """Return the current hires the user follows: their unit's as enhetschef, those they supervise as 1:e, by name."""
    hires = district_selectors.unit_hires(user=user, today=today) | district_selectors.supervised_hires(
        user=user, today=today
    )
    visible = access.visible_staff(user).filter(pk__in=hires.values("pk"))
    return list(visible.order_by("last_name", "first_name", "pk"))


def my_hires(*, user, sort: str = "namn", state: str = DEFAULT_PLAN_STATE) -> QuerySet:
    """Return the plans of the hires the user supervises, with progress, in progress unless `state` says otherwise."""
    return sorted_plans(plans=with_progress(plans=my_hire_plans(user=user, state=state)), sort=sort)


def unit_plans_plain(*, user, state: str = DEFAULT_PLAN_STATE) -> QuerySet[IntroductionPlan]:
    """Return the plain plans of the user's own unit in the given state (cheap to count)."""
    scope = access.scope_for(user)
    return plans_in_state(plans=visible_plans(user=user).filter(staff__unit_id=scope.unit_id), state=state)


def unit_plans(*, user, sort: str = "namn", state: str = DEFAULT_PLAN_STATE) -> QuerySet:
    """Return the plans of the user's own unit, with progress, in progress unless `state` says otherwise."""
    return sorted_plans(plans=with_progress(plans=unit_plans_plain(user=user, state=state)), sort=sort)


SEARCH_MAX_LENGTH = 100
SEARCH_MAX_WORDS = 5


def matching_name(*, plans: QuerySet, search: str) -> QuerySet:
    """Keep the plans whose hire's name or work e-mail holds every word of `search` ("anna berg", "berg")."""
    return matching_staff(queryset=plans, search=search, path="staff__", max_words=SEARCH_MAX_WORDS)


def searched_plan_ids(
    *, user, district_id: int | None, state: str, search: str, sort: str, today: datetime.date | None = None
) -> list[int]:
    """Return the ids of every plan `district_plans_plain` keeps for `search`, in the sort's order.

    By name, the matching staff are read first and each one's plan is looked up by its staff id. Joined from the
    plans, PostgreSQL hashed all ~49,000 plans of the table against the ~1,200 staff the trigram index found
    (national seed, "lind": ~9 ms against ~6 ms, EXPLAIN ANALYZE): it prices a probe of the plans' staff index far
    above what it costs. The other sorts order by the plans' own columns and keep the join."""
    if SORTS.get(sort, SORTS["namn"]) != SORTS["namn"]:
        plain = district_plans_plain(user=user, district_id=district_id, state=state, search=search)
        return list(sorted_plans(plans=plain, sort=sort, today=today).values_list("pk", flat=True))
    # The plans visible_plans keeps are those of the staff visible_staff returns (access.restrict_by_joined_staff);
    # the staff list's search, so an organisation-wide reader's words are looked up in their organisation alone.
    staff = district_selectors.visible_staff_matching(user=user, search=search, max_words=SEARCH_MAX_WORDS)
    if district_id:
        staff = staff.filter(unit__district_id=district_id)
    # A scalar subquery is run once a person, by the unique staff_id index; one plan a person at most.
    plan = plans_in_state(plans=IntroductionPlan.objects.filter(staff_id=OuterRef("pk")), state=state, today=today)
    ids = (
        staff.annotate(plan_id=Subquery(plan.order_by().values("pk")))
        .order_by("last_name", "first_name", "pk")  # SORTS["namn"]: plan.staff_id is the person's id
        .values_list("plan_id", flat=True)
    )
    return [plan_id for plan_id in ids if plan_id is not None]


def district_plans_plain(
    *, user, district_id: int | None, state: str = DEFAULT_PLAN_STATE, search: str = ""
) -> QuerySet[IntroductionPlan]:
    """Return the plain visible plans in the given state, of one district when given (cheap to count)."""
    plans = visible_plans(user=user)
    if district_id:
        plans = plans.filter(staff__unit__district_id=district_id)
    if search:
        plans = matching_name(plans=plans, search=search)
    return plans_in_state(plans=plans, state=state)


def district_plans(
    *, user, district_id: int | None, sort: str = "namn", state: str = DEFAULT_PLAN_STATE, search: str = ""
) -> QuerySet:
    """Return the visible plans with progress, of one district when given, in progress unless `state` says otherwise.

    Only the shown state is aggregated: at national scale all plans of ten years are ~130 times the items of the
    plans in progress."""
    plain = district_plans_plain(user=user, district_id=district_id, state=state, search=search)
    return sorted_plans(plans=with_progress(plans=plain), sort=sort)


def district_summaries(*, user, state: str = DEFAULT_PLAN_STATE, today: datetime.date | None = None) -> list[dict]:
    """Return one row per visible district with plans in the given state: plans, items done of total, overdue items.

    The plans, their items and the done ones are summed from the plans' counters; only the overdue items (which
    depend on today) are counted, joined to their plans from the open items' partial index alone (an index-only
    scan of what is open and overdue, not a read of the items themselves)."""
    return district_overview(user=user, state=state, today=today)[0]


def district_overview(
    *, user, state: str = DEFAULT_PLAN_STATE, today: datetime.date | None = None
) -> tuple[list[dict], int]:
    """Return `district_summaries` and the number of visible plans in the state it sums (the overview's count).

    For a reader of one whole organisation, the rows last counted today are kept until a write changes them
    (checklists.overview_counts): a read is then one query, whatever the organisation holds."""
    state = plan_state(value=state)
    today = today or clock.today()
    organisation_id = access.whole_organisation_id(user)
    if organisation_id is None:
        return district_overview_summed(user=user, state=state, today=today)
    read = overview_counts.kept_overview(organisation_id=organisation_id, state=state, today=today)
    if read.overview is not None:
        return read.overview
    overview = district_overview_summed(user=user, state=state, today=today)
    overview_counts.keep_overview(
        organisation_id=organisation_id, state=state, today=today, read=read, overview=overview
    )
    return overview


def district_overview_summed(
    *, user, state: str = DEFAULT_PLAN_STATE, today: datetime.date | None = None
) -> tuple[list[dict], int]:
    """Return `district_overview`'s rows and count as they are now, summed from the tally or counted from the plans.

    Under "Alla" and "Avslutade", for users who see whole organisations, the plans are summed from the tally per
    district and start month (models.PlanTally); only the start month that the in-progress cut-off falls in is
    summed from its plans. The overdue items are the open ones (items in profile less those done) less the open
    ones not yet due, which belong to the recent plans: the cost follows the districts, the months and the current
    hires, not ten years of plans and their items."""
    state = plan_state(value=state)
    organisations = access.whole_organisations_condition(user)
    if organisations is None or state == "pagaende":
        # The plans in progress are a fifth of the organisation's, summed in one pass over them with each one's
        # overdue items (measured on the national seed: ~37 ms against ~52 for the tally and what it cannot hold).
        return district_overview_counted(user=user, state=state, today=today)
    today = today or clock.today()
    since = in_progress_since(today=today)
    month = since.replace(day=1)  # the start month the states divide
    active = Q(status=PlanStatus.ACTIVE)
    if state == "avslutade":
        tallied = Q(status=PlanStatus.CLOSED) | (active & Q(start_month__lt=month))
        boundary = Q(start_date__gte=month, start_date__lt=since)
    else:
        tallied, boundary = Q(), None
    open_items = F("items_in_profile") - F("items_done")  # the items in profile not done
    rows = (
        PlanTally.objects.filter(organisations, tallied)
        .order_by()
        .values("district_id", "district__name")
        .annotate(
            plan_count=Sum("plan_count"),
            item_count=Sum("items_in_profile"),
            done_count=Sum("items_done"),
            open_count=Sum(open_items, filter=active),
        )
    )
    totals = {row["district_id"]: row for row in rows}
    district = "staff__unit__district_id"
    if boundary is not None:
        # The cut-off's month holds plans of both states: those of this state are summed from the plans.
        counted = (
            visible_plans(user=user)
            .filter(boundary, active)
            .order_by()
            .values(district, "staff__unit__district__name")
            .annotate(
                plan_count=Count("*"),
                item_count=Sum("items_in_profile"),
                done_count=Sum("items_done"),
                open_count=Sum(open_items),
            )
        )
        for row in counted:
            total = totals.setdefault(
                row[district],
                {
                    "district__name": row["staff__unit__district__name"],
                    "plan_count": 0,
                    "item_count": 0,
                    "done_count": 0,
                    "open_count": 0,
                },
            )
            for key in ("plan_count", "item_count", "done_count", "open_count"):
                total[key] = (total[key] or 0) + (row[key] or 0)
    # Few of these plans have items still to come: the active ones whose latest item is due from today on
    # (plan_active_last_due_idx), and their open items from the open items' index. Under "Avslutade" the active
    # plans of the state are those started before the cut-off: a filter the index's start date answers alone.
    plans = visible_plans(user=user).filter(active, last_due_date__gte=today)
    if state == "avslutade":
        plans = plans.filter(start_date__lt=since)
    not_due = dict(
        plans.filter(items__in_profile=True, items__done=False, items__due_date__gte=today)
        .order_by()
        .values_list(district)
        .annotate(count=Count("*"))
        .values_list(district, "count")
    )
    summaries = [
        {
            "plan__staff__unit__district_id": key,
            "plan__staff__unit__district__name": row["district__name"],
            "item_count": row["item_count"] or 0,
            "done_count": row["done_count"] or 0,
            "overdue_count": (row["open_count"] or 0) - not_due.get(key, 0),
            "plan_count": row["plan_count"] or 0,
        }
        for key, row in totals.items()
        if row["item_count"]
    ]
    return _by_district_name(summaries), sum(row["plan_count"] or 0 for row in totals.values())


def district_overview_counted(
    *, user, state: str = DEFAULT_PLAN_STATE, today: datetime.date | None = None
) -> tuple[list[dict], int]:
    """Return `district_overview`'s rows and count by aggregating the visible plans in the state themselves.

    For users who see less than whole organisations (the tally is kept per organisation and district), and the
    reference the tally's answers are tested against."""
    today = today or clock.today()
    plans = plans_in_state(plans=visible_plans(user=user), state=state, today=today)
    district = "staff__unit__district_id"
    sums = {"plan_count": Count("*"), "item_count": Sum("items_in_profile"), "done_count": Sum("items_done")}
    if state == "pagaende":
        # The plans in progress are all active and a fifth of the organisation's: each one's overdue items are
        # counted from the open items' index in the same pass that sums the counters, instead of joining the plans
        # to their staff a second time (measured on the national seed: ~80 ms against ~120 for the two queries on
        # a busy machine). Under "Alla" and "Avslutade" a hash join of every open overdue item is cheaper than a
        # probe per plan of ten years (~250 against ~220 ms), so they keep the second query.
        sums["overdue_count"] = Sum(Coalesce(Subquery(_overdue_of_plan(today=today)), 0))
    rows = plans.order_by().values(district, "staff__unit__district__name").annotate(**sums)
    totals = {row[district]: row for row in rows}
    if state == "pagaende":
        overdue = {key: row["overdue_count"] for key, row in totals.items()}
    else:
        overdue = dict(
            plans.filter(status=PlanStatus.ACTIVE, items__in_profile=True, items__done=False, items__due_date__lt=today)
            .order_by()
            .values_list(district)
            .annotate(count=Count("*"))  # a row per overdue item; COUNT(*) needs nothing outside the index
            .values_list(district, "count")
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
    return _by_district_name(summaries), sum(row["plan_count"] for row in totals.values())


def _by_district_name(summaries: list[dict]) -> list[dict]:
    """Order the overview's district rows by name, the plans of no unit (no district) last."""
    return sorted(
        summaries,
        key=lambda row: (
            row["plan__staff__unit__district__name"] is None,
            row["plan__staff__unit__district__name"] or "",
        ),
    )


def hires_to_plan(*, user) -> QuerySet[StaffMember]:
    """Return the staff the user may lay out a plan for (those whose records they may change), with their unit."""
    return access.changeable_staff(user).select_related("unit")


def unit_hires_without_plan(*, user, limit: int = 50) -> QuerySet[StaffMember]:
    """Return the hires of the user's own unit that have a start date but no plan yet, newest first."""
    scope = access.scope_for(user)
    return (
        access.changeable_staff(user)
        .filter(unit_id=scope.unit_id, introduction_plan__isnull=True, employment_start__isnull=False)
        .select_related("unit")
        .order_by("-employment_start")[:limit]
    )
