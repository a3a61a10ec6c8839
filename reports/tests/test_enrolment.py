import datetime
import re

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
    assert reasons == {
        "Tidsbrist": 3,
        "Bytt arbete": 1,
        "Slutat sin anställning": 0,
        "Sjukdom": 1,
        "Annat": 1,
        "Avbokad efter start": 0,
        "Inget utfall registrerat": 0,
    }


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
    hidden, withheld = Hidden(5), Hidden(5, complementary=True)
    # R1: 8 enrolled shown; 6 women / 2 men -> both hidden, else 8 - 6 would give the men away (the 6
    # shows "..", since 6 is not "< 5"). R1's 5 completed goes too: R3's 4 would otherwise be the
    # column's only hidden cell. Its share goes with it: 8 x (1 - 38 %) would give the 5 back.
    assert rows["R1"] == [8, withheld, hidden, withheld, hidden, hidden, withheld]
    # R2's completed (0) are hidden with its enrolled: a shown completed count bounds the enrolled from below.
    assert rows["R2"] == [hidden, hidden, hidden, withheld, withheld, withheld, hidden]
    assert total == ["Totalt", 15, withheld, hidden, 9, withheld, hidden, 6 / 15]  # 11 / 3 and 6 / 2


def test_the_query_count_does_not_grow_with_the_rounds(django_assert_max_num_queries):
    from courses.models import NominationStatus
    from surveys.tests.records import _nominate, _person, _round

    records = build_records()
    with django_assert_max_num_queries(6) as few:
        enrolment_report(user=records.coordinator, filters=YEAR_2025)
    for month in range(5, 11):
        held = _round(records.organisation, f"Extra {month}", datetime.date(2025, month, 12))
        for unit in (records.unit_a, records.unit_b):
            _nominate(held, _person(unit), NominationStatus.COMPLETED)
            _nominate(held, _person(unit), NominationStatus.DROPPED_OUT, "illness")
    with django_assert_max_num_queries(len(few.captured_queries)):
        report = enrolment_report(user=records.coordinator, filters=YEAR_2025)
    assert any(row[0].startswith("Extra") for row in report.tables[0].rows)


# --- who counts as enrolled, and drop-out as Tabell 1/2 count it ------------------------------------

ROUND_DAY = datetime.date(2025, 3, 10)
MARCH_2025 = ReportFilters(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 31))


def _people(records, n, **kwargs):
    from districts.tests.factories import StaffMemberFactory

    return [StaffMemberFactory(unit=records.unit_a, **kwargs) for _ in range(n)]


def _held_round(records, title="Mars"):
    from courses.models import RoundStatus
    from courses.tests.factories import CourseRoundFactory, del1_of

    return CourseRoundFactory(
        course=del1_of(records.organisation), title=title, status=RoundStatus.HELD, session_dates=[ROUND_DAY]
    )


def _march_row(user):
    rows, total = _rows(enrolment_report(user=user, filters=MARCH_2025))
    return rows["Mars"]


def test_a_held_round_with_ten_enrolled_and_six_completed_shows_forty_per_cent_also_when_four_stayed_booked():
    from courses.models import Nomination, NominationStatus

    records = build_records()
    course_round = _held_round(records)
    # Recorded before outcomes were settled: two dropped out, two still "Bokad" on the held round.
    statuses = [NominationStatus.COMPLETED] * 6 + [NominationStatus.DROPPED_OUT] * 2 + [NominationStatus.BOOKED] * 2
    for staff, status in zip(_people(records, 10), statuses, strict=True):
        Nomination.objects.create(
            course_round=course_round,
            staff=staff,
            status=status,
            drop_out_reason="changed_job" * (status == "dropped_out"),
        )
    row = _march_row(records.coordinator)
    assert row[0] == 10 and row[3] == 6
    assert row[6] == pytest.approx(0.4)  # (10 - 6) / 10, not the 2 / 10 explicitly marked as dropped out
    reasons = {r[0]: r[1] for r in enrolment_report(user=records.coordinator, filters=MARCH_2025).tables[1].rows}
    assert reasons["Bytt arbete"] == 2 and reasons["Inget utfall registrerat"] == 2


def test_settled_outcomes_count_the_same():
    from courses.models import Nomination, NominationStatus

    records = build_records()
    course_round = _held_round(records)
    for index, staff in enumerate(_people(records, 10)):
        status = NominationStatus.COMPLETED if index < 6 else NominationStatus.DROPPED_OUT
        reason = "" if index < 6 else "changed_job"
        Nomination.objects.create(course_round=course_round, staff=staff, status=status, drop_out_reason=reason)
    assert _march_row(records.coordinator)[6] == pytest.approx(0.4)


