"""Dashboard panels: my hires (1:e socialsekreterare), the unit's plans (enhetschef), my own plan, exports (HR)."""

from django.utils.translation import gettext as _

from checklists import meetings_held, selectors
from districts import access
from districts.models import Role
from districts.panels import Panel

PANEL_ROWS = 6


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user."""
    scope = access.scope_for(user)
    found: list[Panel] = []
    # Both panels show the plans of the same people the hires panels count (districts.selectors.current_hires).
    if scope.has_role(Role.FORSTE_SOCIALSEKRETERARE):
        mine = selectors.my_current_hire_plans(user=user)
        hires = list(selectors.sorted_plans(plans=selectors.with_progress(plans=mine), sort="forsenade")[:PANEL_ROWS])
        found.append(
            Panel(
                _("Mina nyanställda"),
                "checklists/panel_my_hires.html",
                {"plans": hires, "count": len(hires) if len(hires) < PANEL_ROWS else mine.count()},
                order=20,
            )
        )
    if scope.has_role(Role.ENHETSCHEF) and scope.unit_id:
        unit = selectors.unit_current_plans(user=user)
        plans = list(selectors.sorted_plans(plans=selectors.with_progress(plans=unit), sort="forsenade")[:PANEL_ROWS])
        found.append(
            Panel(
                _("Enhetens introduktionsplaner"),
                "checklists/panel_unit.html",
                {"plans": plans, "count": len(plans) if len(plans) < PANEL_ROWS else unit.count()},
                order=25,
            )
        )
        lapsed = meetings_held.with_lapsed_supervision(unit)
        lapsed_rows = list(lapsed[:PANEL_ROWS])
        if lapsed_rows:
            found.append(
                Panel(
                    _("Uteblivna handledningar"),
                    "checklists/panel_lapsed_supervision.html",
                    {
                        "plans": lapsed_rows,
                        "count": len(lapsed_rows) if len(lapsed_rows) < PANEL_ROWS else lapsed.count(),
                        "days": meetings_held.LAPSE_DAYS,
                    },
                    order=26,
                )
            )
    own_plan_id = selectors.own_plan_id(user=user)
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
