import datetime

import pytest

from checklists import services
from checklists.models import IntroductionPlan
from districts import clock
from districts.models import Role
from districts.signals import hires_added
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_hires_added_creates_a_plan_for_each_new_hire_without_one(world):
    hire = StaffMemberFactory(unit=world.own_unit, introduction_profile="ny_malgrupp")
    no_start = StaffMemberFactory(unit=world.own_unit, employment_start=None)
    no_profile = StaffMemberFactory(
        unit=world.own_unit, introduction_profile="", supervisor=world.people[Role.FORSTE_SOCIALSEKRETERARE]
    )

    hires_added.send(sender=None, staff_ids=[hire.pk, no_start.pk, no_profile.pk])
    hires_added.send(sender=None, staff_ids=[hire.pk])  # again: no second plan, no error

    assert IntroductionPlan.objects.get(staff=hire).profile == "ny_malgrupp"
    assert IntroductionPlan.objects.get(staff=no_profile).profile == "nyexaminerad"  # the default profile
    assert IntroductionPlan.objects.get(staff=no_profile).supervisor == world.people[Role.FORSTE_SOCIALSEKRETERARE]
    assert not IntroductionPlan.objects.filter(staff=no_start).exists()
    plan = IntroductionPlan.objects.get(staff=hire)
    # Day 120 from the start, moved to the Monday after when it falls on a weekend.
    due = plan.items.get(title="Del 1 genomförd").due_date
    assert due == services.due_date_for(start_date=hire.employment_start, due_day=120) and due.weekday() < 5
    assert 0 <= (due - hire.employment_start).days - 120 <= 2


def test_completing_del1_ticks_the_linked_item_attributed_to_the_nomination(world):
    from checklists.models import EventSource, PlanItem
    from checklists.tests.factories import plan_for
    from courses.models import Nomination, NominationStatus
    from courses.signals import participation_completed
    from courses.tests.factories import CourseRoundFactory, del1_of

    plan = plan_for(world.hire)
    del1 = del1_of(world.organisation)
    nomination = Nomination.objects.create(
        course_round=CourseRoundFactory(course=del1), staff=world.hire, status=NominationStatus.COMPLETED
    )

    participation_completed.send(sender=Nomination, nomination=nomination)
    participation_completed.send(sender=Nomination, nomination=nomination)  # delivered twice: one tick

    item = PlanItem.objects.get(plan=plan, title="Del 1 genomförd")
    assert item.done and item.done_by is None
    event = item.events.get()
    assert event.source == EventSource.AUTOMATIC
    assert event.reference == f"nomination:{nomination.pk}"
    assert event.description == f"Automatiskt: kurs {del1.name} slutförd"
    assert not PlanItem.objects.filter(plan=plan, title="Alla Del 2-teman genomförda", done=True).exists()


def test_attending_a_session_ticks_items_linked_to_its_module(world):
    from checklists import services
    from checklists.models import PlanItem, ResponsibleRole
    from checklists.tests.factories import ensure_default_template
    from courses.models import Attendance, Nomination, NominationStatus
    from courses.signals import session_attended
    from courses.tests.factories import CourseRoundFactory, del2_of

    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    version = ensure_default_template(world.organisation)
    draft = services.template_version_draft(template=version.template, actor=coordinator)
    module = del2_of(world.organisation).modules.first()
    services.template_item_create(
        version=draft,
        phase=draft.phases.get(phase="forsta_aret"),
        title=f"Tema: {module.title}",
        responsible_role=ResponsibleRole.HIRE,
        due_day=300,
        profiles=["nyexaminerad"],
        course_module=module,
    )
    services.template_version_publish(version=draft, actor=coordinator)
    plan = services.plan_create(staff=world.hire)
    course_round = CourseRoundFactory(course=module.course)
    session = course_round.sessions.get()
    session.modules.add(module)
    nomination = Nomination.objects.create(course_round=course_round, staff=world.hire, status=NominationStatus.BOOKED)
    attendance = Attendance.objects.create(session=session, nomination=nomination, present=True)

    session_attended.send(sender=Attendance, attendance=attendance)

    item = PlanItem.objects.get(plan=plan, title=f"Tema: {module.title}")
    assert item.done
    event = item.events.get()
    assert event.reference == f"attendance:{attendance.pk}"
    # Dated when the session ended (the theme was done then), not when the attendance reached the plan.
    ended = datetime.datetime.combine(session.date, session.end_time, tzinfo=clock.STOCKHOLM)
    assert event.at == ended and item.done_at == ended


