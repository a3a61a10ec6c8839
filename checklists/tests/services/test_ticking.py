import pytest
from django.core.exceptions import PermissionDenied

from checklists import services
from checklists.models import EventSource, PlanItem, PlanItemEvent, ResponsibleRole
from checklists.tests.factories import plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db


def test_tick_records_who_and_when_and_history(world):
    plan = plan_for(world.hire)
    item = plan.items.get(title="Välkomstsamtal med enhetschefen")
    supervisor = world.user(Role.FORSTE_SOCIALSEKRETERARE)

    services.plan_item_tick(item_id=item.pk, actor=supervisor, done=True, expected_version=1, note="Bra samtal")
    item.refresh_from_db()
    assert item.done and item.done_by == supervisor and item.done_at and item.version == 2
    services.plan_item_tick(item_id=item.pk, actor=supervisor, done=False, expected_version=2)
    events = list(item.events.order_by("pk"))
    assert [(e.old_done, e.new_done) for e in events] == [(False, True), (True, False)]
    assert events[0].note == "Bra samtal" and events[0].actor == supervisor


def test_stale_tick_is_refused_and_does_not_undo_the_other_change(world):
    plan = plan_for(world.hire)
    item = plan.items.first()
    manager, supervisor = world.user(Role.ENHETSCHEF), world.user(Role.FORSTE_SOCIALSEKRETERARE)
    services.plan_item_tick(item_id=item.pk, actor=manager, done=True, expected_version=1)
    with pytest.raises(services.StaleItemError) as refused:
        services.plan_item_tick(item_id=item.pk, actor=supervisor, done=False, expected_version=1)
    assert refused.value.item.done_by == manager
    item.refresh_from_db()
    assert item.done and item.done_by == manager
    assert item.events.count() == 1


def test_who_may_tick(world):
    plan = plan_for(world.hire)
    hire_item = plan.items.filter(responsible_role=ResponsibleRole.HIRE).first()
    manager_item = plan.items.filter(responsible_role=ResponsibleRole.ENHETSCHEF).first()
    hr_item = plan.items.filter(responsible_role=ResponsibleRole.HR).first()
    hire = world.user(Role.SOCIALSEKRETERARE)

    services.plan_item_tick(item_id=hire_item.pk, actor=hire, done=True, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.plan_item_tick(item_id=manager_item.pk, actor=hire, done=True, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.plan_item_tick(
            item_id=manager_item.pk, actor=world.user(Role.UTBILDNINGSSAMORDNARE), done=True, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.plan_item_tick(item_id=manager_item.pk, actor=world.user(Role.HR), done=True, expected_version=1)
    services.plan_item_tick(item_id=hr_item.pk, actor=world.user(Role.HR), done=True, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.plan_item_tick(
            item_id=manager_item.pk, actor=world.other_unit_manager.user, done=True, expected_version=1
        )


def test_history_rows_are_append_only(world):
    plan = plan_for(world.hire)
    item = plan.items.first()
    services.plan_item_tick(item_id=item.pk, actor=world.user(Role.ENHETSCHEF), done=True, expected_version=1)
    event = PlanItemEvent.objects.get(item=item)
    event.note = "skrivs över"
    with pytest.raises(ValueError):
        event.save()


def test_automatic_tick_is_attributed_and_idempotent(world):
    plan = plan_for(world.hire)
    title = "Del 1 genomförd"
    ticked = services.plan_items_tick_automatic(
        staff_id=world.hire.pk,
        template_item_filter={"title": title},
        reference="nomination:7",
        description="Automatiskt: kurs Del 1 slutförd",
    )
    assert len(ticked) == 1
    assert (
        services.plan_items_tick_automatic(
            staff_id=world.hire.pk, template_item_filter={"title": title}, reference="nomination:7", description="x"
        )
        == []
    )
    event = PlanItemEvent.objects.get(item__plan=plan)
    assert event.source == EventSource.AUTOMATIC and event.reference == "nomination:7"
    assert PlanItem.objects.get(pk=ticked[0].pk).done
