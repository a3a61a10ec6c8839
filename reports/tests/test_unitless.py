"""Staff without a unit: counted under "Utan enhet" for organisation-wide readers, unseen by district readers."""

import datetime

import pytest

from courses.models import NominationStatus
from districts.models import Gender, Role
from districts.tests.factories import StaffMemberFactory
from reports.enrolment import enrolment_report
from reports.equality import equality_report
from reports.filters import ReportFilters
from reports.participation import participation_report
from surveys.tests.records import _nominate, build_records

pytestmark = pytest.mark.django_db

YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


@pytest.fixture
def records():
    records = build_records()
    unitless = StaffMemberFactory(
        organisation=records.organisation,
        unit=None,
        gender=Gender.KVINNA,
        roles=[Role.SOCIALSEKRETERARE],
        employment_start=datetime.date(2025, 1, 13),
    )
    _nominate(records.rounds["R1"], unitless, NominationStatus.COMPLETED)
    records.district_reader = StaffMemberFactory(unit=records.unit_a, roles=[Role.UTBILDARSTOD], with_login=True).user
    return records


def _first_rows(report, table=0, key=0):
    return {row[key]: row for row in report.tables[table].rows}


def test_organisation_wide_readers_count_staff_without_a_unit(records):
    enrolment = _first_rows(enrolment_report(user=records.coordinator, filters=YEAR_2025))
    assert enrolment[next(k for k in enrolment if k.startswith("R1"))][1:3] == [
        9,
        6 + 1,
    ]  # 8 before; women: 6 in units + her

    participation = participation_report(user=records.coordinator, filters=YEAR_2025)
    assert _first_rows(participation)["Utan enhet"][1] == 1
    assert _first_rows(participation, table=1, key=1)["Utan enhet"][-1] == 1

    equality = _first_rows(
        equality_report(user=records.coordinator, filters=YEAR_2025, today=datetime.date(2026, 1, 1))
    )
    assert equality["Utan enhet"][1] == 1
    assert list(equality)[-1] == "Utan enhet"


def test_district_readers_do_not_see_staff_without_a_unit(records):
    enrolment = _first_rows(enrolment_report(user=records.district_reader, filters=YEAR_2025))
    assert enrolment[next(k for k in enrolment if k.startswith("R1"))][1] == 6  # Angered's people only

    participation = participation_report(user=records.district_reader, filters=YEAR_2025)
    assert "Utan enhet" not in _first_rows(participation)
    equality = equality_report(user=records.district_reader, filters=YEAR_2025, today=datetime.date(2026, 1, 1))
    assert "Utan enhet" not in _first_rows(equality)


def test_a_district_filter_leaves_staff_without_a_unit_out(records):
    filters = ReportFilters(start=YEAR_2025.start, end=YEAR_2025.end, district_id=records.district_a.pk)
    participation = participation_report(user=records.coordinator, filters=filters)
    assert "Utan enhet" not in _first_rows(participation)
