import datetime

import pytest
from django.db.models import Max

from checklists import services
from checklists.models import IntroductionPlan
from checklists.tests.factories import plan_for
from districts.models import IntroductionProfile, Role

pytestmark = pytest.mark.django_db


def _stored_and_recounted(plan: IntroductionPlan) -> tuple[tuple, tuple]:
    """The plan's counters (items in profile, done, latest due date) as kept, and as counted from its items."""
    fields = ["items_in_profile", "items_done", "last_due_date"]
    plan.refresh_from_db(fields=fields)
    stored = (plan.items_in_profile, plan.items_done, plan.last_due_date)
    in_profile = plan.items.filter(in_profile=True)
    latest = plan.items.aggregate(latest=Max("due_date"))["latest"]  # of every item, in the profile or not
    recounted = (in_profile.count(), in_profile.filter(done=True).count(), latest)
    services.plan_counters_recompute(plans=IntroductionPlan.objects.filter(pk=plan.pk))
    plan.refresh_from_db(fields=fields)
    assert (plan.items_in_profile, plan.items_done, plan.last_due_date) == recounted  # the recount agrees
    return stored, recounted


def test_the_plans_item_counters_follow_creation_ticks_and_profile_changes(world):
    enhetschef = world.user(Role.ENHETSCHEF)
    plan = plan_for(world.hire, start=datetime.date(2026, 3, 2), profile=IntroductionProfile.NEW_TO_MUNICIPALITY)
    stored, recounted = _stored_and_recounted(plan)
    assert stored == recounted and stored[0] > 0 and stored[1] == 0 and stored[2] is not None

    shared = plan.items.get(title="Del 1 genomförd")
    services.plan_item_tick(item_id=shared.pk, actor=enhetschef, done=True, expected_version=shared.version)
    stored, recounted = _stored_and_recounted(plan)
    assert stored == recounted and stored[1] == 1

    plan = services.plan_change_profile(plan=plan, actor=enhetschef, profile=IntroductionProfile.NEWLY_GRADUATED)
    slow_start = plan.items.get(title="Första enkla ärenden (långsam start)")
    services.plan_item_tick(item_id=slow_start.pk, actor=enhetschef, done=True, expected_version=slow_start.version)
    stored, recounted = _stored_and_recounted(plan)
    assert stored == recounted and stored[1] == 2

    # Back to the narrow profile: the ticked item outside it no longer counts, in items or in done.
    plan = services.plan_change_profile(plan=plan, actor=enhetschef, profile=IntroductionProfile.NEW_TO_MUNICIPALITY)
    stored, recounted = _stored_and_recounted(plan)
    assert stored == recounted and stored[1] == 1

    shared.refresh_from_db()
    services.plan_item_tick(item_id=shared.pk, actor=enhetschef, done=False, expected_version=shared.version)
    stored, recounted = _stored_and_recounted(plan)
    assert stored == recounted and stored[1] == 0


def test_a_tick_that_changes_nothing_moves_no_counter(world):
    enhetschef = world.user(Role.ENHETSCHEF)
    plan = plan_for(world.hire, start=datetime.date(2026, 3, 2))
    item = plan.items.get(title="Del 1 genomförd")
    item = services.plan_item_tick(item_id=item.pk, actor=enhetschef, done=True, expected_version=item.version)
    services.plan_item_tick(item_id=item.pk, actor=enhetschef, done=True, expected_version=item.version, note="Klar")
    stored, recounted = _stored_and_recounted(plan)
    assert stored == recounted and stored[1] == 1
