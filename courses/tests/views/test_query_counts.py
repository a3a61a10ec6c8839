import datetime

import pytest
from django.urls import reverse

from courses import services
from courses.tests.factories import CourseFactory, CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory
from districts.tests.query_counts import assert_queries_flat

pytestmark = pytest.mark.django_db


def _login(client, world, role):
    client.force_login(world.user(role))


def test_dashboard_query_count_does_not_grow_with_hires(client, world, django_assert_max_num_queries):
    """The enhetschef's dashboard costs as many queries with 18 hires in the unit as with 3."""
    for _ in range(3):
        StaffMemberFactory(unit=world.own_unit)
    CourseRoundFactory(course=del1_of(world.organisation))
    _login(client, world, Role.ENHETSCHEF)
    client.get(reverse("dashboard"))  # warm what is read once per session
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("dashboard"))
    for _ in range(15):
        StaffMemberFactory(unit=world.own_unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard"))


def test_more_pages_do_not_grow_queries_with_rows(client, world, django_assert_max_num_queries):
    """Dialogue groups, the nomination history, the course list and Mina kurser: a constant number of queries."""
    today = clock.today()
    course_round = CourseRoundFactory(course=del1_of(world.organisation), capacity=40, session_dates=[today])
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=coordinator)
    deepening = CourseFactory(organisation=world.organisation)

    def grow(count, offset):
        for number in range(count):
            person = StaffMemberFactory(unit=world.own_unit)
            services.round_nominate(course_round=course_round, staff=person, actor=coordinator)
            day = today - datetime.timedelta(days=offset + number)  # a held session: one more history row
            services.session_save(
                actor=None, course_round=course_round, date=day, start_time=datetime.time(9), end_time=datetime.time(12)
            )
            # One more row on Mina kurser (a deepening course: Del 1 is taken once per person).
            other_round = CourseRoundFactory(course=deepening)
            services.round_nominate(course_round=other_round, staff=world.hire, actor=coordinator)
        services.dialogue_groups_split(course_round=course_round, group_size=3)
        pairs = {(session.pk, nomination.pk) for session in course_round.sessions.all()}
        services.attendance_record(course_round=course_round, present=pairs, actor=coordinator)

    pages = [
        (Role.UTBILDNINGSSAMORDNARE, reverse("courses:dialogue_groups", kwargs={"pk": course_round.pk})),
        (Role.UTBILDNINGSSAMORDNARE, reverse("courses:nomination_detail", kwargs={"pk": nomination.pk})),
        (Role.UTBILDNINGSSAMORDNARE, reverse("courses:course_list")),
        (Role.SOCIALSEKRETERARE, reverse("courses:my_calendar")),
    ]
    grow(3, offset=1)
    counts = {}
    for role, url in pages:
        _login(client, world, role)
        with django_assert_max_num_queries(15) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured.captured_queries)
    grow(10, offset=10)
    assert nomination.events.count() > 10
    for role, url in pages:
        _login(client, world, role)
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_key_course_pages_take_at_most_15_queries_at_any_size(client, world):
    """Calendar (this year, the next, each role), round, participants, attendance, a nomination and the hires'
    lists, at two sizes; the calendar grows by a round a day, so a month holds many."""
    today = clock.today()
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), capacity=200, session_dates=[today + datetime.timedelta(days=14)]
    )
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=coordinator)

    def grow(count):
        for number in range(count):
            person = StaffMemberFactory(unit=world.own_unit if number % 2 else world.other_unit)
            services.round_nominate(course_round=course_round, staff=person, actor=coordinator)
            CourseRoundFactory(
                course=del1_of(world.organisation), session_dates=[today + datetime.timedelta(days=20 + number)]
            )
            StaffMemberFactory(unit=world.own_unit, employment_start=today - datetime.timedelta(days=number))

    grow(2)
    pages = [
        (coordinator, reverse("courses:calendar")),
        (coordinator, reverse("courses:calendar") + f"?ar={today.year + 1}"),
        (world.user(Role.ENHETSCHEF), reverse("courses:calendar") + f"?ar={today.year}"),
        (coordinator, reverse("courses:round_detail", kwargs={"pk": course_round.pk})),
        (world.user(Role.ENHETSCHEF), reverse("courses:round_detail", kwargs={"pk": course_round.pk})),
        (coordinator, reverse("courses:participant_list", kwargs={"pk": course_round.pk})),
        (coordinator, reverse("courses:attendance", kwargs={"pk": course_round.pk})),
        (world.user(Role.ENHETSCHEF), reverse("courses:nominate", kwargs={"staff_pk": world.hire.pk})),
        (world.user(Role.ENHETSCHEF), reverse("courses:nomination_detail", kwargs={"pk": nomination.pk})),
        # The bench's nomination is the coordinator's (a query parameter keeps the two pages' counts apart).
        (coordinator, reverse("courses:nomination_detail", kwargs={"pk": nomination.pk}) + "?som=coordinator"),
        (world.user(Role.ENHETSCHEF), reverse("courses:del1_waiting")),
        (world.user(Role.ENHETSCHEF), reverse("courses:del2_progress")),
        (coordinator, reverse("courses:planning_settings")),
    ]
    assert_queries_flat(client, pages, grow=lambda: grow(20))
