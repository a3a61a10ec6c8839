import datetime

import pytest

from courses import selectors, services
from courses.tests.factories import CourseRoundFactory, del1_of, del2_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_dates]  # dates relative to today: run on each frozen date


def _hire(world, start):
    return StaffMemberFactory(unit=world.own_unit, employment_start=start, roles=[Role.SOCIALSEKRETERARE])


def test_deadline_list_for_a_hire_starting_on_the_last_day_of_october(world):
    today = datetime.date(2027, 2, 1)
    hire = _hire(world, datetime.date(2026, 10, 31))
    late = _hire(world, datetime.date(2026, 9, 15))
    rows = selectors.hires_without_del1_booking(user=world.user(Role.ENHETSCHEF), today=today)
    by_staff = {row.staff.pk: row for row in rows}
    assert by_staff[hire.pk].status.deadline == datetime.date(2027, 2, 28)
    assert by_staff[hire.pk].days_left == 27 and not by_staff[hire.pk].overdue
    assert by_staff[late.pk].overdue and by_staff[late.pk].days_overdue == 17
    assert rows[0].staff == late  # overdue first
    assert world.other_hire.pk not in by_staff  # another unit's hire is not the enhetschef's


def test_booked_and_completed_hires_leave_the_list_and_status_says_why(world):
    today = clock.today()
    hire = _hire(world, today - datetime.timedelta(days=20))
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    services.round_nominate(course_round=course_round, staff=hire, actor=None)
    rows = selectors.hires_without_del1_booking(user=world.user(Role.ENHETSCHEF), today=today)
    assert hire.pk not in {row.staff.pk for row in rows}
    status = selectors.del1_status_for_staff(staff_ids=[hire.pk])[hire.pk]
    assert status.booked and status.round_id == course_round.pk and not status.completed


def test_del2_progress_counts_themes_of_attended_sessions(world):
    today = clock.today()
    course = del2_of(world.organisation)
    course_round = CourseRoundFactory(course=course, session_dates=[today - datetime.timedelta(days=1), today])
    first, second = course_round.sessions.all()
    themes = list(course.modules.all())
    first.modules.set(themes[:4])
    second.modules.set(themes[3:7])
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    services.attendance_record(course_round=course_round, present={(first.pk, nomination.pk)}, actor=None)
    assert selectors.del2_progress(staff_ids=[world.hire.pk]) == {world.hire.pk: (4, 19)}
    services.attendance_record(
        course_round=course_round, present={(first.pk, nomination.pk), (second.pk, nomination.pk)}, actor=None
    )
    assert selectors.del2_progress(staff_ids=[world.hire.pk, world.other_hire.pk]) == {
        world.hire.pk: (7, 19),
        world.other_hire.pk: (0, 19),
    }


def test_the_most_overdue_come_first_and_each_has_a_proposal_marked_after_the_deadline(world):
    today = clock.today()
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), session_dates=[today + datetime.timedelta(days=14)]
    )
    a_little_late = _hire(world, today - datetime.timedelta(days=130))
    very_late = _hire(world, today - datetime.timedelta(days=300))
    in_time = _hire(world, today - datetime.timedelta(days=10))
    rows = selectors.hires_without_del1_booking(user=world.user(Role.ENHETSCHEF), today=today)
    ours = [row for row in rows if row.staff in (a_little_late, very_late, in_time)]
    assert [row.staff for row in ours] == [very_late, a_little_late, in_time]
    assert [row.proposal.course_round for row in ours] == [course_round] * 3
    assert [row.proposal.after_deadline for row in ours] == [True, True, False]
    waiting = selectors.del1_waiting_queryset(user=world.user(Role.ENHETSCHEF), today=today)
    page_rows = selectors.del1_deadline_rows(staff_list=list(waiting), today=today)
    assert [row.staff for row in page_rows if row.staff in (a_little_late, very_late)] == [very_late, a_little_late]


def test_a_seat_on_a_cancelled_del1_round_holds_no_seat_and_the_hire_still_waits(world):
    from courses.models import CourseKind, Nomination, NominationStatus, RoundStatus
    from courses.selectors.hires import del1_waiting_to_count

    today = clock.today()
    on_cancelled = _hire(world, today - datetime.timedelta(days=20))
    seated = _hire(world, today - datetime.timedelta(days=20))
    cancelled = CourseRoundFactory(course=del1_of(world.organisation), status=RoundStatus.CANCELLED)
    held = CourseRoundFactory(course=del1_of(world.organisation))
    for course_round, hire in ((cancelled, on_cancelled), (held, seated)):
        Nomination.objects.create(
            course_round=course_round, staff=hire, status=NominationStatus.BOOKED, course_kind=CourseKind.DEL1
        )
    user = world.user(Role.ENHETSCHEF)
    for waiting in (
        selectors.del1_waiting_queryset(user=user, today=today),
        del1_waiting_to_count(user=user, today=today),
    ):
        ids = set(waiting.values_list("pk", flat=True))
        assert on_cancelled.pk in ids and seated.pk not in ids
