"""Settling outcomes when a round is marked held ticks the completed hire's linked plan item."""

import pytest

from courses import services
from courses.outcomes import Outcome
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_completed_when_the_round_is_held_ticks_del1_and_not_completed_does_not(
    world, django_capture_on_commit_callbacks
):
    from checklists.models import PlanItem
    from checklists.tests.factories import plan_for

    hire_plan = plan_for(world.hire)
    other = StaffMemberFactory(unit=world.own_unit, roles=[Role.SOCIALSEKRETERARE])
    other_plan = plan_for(other)
    course_round = CourseRoundFactory(course=del1_of(world.organisation), session_dates=[clock.today()])
    done, not_done = (
        services.round_nominate(course_round=course_round, staff=person, actor=None) for person in (world.hire, other)
    )
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_mark_held(
            course_round=course_round,
            actor=coordinator,
            outcomes={done.pk: Outcome(completed=True), not_done.pk: Outcome(completed=False, reason="illness")},
        )
    ticked = PlanItem.objects.get(plan=hire_plan, title="Del 1 genomförd")
    assert ticked.done
    assert ticked.events.get().reference == f"nomination:{done.pk}"
    assert not PlanItem.objects.get(plan=other_plan, title="Del 1 genomförd").done
