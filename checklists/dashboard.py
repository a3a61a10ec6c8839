"""Dashboard panels: my hires (1:e socialsekreterare), the unit's plans (enhetschef), my own plan, exports (HR)."""

from django.db.models import Subquery
from django.utils.translation import gettext as _

from checklists import meetings_held, selectors
from districts import access
from districts.models import Role
from districts.panels import Panel, first_rows_and_total, read_facts

PANEL_ROWS = 6


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
        mine = selectors.my_current_hire_plans(user=user)
        hires, count = first_rows_and_total(
            selectors.sorted_plans(plans=selectors.with_progress(plans=mine), sort="forsenade"), PANEL_ROWS
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
        unit = selectors.unit_current_plans(user=user)
        plans, count = first_rows_and_total(
            selectors.sorted_plans(plans=selectors.with_progress(plans=unit), sort="forsenade"), PANEL_ROWS
        )
        found.append(
            Panel(
                _("Enhetens introduktionsplaner"),
                "checklists/panel_unit.html",
                {"plans": plans, "count": count},
                order=25,
            )
        )
        lapsed_rows, lapsed_count = first_rows_and_total(meetings_held.with_lapsed_supervision(unit), PANEL_ROWS)
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