def test_a_cancellation_before_the_start_is_not_enrolled_one_from_the_first_day_is_and_did_not_complete():
    from conftest import travel_to
    from courses.models import NominationStatus, RoundStatus
    from courses.services import nomination_cancel, round_nominate
    from courses.tests.factories import CourseRoundFactory, del1_of

    records = build_records()
    with travel_to(datetime.date(2025, 2, 1)):
        course_round = CourseRoundFactory(
            course=del1_of(records.organisation), title="Mars", status=RoundStatus.OPEN, session_dates=[ROUND_DAY]
        )
        course_round.capacity = 3
        course_round.save(update_fields=["capacity"])
        early, late, stays, waiting = (
            round_nominate(course_round=course_round, staff=staff, actor=records.coordinator)
            for staff in _people(records, 4)
        )
        assert waiting.status == NominationStatus.WAITLISTED
    with travel_to(datetime.date(2025, 3, 9)):  # the day before: gives the seat back, the waitlisted moves up
        nomination_cancel(nomination=early, actor=records.coordinator)
    waiting.refresh_from_db()
    assert waiting.status == NominationStatus.BOOKED
    with travel_to(ROUND_DAY):  # on the first day
        nomination_cancel(nomination=late, actor=records.coordinator)
    stays.status = waiting.status = NominationStatus.COMPLETED
    stays.save(update_fields=["status"])
    waiting.save(update_fields=["status"])
    course_round.status = RoundStatus.HELD
    course_round.save(update_fields=["status"])
    row = _march_row(records.coordinator)
    # Enrolled: the one cancelled on the first day, and the two who completed; not the one who cancelled before.
    assert row[0] == 3 and row[3] == 2
    assert row[6] == pytest.approx(1 / 3)
    reasons = {r[0]: r[1] for r in enrolment_report(user=records.coordinator, filters=MARCH_2025).tables[1].rows}
    assert reasons["Avbokad efter start"] == 1


def test_a_waitlisted_person_who_never_got_a_seat_is_not_enrolled_even_if_cancelled_after_the_start():
    from conftest import travel_to
    from courses.models import RoundStatus
    from courses.services import nomination_cancel, round_nominate
    from courses.tests.factories import CourseRoundFactory, del1_of

    records = build_records()
    with travel_to(datetime.date(2025, 2, 1)):
        course_round = CourseRoundFactory(
            course=del1_of(records.organisation), title="Mars", status=RoundStatus.OPEN, session_dates=[ROUND_DAY]
        )
        course_round.capacity = 1
        course_round.save(update_fields=["capacity"])
        _seated, waiting = (
            round_nominate(course_round=course_round, staff=staff, actor=records.coordinator)
            for staff in _people(records, 2)
        )
    with travel_to(datetime.date(2025, 3, 11)):
        nomination_cancel(nomination=waiting, actor=records.coordinator)
    assert _march_row(records.coordinator)[0] == 1


def test_the_exports_carry_the_same_drop_out(client):
    import csv
    import io

    from django.urls import reverse
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from courses.models import Nomination, NominationStatus

    records = build_records()
    course_round = _held_round(records)
    statuses = [NominationStatus.COMPLETED] * 6 + [NominationStatus.BOOKED] * 4
    for staff, status in zip(_people(records, 10), statuses, strict=True):
        Nomination.objects.create(course_round=course_round, staff=staff, status=status)
    client.force_login(records.coordinator)
    query = "?start=2025-03-01&end=2025-03-31"
    url = reverse("reports:enrolment")
    page = client.get(url + query).content.decode()
    assert "40\xa0%" in page or "40&nbsp;%" in page
    assert "(anmälda − slutförda) / anmälda" in page
    rows = list(
        csv.reader(io.StringIO(client.get(url + query + "&format=csv").content.decode("utf-8-sig")), delimiter=";")
    )
    march = next(row for row in rows if row and row[0].startswith("Mars"))
    assert march[1] == "10" and march[4] == "6" and march[7].startswith("40")
    sheet = load_workbook(io.BytesIO(client.get(url + query + "&format=xlsx").content)).active
    march = next(row for row in sheet.iter_rows(values_only=True) if row[0] and str(row[0]).startswith("Mars"))
    assert march[1] == 10 and march[4] == 6 and march[7] == pytest.approx(0.4)
    pdf = PdfReader(io.BytesIO(client.get(url + query + "&format=pdf").content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert re.search(r"Mars.*?10\s+.*?6\s+.*?40\s*%", text, re.S)
