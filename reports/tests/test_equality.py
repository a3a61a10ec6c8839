import datetime

import pytest

from courses.models import Attendance, Nomination, RoundSession
from reports.equality import equality_report
from reports.filters import ReportFilters
from surveys.tests.records import build_hires, build_records

pytestmark = pytest.mark.django_db

YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
JUDGED_ON = datetime.date(2027, 6, 1)


def test_each_district_and_the_whole_city_match_the_hand_count():
    records = build_records()
    build_hires(records)
    report = equality_report(user=records.coordinator, filters=YEAR_2025, today=JUDGED_ON)
    districts, areas = report.tables
    rows = {row[0]: row[1:] for row in districts.rows}
    # hires, Del 1 in time, all Del 2 in time, overdue today. h5 left Lundby during 2025, so is no new
    # hire of 2025 (districts.selectors.new_hire_condition), and Lundby has no row.
    assert rows["Angered"] == [3, 1 / 3, 1 / 2, 2]
    assert "Lundby" not in rows
    assert districts.total == ["Hela organisationen", 3, 1 / 3, 1 / 2, 2]
    assert [row[:3] for row in areas.rows] == [["Angered", "Barn och unga", 3]]


def _session_with_last_theme(records, hire, *, day: datetime.date, present: bool = True, cancelled: bool = False):
    """Put the hire's Del 2 place on a session of the one theme h2 is missing (the 19th)."""
    nomination = Nomination.objects.get(staff=hire, course_round__title="Del 2 2026")
    theme = nomination.course_round.course.modules.order_by("order").last()
    session = RoundSession.objects.create(
        course_round=nomination.course_round,
        date=day,
        start_time=datetime.time(9),
        end_time=datetime.time(16),
        cancelled=cancelled,
    )
    session.modules.set([theme])
    Attendance.objects.create(session=session, nomination=nomination, present=present)


def test_a_theme_counts_from_the_first_session_attended_and_not_from_a_cancelled_one_or_an_absence():
    records = build_records()
    hires = build_hires(records)
    # h2 misses theme 19: not present, or present at a cancelled session, changes nothing.
    _session_with_last_theme(records, hires["h2"], day=datetime.date(2026, 9, 12), present=False)
    _session_with_last_theme(records, hires["h2"], day=datetime.date(2026, 9, 13), cancelled=True)
    # h1 took theme 19 again after her deadline (15 Jan 2027): the first time, in time, is what counts.
    _session_with_last_theme(records, hires["h1"], day=datetime.date(2027, 3, 1))
    rows = {
        row[0]: row[1:]
        for row in equality_report(user=records.coordinator, filters=YEAR_2025, today=JUDGED_ON).tables[0].rows
    }
    assert rows["Angered"] == [3, 1 / 3, 1 / 2, 2]
    # Attended in time, it completes h2's Del 2: both decided hires in time, only h3 overdue.
    _session_with_last_theme(records, hires["h2"], day=datetime.date(2026, 9, 14))
    rows = {
        row[0]: row[1:]
        for row in equality_report(user=records.coordinator, filters=YEAR_2025, today=JUDGED_ON).tables[0].rows
    }
    assert rows["Angered"] == [3, 1 / 3, 1.0, 1]


def test_a_hire_still_inside_the_window_is_not_counted_as_failed():
    records = build_records()
    build_hires(records)
    early = equality_report(user=records.coordinator, filters=YEAR_2025, today=datetime.date(2025, 4, 1))
    rows = {row[0]: row[1:] for row in early.tables[0].rows}
    # On 1 April 2025 only h1 has done Del 1 (in time); nobody's window has closed, no Del 2 decided yet.
    assert rows["Angered"] == [3, 1.0, None, 0]


def test_the_deadline_of_a_hire_starting_on_the_last_day_of_october_is_end_of_february():
    records = build_records()
    build_hires(records)
    before = equality_report(user=records.coordinator, filters=YEAR_2025, today=datetime.date(2026, 2, 28))
    after = equality_report(user=records.coordinator, filters=YEAR_2025, today=datetime.date(2026, 3, 1))
    overdue = {row[0]: row[4] for row in before.tables[0].rows}, {row[0]: row[4] for row in after.tables[0].rows}
    assert overdue[0]["Angered"] == 0
    assert overdue[1]["Angered"] == 1  # h3's Del 1 deadline 28 Feb 2026 has passed


def test_equality_query_count_is_constant(django_assert_max_num_queries):
    from courses.models import Nomination, NominationStatus, RoundStatus
    from courses.tests.factories import CourseRoundFactory, del1_of
    from districts.models import Area, Role
    from districts.tests.factories import StaffMemberFactory, UnitFactory

    records = build_records()
    build_hires(records)
    with django_assert_max_num_queries(7) as few:
        equality_report(user=records.coordinator, filters=YEAR_2025, today=JUDGED_ON)

    # Six more hires in a unit of another area, half of them with Del 1 done: more rows, no more queries.
    unit = UnitFactory(district=records.district_b, name="Nya enheten B", area=Area.FORSORJNINGSSTOD)
    course_round = CourseRoundFactory(
        course=del1_of(records.organisation), status=RoundStatus.HELD, session_dates=[datetime.date(2025, 5, 12)]
    )
    for month in range(1, 7):
        hire = StaffMemberFactory(
            unit=unit, employment_start=datetime.date(2025, month, 1), roles=[Role.SOCIALSEKRETERARE]
        )
        if month % 2:
            Nomination.objects.create(course_round=course_round, staff=hire, status=NominationStatus.COMPLETED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        report = equality_report(user=records.coordinator, filters=YEAR_2025, today=JUDGED_ON)
    assert report.tables[0].total[1] == 3 + 6  # the report did count the new hires


def test_an_areas_hidden_count_cannot_be_worked_out_from_its_district():
    from districts.models import Area, Role
    from districts.tests.factories import StaffMemberFactory, UnitFactory
    from reports.suppression import Hidden

    records = build_records(threshold=3)
    support = UnitFactory(district=records.district_b, name="Ekonomiskt bistånd B", area=Area.FORSORJNINGSSTOD)
    # Two hidden areas in the column, so the whole-organisation total alone would not hide anything more.
    adults_a = UnitFactory(district=records.district_a, name="Vuxna A", area=Area.VUXNA)
    for unit, count in ((records.unit_b, 4), (support, 1), (records.unit_a, 5), (adults_a, 1)):
        for _ in range(count):
            StaffMemberFactory(unit=unit, employment_start=datetime.date(2025, 3, 3), roles=[Role.SOCIALSEKRETERARE])
    districts, areas = equality_report(user=records.coordinator, filters=YEAR_2025, today=JUDGED_ON).tables
    by_area = {(row[0], row[1]): row[2] for row in areas.rows}
    assert {row[0]: row[1] for row in districts.rows} == {"Angered": 6, "Lundby": 5}
    assert by_area[("Lundby", "Försörjningsstöd")] == Hidden(3)
    # Without this, Lundby's 5 minus Vuxna's 4 would give the hidden 1 away.
    assert by_area[("Lundby", "Vuxna")] == Hidden(3, complementary=True)
    assert by_area[("Angered", "Vuxna")] == Hidden(3)
    assert by_area[("Angered", "Barn och unga")] == Hidden(3, complementary=True)  # 6 - 5 would give 1
