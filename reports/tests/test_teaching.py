"""The lecturers' report: days per lecturer, and each district's utbildarstöd against their share."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import RoundSession
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from reports.teaching import full_time_days, teaching_report

pytestmark = pytest.mark.django_db


def test_a_full_time_post_has_the_years_working_days_less_leave():
    # 2027: 261 weekdays, of which 10 holidays or eves fall on a weekday (nyårsdagen ... annandag jul).
    assert 200 < full_time_days(2027) < 240


def test_the_report_counts_days_taught_against_the_share(world):
    support = world.people[Role.UTBILDARSTOD]
    today = clock.today()
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    for start, end in ((9, 16), (9, 12)):
        session = RoundSession.objects.create(
            course_round=course_round, date=today, start_time=datetime.time(start), end_time=datetime.time(end)
        )
        session.lecturer_staff.set([support])
    report = teaching_report(user=world.user("utbildningssamordnare"), year=today.year, today=today)
    per_lecturer, per_district = report.tables
    assert [row[0] for row in per_lecturer.rows] == [support.full_name]
    assert per_lecturer.rows[0][3] == Decimal("1.5")
    district_row = per_district.rows[0]
    assert district_row[0] == world.own_district.name and district_row[2] == Decimal("0.2")
    assert district_row[3] == (Decimal("0.2") * full_time_days(today.year)).quantize(Decimal("0.1"))
    assert district_row[6] == Decimal("1.5") / district_row[3]


def test_a_district_reader_sees_only_their_district_and_the_page_exports(client, world):
    client.force_login(world.user("utbildarstod"))
    page = client.get(reverse("reports:teaching"))
    assert page.status_code == 200 and world.other_district.name not in page.content.decode()
    csv = client.get(reverse("reports:teaching"), {"format": "csv"})
    assert csv.status_code == 200 and "Undervisade dagar" in csv.content.decode("utf-8-sig")
    assert client.get(reverse("reports:teaching"), {"ar": "99999"}).status_code == 200
