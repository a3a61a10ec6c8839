import datetime

import pytest

from reports.enrolment import enrolment_report
from reports.filters import ReportFilters
from reports.suppression import Hidden
from surveys.tests.records import build_records

pytestmark = pytest.mark.django_db

YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


def _rows(report):
    main = report.tables[0]
    return {row[0].split(" (")[0]: row[1:] for row in main.rows}, main.total


def test_every_number_of_tabell_1_matches_the_hand_count():
    records = build_records()
    rows, total = _rows(enrolment_report(user=records.coordinator, filters=YEAR_2025))
    assert list(rows) == ["R1", "R2", "R3", "Tom omgång"]  # the 2024 and the cancelled round are left out
    assert rows["R1"] == [8, 6, 2, 5, 4, 1, 3 / 8]
    assert rows["R2"] == [3, 3, 0, 0, 0, 0, 1.0]  # everyone dropped out
    assert rows["R3"] == [4, 2, 1, 4, 2, 1, 0.0]  # one of unstated gender in the totals only
    assert rows["Tom omgång"] == [0, 0, 0, 0, 0, 0, None]  # held with nobody: no division by zero
    assert total == ["Totalt", 15, 11, 3, 9, 6, 2, 6 / 15]


def test_drop_out_reasons_are_counted():
    records = build_records()
    reasons = {row[0]: row[1] for row in enrolment_report(user=records.coordinator, filters=YEAR_2025).tables[1].rows}
    assert reasons == {"Tidsbrist": 3, "Bytt arbete": 1, "Slutat sin anställning": 0, "Sjukdom": 1, "Annat": 1}


def test_a_district_scoped_reader_counts_only_their_district():
    from districts.models import Role
    from districts.tests.factories import StaffMemberFactory

    records = build_records()
    trainer = StaffMemberFactory(unit=records.unit_b, roles=[Role.UTBILDARSTOD], with_login=True)
    rows, total = _rows(enrolment_report(user=trainer.user, filters=YEAR_2025))
    # Lundby sent two men to R1 (one completed, one dropped out) and three people to R3.
    assert rows["R1"] == [2, 0, 2, 1, 0, 1, 0.5]
    assert rows["R3"] == [3, 1, 1, 3, 1, 1, 0.0]
    assert total[1] == 5


def test_the_district_and_area_filters_narrow_the_count():
    records = build_records()
    only_a = ReportFilters(start=YEAR_2025.start, end=YEAR_2025.end, district_id=records.district_a.pk)
    rows, total = _rows(enrolment_report(user=records.coordinator, filters=only_a))
    assert total[1] == 15 - 5
    vuxna = ReportFilters(start=YEAR_2025.start, end=YEAR_2025.end, area="vuxna")
    rows, total = _rows(enrolment_report(user=records.coordinator, filters=vuxna))
    assert total[1] == 5


def test_small_groups_are_hidden_and_both_genders_go_together():
    records = build_records(threshold=5)
    rows, total = _rows(enrolment_report(user=records.coordinator, filters=YEAR_2025))
    hidden = Hidden(5)
    # R1: 8 enrolled shown; 6 women / 2 men -> both hidden, else 8 - 6 would give the men away.
    # R1's 5 completed is hidden as well (".."): R3's 4 completed is the column's only hidden cell, and
    # the total 9 minus the others would give it away.
    withheld = Hidden(5, complementary=True)
    # The 6 women are hidden for the 2 men's sake and show "..", since 6 is not "< 5".
    assert rows["R1"] == [8, withheld, hidden, withheld, hidden, hidden, 3 / 8]
    assert rows["R2"] == [hidden, hidden, hidden, 0, 0, 0, hidden]
    assert total == ["Totalt", 15, withheld, hidden, 9, withheld, hidden, 6 / 15]  # 11 / 3 and 6 / 2


def test_the_query_count_does_not_grow_with_the_rounds(django_assert_max_num_queries):
    records = build_records()
    with django_assert_max_num_queries(6):
        enrolment_report(user=records.coordinator, filters=YEAR_2025)
