import pytest

from districts import clock

pytestmark = pytest.mark.django_db


def test_needs_demo_leaves_the_demo_managers_unit_unanswered(world):
    from reports import demo as reports_demo
    from reports.models import NeedsPeriod, NeedsReport

    today = clock.today()
    reports_demo.seed(organisation=world.organisation, today=today)
    reports_demo.seed(organisation=world.organisation, today=today)
    assert not NeedsReport.objects.filter(unit=world.own_unit).exists()
    assert NeedsPeriod.objects.filter(organisation=world.organisation).count() == 1
