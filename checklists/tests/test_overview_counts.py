"""The overview's kept district rows: read again in one query, and counted again on a new day or after a write."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from checklists import overview_counts, selectors, services
from checklists.models import IntroductionPlan, PlanOverviewCounts
from checklists.selectors.lists import district_overview_counted
from checklists.selectors.plans import visible_plans
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


def _picked(user, *, state, sort, today=None):
    """The list's order as the database picks it on every request (what the kept order must equal)."""
    plans = selectors.plans_in_state(plans=visible_plans(user=user), state=state, today=today)
    return list(selectors.sorted_plans(plans=plans, sort=sort, today=today).values_list("pk", flat=True))


@pytest.mark.parametrize("sort", sorted(selectors.KEPT_SORTS))
@pytest.mark.parametrize("state", list(selectors.PLAN_STATES))
def test_a_kept_order_is_the_picked_one_and_read_again_in_one_query(
    world, plans, state, sort, django_assert_num_queries
):
    hr = world.user(Role.HR)
    picked = _picked(hr, state=state, sort=sort)
    assert selectors.kept_plan_order(user=hr, state=state, sort=sort) == picked and picked
    assert f"{state}:{sort}" in PlanOverviewCounts.objects.get(organisation=world.organisation).orders
    with django_assert_num_queries(1):
        assert selectors.kept_plan_order(user=hr, state=state, sort=sort) == picked


def test_a_renamed_hire_a_tick_and_a_new_day_pick_the_order_again(world, plans):
    hr = world.user(Role.HR)
    by_name = selectors.kept_plan_order(user=hr, state="alla", sort="framsteg")  # none ticked: all at 0 %, by name
    assert by_name == _picked(hr, state="alla", sort="framsteg")
    first = IntroductionPlan.objects.get(pk=by_name[0]).staff
    first.last_name = "Östlund"  # after every other name
    first.save()
    renamed = selectors.kept_plan_order(user=hr, state="alla", sort="framsteg")
    assert renamed.index(by_name[0]) > 0 and renamed == _picked(hr, state="alla", sort="framsteg")

    _tick_first_open(IntroductionPlan.objects.get(pk=renamed[0]))
    ticked = selectors.kept_plan_order(user=hr, state="alla", sort="framsteg")
    assert ticked.index(renamed[0]) > 0 and ticked == _picked(hr, state="alla", sort="framsteg")

    selectors.kept_plan_order(user=hr, state="alla", sort="forsenade")
    later = clock.today() + datetime.timedelta(days=400)  # items fall due without a write
    moved = selectors.kept_plan_order(user=hr, state="alla", sort="forsenade", today=later)
    assert moved == _picked(hr, state="alla", sort="forsenade", today=later)
    kept = PlanOverviewCounts.objects.get(organisation=world.organisation).orders["alla:forsenade"]
    assert kept["on"] == later.isoformat()


def test_a_write_during_the_pick_is_not_hidden(world, plans):
    hr = world.user(Role.HR)
    today = clock.today()
    key = "alla:framsteg"
    read = overview_counts.kept_order(organisation_id=world.organisation.pk, key=key, today=today)
    picked = _picked(hr, state="alla", sort="framsteg")
    _tick_first_open(plans[1])  # commits a tick after the pick read its plans
    overview_counts.keep_order(organisation_id=world.organisation.pk, key=key, today=today, read=read, ids=picked)
    assert key not in PlanOverviewCounts.objects.get(organisation=world.organisation).orders
    assert (
        selectors.kept_plan_order(user=hr, state="alla", sort="framsteg")
        == _picked(hr, state="alla", sort="framsteg")
        != picked
    )


def test_only_organisation_wide_readers_and_kept_sorts_keep_an_order(world, plans):
    for role in (Role.UTBILDARSTOD, Role.ENHETSCHEF):
        assert selectors.kept_plan_order(user=world.user(role), state="alla", sort="forsenade") is None
    assert selectors.kept_plan_order(user=world.user(Role.HR), state="alla", sort="namn") is None
    assert PlanOverviewCounts.objects.get(organisation=world.organisation).orders == {}


def test_the_overview_pages_in_a_kept_order_show_the_picked_plans(world, plans, client):
    hr = world.user(Role.HR)
    client.force_login(hr)
    picked = _picked(hr, state="alla", sort="-forsenade")
    for _read in ("picked", "kept"):
        response = client.get(reverse("checklists:overview"), {"sort": "-forsenade", "visa": "alla"})
        assert [plan.pk for plan in response.context["page"].object_list] == picked
