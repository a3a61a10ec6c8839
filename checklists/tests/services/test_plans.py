import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from checklists import bilaga3, services
from checklists.models import IntroductionPlan, MeetingKind, PlanItemEvent
from checklists.tests.factories import plan_for
from districts.models import IntroductionProfile, Role

pytestmark = pytest.mark.django_db


def test_new_hire_plan_has_dated_items_from_the_default_template(world):
    start = datetime.date(2026, 3, 2)
    plan = plan_for(world.hire, start=start)

    items = {item.title: item for item in plan.items.all()}
    assert len(items) == len([row for row in bilaga3.ITEMS if "nyexaminerad" in row[5]])
    assert items["IT- och systembehörigheter beställda"].due_date == start - datetime.timedelta(days=10)
    assert items["Del 1 genomförd"].due_date == start + datetime.timedelta(days=120)
    assert plan.supervisor == world.people[Role.FORSTE_SOCIALSEKRETERARE]
    assert plan.manager == world.people[Role.ENHETSCHEF]
    assert plan.template_version.number == 1
    assert plan.goals.count() == 6
    assert plan.meetings.filter(kind=MeetingKind.SUPERVISION).count() == 52
    check_ins = plan.meetings.filter(kind=MeetingKind.MANAGER_CHECK_IN).order_by("starts_at")
    assert [meeting.starts_at.date() for meeting in check_ins][0] >= start + datetime.timedelta(days=30)
    assert check_ins.count() == 4


def test_profile_leaves_out_items_that_do_not_apply(world):
    plan = plan_for(world.hire, profile=IntroductionProfile.NEW_TO_MUNICIPALITY)
    titles = set(plan.items.values_list("title", flat=True))
    assert "Första enkla ärenden (långsam start)" not in titles
    assert "Del 1 genomförd" in titles


def test_a_hire_gets_one_plan_only(world):
    plan_for(world.hire)
    with pytest.raises(ValidationError, match="redan en introduktionsplan"):
        services.plan_create(staff=world.hire)
    assert IntroductionPlan.objects.filter(staff=world.hire).count() == 1


def test_due_dates_on_a_weekend_move_to_a_working_day():
    monday = datetime.date(2026, 3, 2)
    sunday = datetime.date(2026, 3, 1)
    # Before or on the first working day: back to the Friday before, so the start is prepared in time.
    assert services.due_date_for(start_date=monday, due_day=-2) == datetime.date(2026, 2, 27)
    assert services.due_date_for(start_date=monday, due_day=-3) == datetime.date(2026, 2, 27)
    assert services.due_date_for(start_date=sunday, due_day=0) == datetime.date(2026, 2, 27)
    # Later items: on to the Monday after.
    assert services.due_date_for(start_date=monday, due_day=5) == datetime.date(2026, 3, 9)
    assert services.due_date_for(start_date=monday, due_day=6) == datetime.date(2026, 3, 9)
    assert services.due_date_for(start_date=monday, due_day=4) == datetime.date(2026, 3, 6)


def test_no_plan_item_is_due_on_a_weekend(world):
    plan = plan_for(world.hire, start=datetime.date(2026, 3, 4))  # a Wednesday: day -3 and -10 are weekend days
    assert plan.items.exists()
    assert [item.title for item in plan.items.all() if item.due_date.weekday() >= 5] == []


def test_changing_the_profile_adds_items_and_loses_no_tick_or_event(world):
    from checklists.selectors import plan_progress

    enhetschef = world.user(Role.ENHETSCHEF)
    plan = plan_for(world.hire, start=datetime.date(2026, 3, 2), profile=IntroductionProfile.NEW_TO_MUNICIPALITY)
    narrow_count = plan.items.count()
    plan = services.plan_change_profile(plan=plan, actor=enhetschef, profile=IntroductionProfile.NEWLY_GRADUATED)
    slow_start = plan.items.get(title="Första enkla ärenden (långsam start)")
    assert plan.profile == IntroductionProfile.NEWLY_GRADUATED
    assert plan.items.count() > narrow_count
    assert slow_start.in_profile and slow_start.due_date.weekday() < 5
    assert list(slow_start.events.values_list("description", flat=True)) == [
        "Tillagd vid byte av profil från Endast ny i kommunen till Nyexaminerad utan erfarenhet"
    ]

    # Tick the added item and one that both profiles share, then go back to the narrow profile.
    slow_start = services.plan_item_tick(item_id=slow_start.pk, actor=enhetschef, done=True, expected_version=1)
    shared = plan.items.get(title="Del 1 genomförd")
    services.plan_item_tick(item_id=shared.pk, actor=enhetschef, done=True, expected_version=shared.version)
    items_before = set(plan.items.values_list("pk", flat=True))
    events_before = set(PlanItemEvent.objects.filter(item__plan=plan).values_list("pk", flat=True))

    plan = services.plan_change_profile(plan=plan, actor=enhetschef, profile=IntroductionProfile.NEW_TO_MUNICIPALITY)

    assert set(plan.items.values_list("pk", flat=True)) == items_before
    assert events_before < set(PlanItemEvent.objects.filter(item__plan=plan).values_list("pk", flat=True))
    slow_start.refresh_from_db()
    shared.refresh_from_db()
    assert slow_start.done and slow_start.done_by == enhetschef and not slow_start.in_profile
    assert shared.done and shared.in_profile
    assert slow_start.events.count() == 3  # added, ticked, left outside the profile
    assert slow_start.events.first().description.startswith("Utanför profilen")
    items = list(plan.items.all())
    progress = plan_progress(plan=plan, items=items)
    assert progress["total"] == len([item for item in items if item.in_profile]) == narrow_count


def test_changing_the_profile_needs_the_right_to_edit_the_plan(world):
    plan = plan_for(world.hire)
    with pytest.raises(PermissionDenied):
        services.plan_change_profile(
            plan=plan, actor=world.other_unit_manager.user, profile=IntroductionProfile.NEW_TO_MUNICIPALITY
        )
    with pytest.raises(ValidationError):
        services.plan_change_profile(plan=plan, actor=world.user(Role.ENHETSCHEF), profile="okand")
    plan.refresh_from_db()
    assert plan.profile == IntroductionProfile.NEWLY_GRADUATED
