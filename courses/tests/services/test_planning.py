import datetime

import pytest
from django.core.exceptions import ValidationError

from courses import planning, services
from courses.models import CourseKind, CourseRound, RoundStatus
from districts.tests.factories import OrganisationFactory

# About 25 s alone (three years of nightly runs, below): scheduled first under -n, not among the short files at the end.
pytestmark = [pytest.mark.django_db, pytest.mark.long_running(25)]
TODAY = datetime.date(2026, 11, 23)


def test_planning_creates_nine_del1_and_one_del2_and_is_idempotent():
    organisation = OrganisationFactory()
    assert services.rounds_plan(organisation=organisation, today=TODAY) == 10
    assert services.rounds_plan(organisation=organisation, today=TODAY) == 0
    rounds = CourseRound.objects.filter(course__organisation=organisation)
    assert rounds.filter(course__kind=CourseKind.DEL1).count() == 9
    assert rounds.filter(course__kind=CourseKind.DEL2).count() == 1
    del1_days = set(rounds.filter(course__kind=CourseKind.DEL1).values_list("sessions__date", flat=True))
    del2_days = set(rounds.filter(course__kind=CourseKind.DEL2).values_list("sessions__date", flat=True))
    assert len(del2_days) == 13 and not del1_days & del2_days  # the two courses never share a day
    december = rounds.get(planning_key="2026-12")
    assert december.status == RoundStatus.OPEN and december.capacity == 32
    assert december.sessions.count() == 3 and december.starts_on == datetime.date(2026, 12, 8)


def test_planning_leaves_cancelled_and_moved_rounds_as_the_coordinator_left_them():
    organisation = OrganisationFactory()
    services.rounds_plan(organisation=organisation, today=TODAY)
    january = CourseRound.objects.get(course__organisation=organisation, planning_key="2027-01")
    services.round_cancel(course_round=january, actor=None)
    february = CourseRound.objects.get(course__organisation=organisation, planning_key="2027-02")
    services.round_move(actor=None, course_round=february, new_start=datetime.date(2027, 2, 22))
    assert services.rounds_plan(organisation=organisation, today=TODAY) == 0
    january.refresh_from_db()
    february.refresh_from_db()
    assert january.status == RoundStatus.CANCELLED
    assert february.starts_on == datetime.date(2027, 2, 22) and february.moved_by_coordinator
    assert CourseRound.objects.filter(course__organisation=organisation, planning_key="2027-01").count() == 1


def test_planning_follows_the_settings():
    organisation = OrganisationFactory()
    services.planning_settings_update(actor=None, organisation=organisation, excluded_months=[7], capacity=20)
    services.rounds_plan(organisation=organisation, today=TODAY)
    del1_rounds = CourseRound.objects.filter(course__organisation=organisation, course__kind=CourseKind.DEL1)
    assert del1_rounds.count() == 11
    assert set(del1_rounds.values_list("capacity", flat=True)) == {20}


def test_planning_settings_refuse_a_del2_month_without_courses():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.planning_settings_update(actor=None, organisation=organisation, excluded_months=[9])


# 1,095 planner runs on the database: about 36 s alone on a loaded machine (45 s before each run read the
# window's made rounds in one query), several times that in a loaded full run.
@pytest.mark.timeout(900)
def test_nightly_runs_for_three_years_keep_nine_del1_rounds_in_every_twelve_month_window():
    """Run the planner on every day of 2027-2029 (a leap day, six DST changes), as the nightly task does."""
    organisation = OrganisationFactory()
    del1 = CourseRound.objects.filter(course__organisation=organisation, course__kind=CourseKind.DEL1)
    day = datetime.date(2027, 1, 1)
    while day <= datetime.date(2029, 12, 31):
        services.rounds_plan(organisation=organisation, today=day)
        window_start = (
            day.replace(day=1)
            if del1.filter(starts_on__gte=day, starts_on__month=day.month).exists()
            else (planning.add_months_clamped(day.replace(day=1), 1))
        )
        window_end = planning.add_months_clamped(window_start, 12)
        in_window = list(
            del1.filter(starts_on__gte=window_start, starts_on__lt=window_end).values_list("starts_on", flat=True)
        )
        assert len(in_window) == 9, day
        assert not {start.month for start in in_window} & {6, 7, 8}, day
        day += datetime.timedelta(days=1)
    starts = list(del1.values_list("starts_on", flat=True))
    assert len({start.strftime("%Y-%m") for start in starts}) == len(starts) == 9 * 3 + 9
    assert datetime.date(2028, 2, 29) < day


def test_a_planned_round_across_the_spring_dst_change_keeps_local_dates_and_times():
    organisation = OrganisationFactory()
    services.planning_settings_update(actor=None, organisation=organisation, weekday=4, week_of_month=4)
    # 2028: the fourth Friday of March is the 24th, and Easter (16 April) is well after the round.
    services.rounds_plan(organisation=organisation, today=datetime.date(2028, 2, 10))
    march = CourseRound.objects.get(course__organisation=organisation, planning_key="2028-03")
    sessions = list(march.sessions.order_by("date"))
    assert [s.date for s in sessions] == [
        datetime.date(2028, 3, 24),
        datetime.date(2028, 3, 27),  # the clocks went forward on Sunday the 26th
        datetime.date(2028, 3, 28),
    ]
    assert {s.start_time for s in sessions} == {datetime.time(9)}


def test_a_planned_round_steps_over_good_friday_and_easter_monday():
    organisation = OrganisationFactory()
    services.planning_settings_update(actor=None, organisation=organisation, weekday=4, week_of_month=4)
    # 2027: the fourth Friday of March is Långfredagen (26 March), and Annandag påsk follows on the 29th.
    services.rounds_plan(organisation=organisation, today=datetime.date(2027, 2, 10))
    march = CourseRound.objects.get(course__organisation=organisation, planning_key="2027-03")
    assert [s.date for s in march.sessions.order_by("date")] == [
        datetime.date(2027, 3, 30),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 4, 1),
    ]
