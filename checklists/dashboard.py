"""Dashboard panels: my hires (1:e socialsekreterare), the unit's plans (enhetschef), my own plan, exports (HR)."""

import datetime

from django.db.models import Count, QuerySet, Subquery, Window
from django.utils.translation import gettext as _

from checklists import meetings_held, selectors
from checklists.models import IntroductionPlan
from districts import access, clock
from districts.compiled import CompiledRead, field_names, instance, related_instance
from districts.models import Role, StaffMember
from districts.panels import Panel, read_facts

PANEL_ROWS = 6

# The plan and its hire, as the panels' rows show them (`plan.staff`), and how many rows the panel holds in all.
_PLAN_WITH_STAFF = (*field_names(IntroductionPlan), *field_names(StaffMember, "staff__"))
_IN_ALL = "panel_rows_in_all"
_PROGRESS = ("item_total", "item_done", "progress", "overdue_count", "next_due")  # selectors.with_progress's


def facts(user) -> dict:
    """Return this app's one-value reads (see districts.panels.read_facts): the user's own plan, if any."""
    if access.scope_for(user).staff_id is None:
        return {}
    return {"checklists_own_plan_id": Subquery(selectors.own_plan_queryset(user=user).values("pk")[:1])}


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user."""
    scope = access.scope_for(user)
    found: list[Panel] = []
    # Both panels show the plans of the same people the hires panels count (districts.selectors.current_hires).
    if scope.has_role(Role.FORSTE_SOCIALSEKRETERARE):
        hires, count = _plans_and_total(
            _my_hires_first.rows(user=user, today=clock.today(), rows=PANEL_ROWS), *_PROGRESS
        )
        found.append(
            Panel(
                _("Mina nyanställda"),
                "checklists/panel_my_hires.html",
                {"plans": hires, "count": count},
                order=20,
            )
        )
    if scope.has_role(Role.ENHETSCHEF) and scope.unit_id:
        plans, count = _plans_and_total(
            _unit_plans_first.rows(user=user, today=clock.today(), rows=PANEL_ROWS), *_PROGRESS
        )
        found.append(
            Panel(
                _("Enhetens introduktionsplaner"),
                "checklists/panel_unit.html",
                {"plans": plans, "count": count},
                order=25,
            )
        )
        now = clock.now()
        lapsed_rows, lapsed_count = _plans_and_total(
            _lapsed_first.rows(
                user=user,
                today=clock.today(),
                rows=PANEL_ROWS,
                window_start=now - datetime.timedelta(days=meetings_held.LAPSE_DAYS),
                now=now,
            ),
            "last_held",
            supervisor=True,
        )
        if lapsed_rows:
            found.append(
                Panel(
                    _("Uteblivna handledningar"),
                    "checklists/panel_lapsed_supervision.html",
                    {
                        "plans": lapsed_rows,
                        "count": lapsed_count,
                        "days": meetings_held.LAPSE_DAYS,
                    },
                    order=26,
                )
            )
    own_plan_id = read_facts(user, facts).get("checklists_own_plan_id")
    if own_plan_id:
        found.append(
            Panel(
                _("Min introduktionsplan"),
                "checklists/panel_own_plan.html",
                {"plan_id": own_plan_id, "items": selectors.next_items_for_hire(user=user)},
                order=15,
            )
        )
    if access.has_capability(user, access.Capability.EXPORT_PLANS):
        found.append(Panel(_("Exportera introduktionsplaner"), "checklists/panel_export.html", {}, order=80))
    return found


# The panels' reads, each compiled once per reader's scope and day (districts.compiled): building and compiling
# the plans with their progress, or with the lapsed supervision's subqueries, was ~4 and ~5 ms of the ORM's for
# each of the enhetschef's panels on the national seed, more than PostgreSQL took to run them. Each holds a
# window count of all its rows, as `districts.panels.first_rows_and_total`.


def _first_with_total(plans: QuerySet, rows: int, *names: str) -> QuerySet:
    counted = plans.annotate(**{_IN_ALL: Window(Count("pk"))})
    return counted.values(*_PLAN_WITH_STAFF, *names, _IN_ALL)[:rows]


def _by_progress(plans: QuerySet, *, today: datetime.date) -> QuerySet:
    return selectors.sorted_plans(plans=selectors.with_progress(plans=plans, today=today), sort="forsenade")


def _my_hires_first_of(*, user, today: datetime.date, rows: int) -> QuerySet:
    mine = selectors.my_current_hire_plans(user=user, today=today)
    return _first_with_total(_by_progress(mine, today=today), rows, *_PROGRESS)


def _unit_plans_first_of(*, user, today: datetime.date, rows: int) -> QuerySet:
    unit = selectors.unit_current_plans(user=user, today=today)
    return _first_with_total(_by_progress(unit, today=today), rows, *_PROGRESS)


def _lapsed_first_of(
    *, user, today: datetime.date, rows: int, window_start: datetime.datetime, now: datetime.datetime
) -> QuerySet:
    unit = selectors.unit_current_plans(user=user, today=today)
    lapsed = meetings_held.with_lapsed_supervision_in(unit, window_start=window_start, now=now)
    return _first_with_total(lapsed, rows, "last_held", *field_names(StaffMember, "supervisor__"))


_my_hires_first = CompiledRead(_my_hires_first_of)
_unit_plans_first = CompiledRead(_unit_plans_first_of)
# The window's ends change with every request: they are the read's varying inputs, given to its SQL on each run.
_lapsed_first = CompiledRead(_lapsed_first_of, varying=("window_start", "now"))


def _plans_and_total(
    found: list[dict], *annotations: str, supervisor: bool = False
) -> tuple[list[IntroductionPlan], int]:
    """Return the rows' plans, each with its hire (and supervisor), and the panel's number of rows in all."""
    plans = []
    for row in found:
        plan = instance(IntroductionPlan, row)
        plan.staff = instance(StaffMember, row, "staff__")
        if supervisor:
            plan.supervisor = related_instance(StaffMember, row, "supervisor__")
        for name in annotations:
            setattr(plan, name, row[name])
        plans.append(plan)
    return plans, (found[0][_IN_ALL] if found else 0)
