import datetime

import pytest
from django.urls import reverse

from courses import services
from courses.models import Attendance, NominationStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role

pytestmark = pytest.mark.django_db


def _login(client, world, role):
    client.force_login(world.user(role))


def test_attendance_page_records_and_completes(client, world):
    today = clock.today()
    course_round = CourseRoundFactory(course=del1_of(world.organisation), session_dates=[today])
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    session = course_round.sessions.get()
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:attendance", kwargs={"pk": course_round.pk})
    assert world.hire.full_name in client.get(url).content.decode()
    client.post(url, {"present": [f"{session.pk}-{nomination.pk}", "garbage"]})
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.COMPLETED


def test_dialogue_groups_page_splits(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    for person in (world.hire, world.other_hire):
        services.round_nominate(course_round=course_round, staff=person, actor=None)
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:dialogue_groups", kwargs={"pk": course_round.pk})
    client.post(url, {"group_size": "2"})
    assert course_round.dialogue_groups.count() == 1
    listing = client.get(reverse("courses:participant_list", kwargs={"pk": course_round.pk})).content.decode()
    assert world.other_hire.full_name in listing


def test_attendance_page_shows_later_sessions_read_only(client, world):
    today = clock.today()
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), session_dates=[today, today + datetime.timedelta(days=7)]
    )
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    held, later = course_round.sessions.order_by("date")
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:attendance", kwargs={"pk": course_round.pk})
    page = client.get(url).content.decode()
    assert f'value="{held.pk}-{nomination.pk}"' in page
    assert f'value="{later.pk}-{nomination.pk}"' not in page and 'data-testid="attendance-later"' in page
    client.post(url, {"present": [f"{later.pk}-{nomination.pk}"]})
    assert not Attendance.objects.filter(session=later).exists()
    assert Attendance.objects.get(session=held).present is False
