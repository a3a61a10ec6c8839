"""The districts' plan tally: every kind of write keeps it as a recount from scratch, and the overview's numbers
from it are those of the plans counted one by one, on the days around a month's turn."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.db.models import Value
from django.test import RequestFactory

from checklists import selectors, services
from checklists.models import PlanItem, PlanTally
from checklists.selectors.lists import district_overview_counted
from checklists.tests.factories import plan_for
from conftest import travel_to
from districts import clock
from districts import services as district_services
from districts.models import Role, StaffMember, Unit
from districts.tests.factories import DistrictFactory, StaffMemberFactory, UnitFactory
from districts.tests.importing.files import apply_file, csv_file

pytestmark = pytest.mark.django_db


def _tally() -> dict:
    """The tally's rows that count something, by key."""
    return {
        (row.organisation_id, row.district_id, row.start_month, row.status): (
            row.plan_count,
            row.items_in_profile,
            row.items_done,
        )
        for row in PlanTally.objects.all()
        if (row.plan_count, row.items_in_profile, row.items_done) != (0, 0, 0)
    }


def _assert_as_recounted(world=None):
    """Assert the tally is as a recount finds it; with `world`, also that its HR reader's overview kept before the
    last write (checklists.overview_counts) is that of the plans counted now, and keep it again after the recount."""
    if world is not None:
        _assert_kept_overview_as_counted(world)
    kept = _tally()
    services.plan_tally_recount()
    assert kept == _tally()
    if world is not None:
        _assert_kept_overview_as_counted(world)


def _assert_kept_overview_as_counted(world):
    hr = world.user(Role.HR)
    for state in selectors.PLAN_STATES:
        assert selectors.district_overview(user=hr, state=state) == district_overview_counted(user=hr, state=state)


def _staff_arguments(staff, **overrides):
    arguments = {
        name: getattr(staff, name)
        for name in (
            "first_name",
            "last_name",
            "work_email",
            "unit",
            "employment_start",
            "employment_end",
            "employment_type",
            "competence_level",
            "introduction_profile",
            "gender",
            "supervisor",
            "mentor",
        )
    }
    return {**arguments, **overrides}


def test_every_write_keeps_the_tally_as_a_recount_finds_it(world):
    support = get_user_model().objects.create_superuser("support", "support@example.org", "x")
    today = clock.today()
    hire = StaffMemberFactory(organisation=world.organisation, unit=world.own_unit, work_email="mover@example.se")
    plan = plan_for(hire, start=today - datetime.timedelta(days=120))
    other = plan_for(StaffMemberFactory(organisation=world.organisation, unit=None), start=today)
    assert _tally()
    _assert_as_recounted(world)

    item = plan.items.order_by("due_date").first()
    services.plan_item_tick(item_id=item.pk, actor=support, done=True, expected_version=item.version)
    _assert_as_recounted(world)
    item.refresh_from_db()
    services.plan_item_tick(item_id=item.pk, actor=support, done=False, expected_version=item.version)
    _assert_as_recounted(world)
    services.plan_change_profile(plan=plan, actor=support, profile="ny_kommun")  # items leave the profile
    _assert_as_recounted(world)
    services.plan_change_profile(plan=plan, actor=support, profile="nyexaminerad")  # and come back
    _assert_as_recounted(world)

    services.plan_close(plan=plan, actor=None, reason="Slutat")
    _assert_as_recounted(world)
    services.plan_reopen(plan=plan, actor=None, reason="Tillbaka")
    _assert_as_recounted(world)

    # Staff move to another district, and out of every unit, on their page; and back through the import.
    hire.refresh_from_db()
    district_services.staff_update(staff=hire, actor=None, **_staff_arguments(hire, unit=world.other_unit))
    _assert_as_recounted(world)
    hire.refresh_from_db()
    district_services.staff_update(staff=hire, actor=None, **_staff_arguments(hire, unit=None))
    _assert_as_recounted(world)
    row = (
        f"Mia;Flytt;mover@example.se;Angered;{world.own_unit.name};Barn och unga;Socialsekreterare;"
        f"{hire.employment_start or today:%Y-%m-%d};Tillsvidare;Nybörjare;;Kvinna;;;"
    )
    apply_file(world, csv_file(row))
    hire.refresh_from_db()
    assert hire.unit == world.own_unit
    _assert_as_recounted(world)

    # A unit moved to another district in the admin takes its people's plans along.
    unit = Unit.objects.get(pk=world.own_unit.pk)
    unit.district = DistrictFactory(organisation=world.organisation, name="Centrum")
    request = RequestFactory().post("/")
    request.user = support
    site._registry[Unit].save_model(request, unit, form=None, change=True)
    _assert_as_recounted(world)
    assert PlanTally.objects.filter(district=unit.district, plan_count__gt=0).exists()

    services.plan_counters_recompute(plans=type(other).objects.filter(pk=other.pk))
    _assert_as_recounted(world)