def _enrolled_item(plan):
    from checklists.models import PlanItem

    return PlanItem.objects.get(plan=plan, title="Anmäld till Del 1")


@pytest.mark.frozen_dates
def test_a_booked_seat_ticks_anmald_till_del1_at_the_time_of_the_booking(world, django_capture_on_commit_callbacks):
    from checklists.models import EventSource
    from checklists.tests.factories import plan_for
    from conftest import travel_to
    from courses import services as course_services
    from courses.models import NominationEventKind
    from courses.tests.factories import CourseRoundFactory, del1_of

    plan = plan_for(world.hire)
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    with django_capture_on_commit_callbacks() as callbacks:
        nomination = course_services.round_nominate(
            course_round=course_round, staff=world.hire, actor=world.user(Role.ENHETSCHEF)
        )
    booked = nomination.events.get(kind=NominationEventKind.BOOKED)
    # The hook reaches the plan a day later (a slow queue): the tick still carries the booking's time.
    with travel_to(clock.today() + datetime.timedelta(days=1)):
        for callback in callbacks:
            callback()

    item = _enrolled_item(plan)
    event = item.events.get()
    assert item.done and item.done_at == booked.at and event.at == booked.at
    assert event.recorded_at > booked.at
    assert event.source == EventSource.AUTOMATIC and event.reference == f"nomination-event:{booked.pk}"
    assert event.description == f"Automatiskt: plats bokad på {course_round.title}"
    assert not item.plan.items.get(title="Del 1 genomförd").done  # a booking is not a completion


def test_a_seat_from_the_waitlist_ticks_and_cancelling_the_last_seat_unticks_keeping_the_history(
    world, django_capture_on_commit_callbacks
):
    from checklists.tests.factories import plan_for
    from courses import services as course_services
    from courses.models import NominationEventKind
    from courses.tests.factories import CourseRoundFactory, del1_of
    from districts.tests.factories import StaffMemberFactory

    plan = plan_for(world.hire)
    del1 = del1_of(world.organisation)
    full = CourseRoundFactory(course=del1, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        other = course_services.round_nominate(
            course_round=full, staff=StaffMemberFactory(unit=world.own_unit), actor=None
        )
        waiting = course_services.round_nominate(course_round=full, staff=world.hire, actor=None)
    assert not _enrolled_item(plan).done  # a waitlist place is no seat

    with django_capture_on_commit_callbacks(execute=True):
        course_services.nomination_cancel(nomination=other, actor=None)
    item = _enrolled_item(plan)
    promoted = waiting.events.get(kind=NominationEventKind.PROMOTED)
    assert item.done and item.done_at == promoted.at
    assert item.events.get().description == f"Automatiskt: fick plats från reservlistan på {full.title}"

    with django_capture_on_commit_callbacks(execute=True):
        course_services.nomination_cancel(nomination=waiting, actor=None)
    item = _enrolled_item(plan)
    cancelled = waiting.events.get(kind=NominationEventKind.CANCELLED)
    assert not item.done and item.done_at is None
    history = list(item.events.order_by("at", "pk").values_list("old_done", "new_done", "reference"))
    assert history == [
        (False, True, f"nomination-event:{promoted.pk}"),
        (True, False, f"nomination-event:{cancelled.pk}"),
    ]


def test_moving_a_del1_booking_to_another_round_keeps_the_tick(world, django_capture_on_commit_callbacks):
    """One Del 1 per person: a second place cannot exist, but a move gives up one seat for another."""
    from checklists.tests.factories import plan_for
    from courses import services as course_services
    from courses.tests.factories import CourseRoundFactory, del1_of

    plan = plan_for(world.hire)
    del1 = del1_of(world.organisation)
    first = CourseRoundFactory(course=del1, session_dates=[clock.today() + datetime.timedelta(days=30)])
    later = CourseRoundFactory(course=del1, session_dates=[clock.today() + datetime.timedelta(days=90)])
    with django_capture_on_commit_callbacks(execute=True):
        nomination = course_services.round_nominate(course_round=first, staff=world.hire, actor=None)
    assert _enrolled_item(plan).done
    with django_capture_on_commit_callbacks(execute=True):
        course_services.nomination_move(nomination=nomination, target=later, actor=None)
    item = _enrolled_item(plan)
    assert item.done  # still holds a seat on Del 1: the move is not a cancellation
    events = list(item.events.order_by("pk"))
    assert events and all(event.new_done for event in events)  # never unticked on the way
