import datetime

import pytest
from django.urls import reverse

from checklists import selectors, services
from checklists.tests.factories import plan_for
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _hires(world, count, supervisor):
    return [
        plan_for(
            StaffMemberFactory(unit=world.own_unit, supervisor=supervisor),
            start=datetime.date.today() - datetime.timedelta(days=20 * n),
        )
        for n in range(count)
    ]


def test_progress_and_overdue_are_computed_per_plan(world):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    old = plan_for(world.hire, start=datetime.date.today() - datetime.timedelta(days=200))
    fresh = _hires(world, 1, supervisor)[0]
    item = old.items.order_by("due_date").first()
    services.plan_item_tick(item_id=item.pk, actor=supervisor.user, done=True, expected_version=1)

    rows = {plan.pk: plan for plan in selectors.my_hires(supervisor.user)}
    assert rows[old.pk].item_done == 1
    assert rows[old.pk].progress == 100 // rows[old.pk].item_total
    overdue = old.items.filter(done=False, due_date__lt=datetime.date.today()).count()
    assert rows[old.pk].overdue_count == overdue > 0
    assert rows[fresh.pk].item_done == 0
    by_overdue = list(selectors.my_hires(supervisor.user, sort="forsenade"))
    assert by_overdue[0].pk == old.pk


def test_my_hires_shows_only_the_supervisors_hires(world):
    plan_for(world.hire)
    plan_for(world.other_hire)
    plans = list(selectors.my_hires(world.user(Role.FORSTE_SOCIALSEKRETERARE)))
    assert [plan.staff for plan in plans] == [world.hire]
    assert list(selectors.my_hires(world.other_unit_manager.user)) == []


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("checklists:my_hires", Role.FORSTE_SOCIALSEKRETERARE),
        ("checklists:unit_overview", Role.ENHETSCHEF),
        ("checklists:overview", Role.HR),
    ],
)
def test_list_pages_query_count_does_not_grow(client, world, django_assert_max_num_queries, url_name, role):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    _hires(world, 2, supervisor)
    client.force_login(world.user(role))
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(url_name) + "?sort=framsteg").status_code == 200
    _hires(world, 12, supervisor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(url_name) + "?sort=forsenade")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="plan-row"') == 14


def test_plan_page_query_count_does_not_grow_with_history(client, world, django_assert_max_num_queries):
    plan = plan_for(world.hire)
    manager = world.user(Role.ENHETSCHEF)
    client.force_login(manager)
    url = reverse("checklists:plan_detail", args=[plan.pk])
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    for item in plan.items.all()[:10]:
        services.plan_item_tick(item_id=item.pk, actor=manager, done=True, expected_version=1, note="klart")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("klarmarkerad") >= 10


def test_unit_hires_without_plan_are_the_own_units_hires_with_a_start_and_no_plan(world):
    waiting = StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2026, 2, 2))
    StaffMemberFactory(unit=world.own_unit, employment_start=None)
    plan_for(StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2026, 2, 2)))
    StaffMemberFactory(unit=world.other_hire.unit, employment_start=datetime.date(2026, 2, 2))
    listed = list(selectors.unit_hires_without_plan(world.user(Role.ENHETSCHEF)))
    assert waiting in listed
    assert all(staff.unit_id == world.own_unit.pk and staff.employment_start for staff in listed)
    assert not any(hasattr(staff, "introduction_plan") for staff in listed)
    assert list(selectors.unit_hires_without_plan(world.user(Role.SOCIALSEKRETERARE))) == []
