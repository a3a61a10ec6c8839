import pytest

from checklists import permissions
from checklists.models import ResponsibleRole
from checklists.tests.factories import plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db


def _item(plan, role):
    return plan.items.filter(responsible_role=role).first()


def test_the_hires_enhetschef_and_1e_tick_every_item_and_the_others_only_their_own(world):
    plan = plan_for(world.hire)
    items = list(plan.items.all())
    every = {item.pk for item in items}
    for role in (Role.ENHETSCHEF, Role.FORSTE_SOCIALSEKRETERARE):
        assert permissions.tickable_item_ids(world.user(role), plan, items) == every, role
    hire_items = {item.pk for item in items if item.responsible_role == ResponsibleRole.HIRE}
    assert hire_items and permissions.tickable_item_ids(world.user(Role.SOCIALSEKRETERARE), plan, items) == hire_items
    hr_items = {item.pk for item in items if item.responsible_role == ResponsibleRole.HR}
    assert permissions.tickable_item_ids(world.user(Role.HR), plan, items) == hr_items
    # Coordinators, områdeschef and utbildarstöd read plans but do not tick.
    for role in (Role.UTBILDNINGSSAMORDNARE, Role.OMRADESCHEF, Role.UTBILDARSTOD):
        assert permissions.tickable_item_ids(world.user(role), plan, items) == set(), role
        assert not permissions.can_tick_item(world.user(role), items[0], plan), role


def test_one_item_is_ticked_by_its_responsible_and_never_by_someone_outside_the_plans_scope(world):
    plan = plan_for(world.hire)
    hire_item = _item(plan, ResponsibleRole.HIRE)
    assert permissions.can_tick_item(world.user(Role.SOCIALSEKRETERARE), hire_item, plan)
    assert permissions.can_tick_item(world.user(Role.ENHETSCHEF), hire_item, plan)
    assert not permissions.can_tick_item(world.other_unit_manager.user, hire_item, plan)
    assert not permissions.can_tick_item(world.other_hire.user, hire_item, plan)


def test_the_plan_is_changed_by_its_enhetschef_1e_and_hr_not_by_the_hire_or_another_unit(world):
    plan = plan_for(world.hire)
    for role in (Role.ENHETSCHEF, Role.FORSTE_SOCIALSEKRETERARE, Role.HR, Role.UTBILDNINGSSAMORDNARE):
        assert permissions.can_edit_plan(world.user(role), plan), role
    for role in (Role.SOCIALSEKRETERARE, Role.UTBILDARSTOD, Role.OMRADESCHEF):
        assert not permissions.can_edit_plan(world.user(role), plan), role
    assert not permissions.can_edit_plan(world.other_unit_manager.user, plan)


def test_a_plan_read_through_the_visible_plans_is_changed_by_the_same_people(world):
    """The plan page says it read the plan through the user's visible plans: the rest of the rule still decides."""
    plan = plan_for(world.hire)
    for role in (Role.ENHETSCHEF, Role.FORSTE_SOCIALSEKRETERARE, Role.HR, Role.UTBILDNINGSSAMORDNARE):
        assert permissions.can_edit_plan(world.user(role), plan, visible=True), role
    for role in (Role.SOCIALSEKRETERARE, Role.UTBILDARSTOD, Role.OMRADESCHEF):
        assert not permissions.can_edit_plan(world.user(role), plan, visible=True), role
