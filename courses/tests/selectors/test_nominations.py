import datetime

import pytest

from courses import selectors, services
from courses.models import RoundStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_dates]  # dates relative to today: run on each frozen date


def _hire(world, start):
    return StaffMemberFactory(unit=world.own_unit, employment_start=start, roles=[Role.SOCIALSEKRETERARE])


def test_the_proposal_is_the_earliest_open_round_with_a_seat_ending_before_the_deadline(world):
    today = clock.today()
    hire = _hire(world, today - datetime.timedelta(days=10))
    course = del1_of(world.organisation)
    full = CourseRoundFactory(course=course, capacity=1, session_dates=[today + datetime.timedelta(days=5)])
    services.round_nominate(course_round=full, staff=world.other_hire, actor=None)
    chosen = CourseRoundFactory(course=course, session_dates=[today + datetime.timedelta(days=20)])
    CourseRoundFactory(course=course, session_dates=[today + datetime.timedelta(days=40)])
    CourseRoundFactory(course=course, status=RoundStatus.CANCELLED, session_dates=[today + datetime.timedelta(days=6)])
    assert selectors.proposed_del1_round(staff=hire, today=today) == selectors.Del1Proposal(chosen)
    too_late = _hire(world, today - datetime.timedelta(days=118))  # deadline in about 4 days
    proposal = selectors.proposed_del1_round(staff=too_late, today=today)
    assert proposal.after_deadline and proposal.course_round == chosen  # the full round is skipped here too


def test_an_overdue_hire_gets_the_earliest_round_with_a_seat_marked_after_the_deadline(world):
    today = clock.today()
    course = del1_of(world.organisation)
    full = CourseRoundFactory(course=course, capacity=1, session_dates=[today + datetime.timedelta(days=3)])
    services.round_nominate(course_round=full, staff=world.other_hire, actor=None)
    first_free = CourseRoundFactory(course=course, session_dates=[today + datetime.timedelta(days=30)])
    CourseRoundFactory(course=course, session_dates=[today + datetime.timedelta(days=60)])
    overdue = _hire(world, today - datetime.timedelta(days=200))
    expected = selectors.Del1Proposal(first_free, after_deadline=True)
    assert selectors.proposed_del1_round(staff=overdue, today=today) == expected
    assert selectors.proposed_rounds_for(staff_list=[overdue], today=today) == {overdue.pk: expected}


def test_an_overdue_hire_gets_no_proposal_when_no_coming_round_has_a_seat(world):
    today = clock.today()
    full = CourseRoundFactory(
        course=del1_of(world.organisation), capacity=1, session_dates=[today + datetime.timedelta(days=3)]
    )
    services.round_nominate(course_round=full, staff=world.other_hire, actor=None)
    overdue = _hire(world, today - datetime.timedelta(days=200))
    assert selectors.proposed_del1_round(staff=overdue, today=today) is None


def test_nominations_of_staff_are_scoped(world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    services.round_nominate(course_round=course_round, staff=world.other_hire, actor=None)
    assert selectors.nominations_of_staff(user=world.user(Role.ENHETSCHEF), staff=world.other_hire).count() == 0
    assert selectors.nominations_of_staff(user=world.user(Role.HR), staff=world.other_hire).count() == 1


def test_no_round_is_proposed_that_starts_after_the_employment_ends(world):
    today = clock.today()
    course = del1_of(world.organisation)
    CourseRoundFactory(course=course, session_dates=[today + datetime.timedelta(days=40)])
    world.hire.employment_start = today - datetime.timedelta(days=10)
    world.hire.employment_end = today + datetime.timedelta(days=20)
    world.hire.save()
    assert selectors.proposed_del1_round(staff=world.hire, today=today) is None
    assert selectors.proposed_rounds_for(staff_list=[world.hire], today=today)[world.hire.pk] is None


def test_no_round_is_proposed_that_starts_before_the_employment_starts(world):
    today = clock.today()
    course = del1_of(world.organisation)
    CourseRoundFactory(course=course, session_dates=[today + datetime.timedelta(days=5)])
    after_start = CourseRoundFactory(course=course, session_dates=[today + datetime.timedelta(days=40)])
    starting_soon = _hire(world, today + datetime.timedelta(days=20))
    assert selectors.proposed_del1_round(staff=starting_soon, today=today) == selectors.Del1Proposal(after_start)
    assert selectors.proposed_rounds_for(staff_list=[starting_soon], today=today) == {
        starting_soon.pk: selectors.Del1Proposal(after_start)
    }


def test_nomination_rows_of_visible_staff_are_the_persons_nominations_newest_round_first(world):
    today = clock.today()
    earlier = CourseRoundFactory(
        course=del1_of(world.organisation), session_dates=[today + datetime.timedelta(days=10)]
    )
    later = CourseRoundFactory(
        course__organisation=world.organisation, session_dates=[today + datetime.timedelta(days=40)]
    )
    for course_round in (earlier, later):
        services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    services.round_nominate(course_round=later, staff=world.other_hire, actor=None)
    services.nomination_cancel(nomination=world.hire.nominations.get(course_round=earlier), actor=None)
    shown = selectors.nominations_of_staff(user=world.user(Role.HR), staff=world.hire)
    assert [
        (row.course, row.course_round, row.status_label)
        for row in selectors.nomination_rows_of_visible_staff(staff_id=world.hire.pk)
    ] == [
        (str(nomination.course_round.course), str(nomination.course_round), nomination.get_status_display())
        for nomination in shown
    ]
    assert [row.course_round for row in selectors.nomination_rows_of_visible_staff(staff_id=world.hire.pk)] == [
        later.title,
        earlier.title,
    ]
