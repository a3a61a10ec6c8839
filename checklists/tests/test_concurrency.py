"""Ticks from two people at the same moment, on PostgreSQL with real row locks (one connection per thread)."""

import threading

import pytest
from django.db import connection

from checklists import services
from checklists.models import PlanItem, PlanItemEvent
from checklists.tests.factories import plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls):
    """Run the calls in parallel threads released together; return each call's result or exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_people_ticking_different_items_both_keep_their_tick(world, require_postgres):
    plan = plan_for(world.hire)
    first, second = plan.items.order_by("pk")[:2]
    manager, supervisor = world.user(Role.ENHETSCHEF), world.user(Role.FORSTE_SOCIALSEKRETERARE)

    results = _at_once(
        lambda: services.plan_item_tick(item_id=first.pk, actor=manager, done=True, expected_version=1),
        lambda: services.plan_item_tick(item_id=second.pk, actor=supervisor, done=True, expected_version=1),
    )

    assert all(isinstance(result, PlanItem) for result in results), results
    assert {(item.pk, item.done_by_id) for item in PlanItem.objects.filter(pk__in=[first.pk, second.pk])} == {
        (first.pk, manager.pk),
        (second.pk, supervisor.pk),
    }
    assert PlanItemEvent.objects.filter(item__plan=plan).count() == 2


def test_two_people_changing_the_same_item_one_is_refused_and_nothing_is_lost(world, require_postgres):
    plan = plan_for(world.hire)
    item = plan.items.order_by("pk").first()
    manager, supervisor = world.user(Role.ENHETSCHEF), world.user(Role.FORSTE_SOCIALSEKRETERARE)

    results = _at_once(
        lambda: services.plan_item_tick(item_id=item.pk, actor=manager, done=True, expected_version=1, note="A"),
        lambda: services.plan_item_tick(item_id=item.pk, actor=supervisor, done=True, expected_version=1, note="B"),
    )

    refused = [result for result in results if isinstance(result, services.StaleItemError)]
    succeeded = [result for result in results if isinstance(result, PlanItem)]
    assert len(refused) == 1 and len(succeeded) == 1
    item.refresh_from_db()
    assert item.done and item.version == 2 and item.done_by_id == succeeded[0].done_by_id
    assert item.events.count() == 1
    assert refused[0].item.done_by_id == succeeded[0].done_by_id  # the refusal shows who changed it
