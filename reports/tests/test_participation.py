import datetime

import pytest

from reports.filters import ReportFilters
from reports.participation import participation_report
from surveys.tests.records import build_records

pytestmark = pytest.mark.django_db

YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


def test_units_and_districts_sent_and_those_that_sent_none():
    records = build_records()
    report = participation_report(user=records.coordinator, filters=YEAR_2025)
    districts, units, none_sent, _why_not = report.tables
    course_names = [column.label for column in districts.columns[1:-1]]
    assert course_names[:2] == ["Del 1", "Del 2"]
    by_district = {row[0]: dict(zip([*course_names, "total"], row[1:], strict=True)) for row in districts.rows}
    # Angered: R1 4 completed + 2 dropped, R2 3, R3 1 = 10 people; Lundby: R1 2 + R3 3 = 5.
    assert by_district["Angered"]["Del 1"] == 10 and by_district["Angered"]["total"] == 10
    assert by_district["Lundby"]["Del 1"] == 5 and by_district["Lundby"]["Del 2"] == 0
    by_unit = {row[1]: row[-1] for row in units.rows}
    assert by_unit == {"Barn och unga A": 10, "Vuxna B": 5, "Försörjningsstöd B": 0}
    assert none_sent.rows == [["Lundby", "Försörjningsstöd B", "Försörjningsstöd"]]


def test_participation_counts_people_once_per_course():
    from courses.models import Nomination, NominationStatus

    records = build_records()
    person = Nomination.objects.filter(course_round=records.rounds["R2"]).first().staff
    Nomination.objects.create(course_round=records.rounds["R3"], staff=person, status=NominationStatus.COMPLETED)
    report = participation_report(user=records.coordinator, filters=YEAR_2025)
    assert {row[0]: row[-1] for row in report.tables[0].rows}["Angered"] == 10


def test_a_units_hidden_count_cannot_be_worked_out_from_its_district():
    from districts.tests.factories import UnitFactory
    from reports.suppression import Hidden
    from surveys.tests.records import _nominate, _person

    records = build_records(threshold=3)
    # Lundby: Vuxna B sent 5 to Del 1; a new unit sends 2, hidden. Without more hiding, 7 - 5 = 2.
    small_unit = UnitFactory(district=records.district_b, name="Äldre B")
    for _ in range(2):
        _nominate(records.rounds["R1"], _person(small_unit), "completed")
    report = participation_report(user=records.coordinator, filters=YEAR_2025)
    districts, units, _none, _why_not = report.tables
    by_unit = {row[1]: row[-1] for row in units.rows}
    assert by_unit["Äldre B"] == Hidden(3)
    lundby = next(row for row in districts.rows if row[0] == "Lundby")
    # Försörjningsstöd B sent nobody, so Vuxna B (the only other unit with people) is withheld too.
    assert by_unit["Vuxna B"] == Hidden(3, complementary=True) and lundby[-1] == 7
    assert by_unit["Barn och unga A"] == 10  # Angered has no hidden unit: nothing more is withheld


def test_participation_counts_the_enrolled_as_the_enrolment_report_does():
    from courses.models import Nomination, NominationEvent, NominationEventKind, NominationStatus
    from districts.tests.factories import StaffMemberFactory
    from reports.enrolment import STOCKHOLM

    records = build_records()
    r3 = records.rounds["R3"]  # 10 April 2025

    def cancelled(day):
        nomination = Nomination.objects.create(
            course_round=r3, staff=StaffMemberFactory(unit=records.unit_b), status=NominationStatus.CANCELLED
        )
        for kind, when in (
            (NominationEventKind.BOOKED, datetime.date(2025, 3, 1)),
            (NominationEventKind.CANCELLED, day),
        ):
            at = datetime.datetime.combine(when, datetime.time(8), tzinfo=STOCKHOLM)
            NominationEvent.objects.create(nomination=nomination, kind=kind, at=at)

    cancelled(datetime.date(2025, 4, 9))  # the day before: not enrolled
    cancelled(datetime.date(2025, 4, 10))  # on the first day: enrolled
    report = participation_report(user=records.coordinator, filters=YEAR_2025)
    assert {row[0]: row[-1] for row in report.tables[0].rows}["Lundby"] == 5 + 1
