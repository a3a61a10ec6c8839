"""The overview's kept district rows: read again in one query, and counted again on a new day or after a write."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from checklists import overview_counts, selectors, services
from checklists.models import PlanOverviewCounts
from checklists.selectors.lists import district_overview_counted
from checklists.tests.factories import plan_for
from districts import clock
from districts.models import District, Role
from districts.tests.factories import OrganisationFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(world):
    today = clock.today()
    return [
        plan_for(
            StaffMemberFactory(organisation=world.organisation, unit=unit), start=today - datetime.timedelta(days=days)
        )
        for unit, days in ((world.own_unit, 120), (world.other_unit, 400), (world.own_unit, 1200))
    ]


def _tick_first_open(plan):
    support = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser(
        "support", "support@example.org", "x"
    )
    item = plan.items.filter(done=False).order_by("due_date").first()
    services.plan_item_tick(item_id=item.pk, actor=support, done=True, expected_version=item.version)


def test_a_new_organisation_has_its_row():
    organisation = OrganisationFactory()
    assert PlanOverviewCounts.objects.filter(organisation=organisation, version=0).exists()


@pytest.mark.parametrize("state", list(selectors.PLAN_STATES))
def test_kept_rows_are_read_again_in_one_query(world, plans, state, django_assert_num_queries):
    hr = world.user(Role.HR)
    counted = selectors.district_overview(user=hr, state=state)
    assert counted == district_overview_counted(user=hr, state=state) and counted[1] > 0
    assert state in PlanOverviewCounts.objects.get(organisation=world.organisation).kept
    with django_assert_num_queries(1):
        assert selectors.district_overview(user=hr, state=state) == counted


def test_a_tick_a_new_day_and_a_renamed_district_count_again(world, plans):
    hr = world.user(Role.HR)
    before = selectors.district_overview(user=hr)
    _tick_first_open(plans[0])
    ticked = selectors.district_overview(user=hr)
    assert ticked != before and ticked == district_overview_counted(user=hr, state="pagaende")

    tomorrow = clock.today() + datetime.timedelta(days=400)  # far enough for an item to fall due
    later = selectors.district_overview(user=hr, today=tomorrow)
    assert later == district_overview_counted(user=hr, state="pagaende", today=tomorrow) != ticked

    district = District.objects.get(pk=world.own_unit.district_id)
    district.name = "Angered Nord"
    district.save()
    names = {row["plan__staff__unit__district__name"] for row in selectors.district_overview(user=hr)[0]}
    assert "Angered Nord" in names


def test_a_write_during_the_count_is_not_hidden(world, plans):
    hr = world.user(Role.HR)
    today = clock.today()
    read = overview_counts.kept_overview(organisation_id=world.organisation.pk, state="pagaende", today=today)
    counted = district_overview_counted(user=hr, state="pagaende")
    _tick_first_open(plans[0])  # commits a tick after the count read its plans
    overview_counts.keep_overview(
        organisation_id=world.organisation.pk, state="pagaende", today=today, read=read, overview=counted
    )
    assert "pagaende" not in PlanOverviewCounts.objects.get(organisation=world.organisation).kept
    assert selectors.district_overview(user=hr) == district_overview_counted(user=hr, state="pagaende") != counted


def test_readers_of_less_than_an_organisation_keep_nothing(world, plans):
    for role in (Role.UTBILDARSTOD, Role.ENHETSCHEF):
        user = world.user(role)
        assert selectors.district_overview(user=user) == district_overview_counted(user=user, state="pagaende")
    assert PlanOverviewCounts.objects.get(organisation=world.organisation).kept == {}
