import datetime

import pytest

from checklists import demo
from checklists.models import IntroductionPlan, PlanItem
from districts import clock
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_seed_lays_out_plans_with_some_items_ticked_and_is_idempotent(world):
    today = clock.today()
    for days in (20, 200, 400):
        StaffMemberFactory(
            unit=world.own_unit,
            supervisor=world.people["forste_socialsekreterare"],
            introduction_profile="nyexaminerad",
            employment_start=today - datetime.timedelta(days=days),
        )
    leaver = StaffMemberFactory(
        unit=world.own_unit,
        introduction_profile="nyexaminerad",
        employment_start=today - datetime.timedelta(days=300),
        employment_end=today - datetime.timedelta(days=10),
    )
    created = demo.seed(organisation=world.organisation, today=today)
    assert created == 4
    assert IntroductionPlan.objects.get(staff=leaver).status == "closed"  # as the nightly run leaves it
    assert demo.seed(organisation=world.organisation, today=today) == 0
    items = PlanItem.objects.filter(plan__in=IntroductionPlan.objects.all())
    past = items.filter(due_date__lt=today)
    assert 0.6 < past.filter(done=True).count() / past.count() < 1
    assert not items.filter(due_date__gt=today + datetime.timedelta(days=14), done=True).exists()
    assert all(item.events.exists() for item in items.filter(done=True)[:10])
