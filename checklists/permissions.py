"""Who may tick and who may change a plan, built on districts.access (the one place for these rules).

Who may tick an item (`can_tick_item`): the person responsible for it (the hire for their own items,
the fadder for fadder items, HR for HR items), and for every item the hire's enhetschef and
1:e socialsekreterare (named on the plan, or the unit's manager / the hire's supervisor now).
Coordinators, områdeschef and utbildarstöd read plans but do not tick: the checklist records
what the people around the hire did.
"""

from checklists.models import IntroductionPlan, PlanItem, ResponsibleRole
from checklists.selectors.plans import visible_plans
from districts import access
from districts.models import Role


def can_tick_item(user, item: PlanItem, plan: IntroductionPlan) -> bool:
    """Return whether the user may tick or untick this item (see the module docstring)."""
    scope = access.scope_for(user)
    if scope.is_superuser:
        return True
    if scope.staff_id is None or not visible_plans(user=user).filter(pk=plan.pk).exists():
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


def can_edit_plan(user, plan: IntroductionPlan, *, visible: bool = False) -> bool:
    """Return whether the user may change the plan's people, goals, notes and meetings.

    `visible`: the caller has just read the plan through `visible_plans(user=user)` (the plan page), so it is not
    asked again."""
    scope = access.scope_for(user)
    if scope.is_superuser:
        return True
    if scope.staff_id is None or not (visible or visible_plans(user=user).filter(pk=plan.pk).exists()):
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