def test_writes_in_bulk_that_move_people_or_units_between_districts_keep_the_tally(world):
    # Not through a service: a queryset update() or bulk_update() of staff or units tells of the move itself
    # (districts.moves), so the tally per district cannot be left behind by a write in bulk.
    today = clock.today()
    hires = [StaffMemberFactory(organisation=world.organisation, unit=world.own_unit) for _ in range(2)]
    for hire in hires:
        plan_for(hire, start=today - datetime.timedelta(days=30))
    _assert_as_recounted(world)

    StaffMember.objects.filter(pk=hires[0].pk).update(unit=world.other_unit)
    _assert_as_recounted(world)
    StaffMember.objects.filter(pk=hires[0].pk).update(unit_id=None)
    _assert_as_recounted(world)
    StaffMember.objects.filter(pk=hires[0].pk).update(unit_id=Value(world.own_unit.pk))  # an expression: any district
    _assert_as_recounted(world)
    hires[1].unit = world.other_unit
    StaffMember.objects.bulk_update([hires[1]], ["unit"])
    _assert_as_recounted(world)

    centrum = DistrictFactory(organisation=world.organisation, name="Centrum")
    Unit.objects.filter(pk=world.other_unit.pk).update(district=centrum)
    _assert_as_recounted(world)
    assert PlanTally.objects.filter(district=centrum, plan_count__gt=0).exists()
    unit = Unit.objects.get(pk=world.other_unit.pk)
    unit.district = world.own_unit.district
    Unit.objects.bulk_update([unit], ["district"])
    _assert_as_recounted(world)
    assert not PlanTally.objects.filter(district=centrum, plan_count__gt=0).exists()


# The cut-off of the states (in_progress_since) on the first and on the last day of its month, and today on the
# first and the last day of a month.
BOUNDARY_TODAYS = (
    datetime.date(2026, 12, 1),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 2, 28),
    datetime.date(2028, 2, 29),
)


def _todays_with_cut_off_on_month_edges():
    days = set(BOUNDARY_TODAYS)
    for first in (datetime.date(2027, 3, 1), datetime.date(2027, 7, 31)):
        days.add(first + datetime.timedelta(days=selectors.IN_PROGRESS_DAYS))
    return sorted(days)


@pytest.mark.parametrize("today", _todays_with_cut_off_on_month_edges(), ids=str)
def test_the_overview_from_the_tally_equals_the_plans_counted(world, today):
    with travel_to(today):
        since = selectors.in_progress_since()
        month = since.replace(day=1)
        support = get_user_model().objects.create_superuser("support", "support@example.org", "x")
        elsewhere = UnitFactory(district=DistrictFactory(organisation=world.organisation, name="Centrum"))
        starts = [
            since,
            since - datetime.timedelta(days=1),
            month,
            month - datetime.timedelta(days=1),
            (month + datetime.timedelta(days=31)).replace(day=1),
            today - datetime.timedelta(days=60),
            today,
            since - datetime.timedelta(days=400),
        ]
        plans = []
        for number, start in enumerate(starts):
            unit = (world.own_unit, world.other_unit, elsewhere, None)[number % 4]
            plan = plan_for(StaffMemberFactory(organisation=world.organisation, unit=unit), start=start)
            for item in plan.items.filter(due_date__lt=today).order_by("due_date")[: number + 1]:
                services.plan_item_tick(item_id=item.pk, actor=support, done=True, expected_version=item.version)
            plans.append(plan)
        # Finished active plans with items still to come (the default template's last is due on day 730, before
        # the cut-off): an item added late, due today and in a month, with the counters a service moves.
        for plan, due in ((plans[3], today + datetime.timedelta(days=30)), (plans[7], today)):
            first = plan.items.order_by("due_date").first()
            PlanItem.objects.create(
                plan=plan, phase=first.phase, title="Sen punkt", responsible_role=first.responsible_role, due_date=due
            )
            services.plan_counters_add(plan_id=plan.pk, in_profile=1, due_date=due)
        services.plan_close(plan=plans[1], actor=None, reason="Slutat")
        services.plan_close(plan=plans[2], actor=None, reason="Slutat")
        users = [world.user(Role.HR), world.user(Role.UTBILDNINGSSAMORDNARE), support, world.user(Role.UTBILDARSTOD)]
        for user in users:
            for state in selectors.PLAN_STATES:
                assert selectors.district_overview(user=user, state=state) == district_overview_counted(
                    user=user, state=state
                ), (user, state)
        summaries, count = selectors.district_overview(user=users[0], state="alla")
        assert count == len(plans) and any(row["overdue_count"] for row in summaries)
        finished = selectors.district_overview(user=users[0], state="avslutade")[0]
        overdue = PlanItem.objects.filter(
            plan__status="active", plan__start_date__lt=since, in_profile=True, done=False, due_date__lt=today
        )
        assert sum(row["overdue_count"] for row in finished) == overdue.count() > 0
