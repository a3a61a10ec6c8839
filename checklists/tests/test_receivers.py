import datetime

import pytest

from checklists import services
from checklists.models import IntroductionPlan
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
    assert item.events.get().reference == f"attendance:{attendance.pk}"


def test_setting_a_start_date_on_the_staff_page_lays_out_the_plan(world, django_capture_on_commit_callbacks):
    from districts.services import staff_update

    hire = world.hire
    arguments = {
        name: getattr(hire, name)
        for name in (
            "first_name",
            "last_name",
            "work_email",
            "unit",
            "employment_end",
            "employment_type",
            "competence_level",
            "introduction_profile",
            "gender",
            "supervisor",
            "mentor",
        )
    }
    with django_capture_on_commit_callbacks(execute=True):
        staff_update(staff=hire, actor=None, employment_start=datetime.date(2026, 2, 2), **arguments)

    plan = IntroductionPlan.objects.get(staff=hire)
    assert plan.start_date == datetime.date(2026, 2, 2)
    assert plan.items.get(title="Välkomstsamtal med enhetschefen").due_date == datetime.date(2026, 2, 2)
