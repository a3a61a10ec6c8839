import datetime
import math

import pytest
from django.urls import reverse

from courses import services
from courses.models import CourseRound
from courses.tests.factories import CourseRoundFactory, del1_of, del2_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _login(client, world, role):
    client.force_login(world.user(role))


def test_calendar_shows_rounds_with_fill_in_constant_queries(client, world, django_assert_max_num_queries):
    today = clock.today()
    services.rounds_plan(organisation=world.organisation, today=today)
    course_round = CourseRound.objects.filter(course__organisation=world.organisation).order_by("starts_on").first()
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    year = course_round.starts_on.year
    with django_assert_max_num_queries(8):
        response = client.get(reverse("courses:calendar") + f"?ar={year}")
    content = response.content.decode()
    assert course_round.title in content and "1/32" in content
    assert (
        response.content.decode().count('data-testid="round-card"')
        == CourseRound.objects.filter(starts_on__year=year).count()
    )


def test_coordinator_creates_a_round_with_two_sessions(client, world):
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    course = del1_of(world.organisation)
    data = {
        "course": course.pk,
        "title": "Extra Del 1 maj",
        "capacity": 20,
        "status": "open",
        "notes": "",
        "sessions-TOTAL_FORMS": 2,
        "sessions-INITIAL_FORMS": 0,
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 30,
        "sessions-0-date": "2027-05-11",
        "sessions-0-start_time": "09:00",
        "sessions-0-end_time": "16:00",
        "sessions-0-place": "Stadshuset",
        "sessions-0-modules": [course.modules.first().pk],
        "sessions-1-date": "2027-05-12",
        "sessions-1-start_time": "09:00",
        "sessions-1-end_time": "12:00",
        "sessions-1-place": "Stadshuset",
    }
    response = client.post(reverse("courses:round_create"), data)
    assert response.status_code == 302
    course_round = CourseRound.objects.get(title="Extra Del 1 maj")
    assert course_round.sessions.count() == 2 and course_round.ends_on == datetime.date(2027, 5, 12)
    page = client.get(response["Location"]).content.decode()
    assert "Extra Del 1 maj" in page


def test_round_form_with_bad_input_answers_with_errors_not_500(client, world):
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    response = client.post(
        reverse("courses:round_create"),
        {
            "course": "nonsense",
            "capacity": "-1",
            "sessions-TOTAL_FORMS": 1,
            "sessions-INITIAL_FORMS": 0,
            "sessions-0-date": "2027-13-45",
            "sessions-0-start_time": "10:00",
            "sessions-0-end_time": "09:00",
        },
    )
    assert response.status_code == 200
    assert "Ange ett giltigt datum" in response.content.decode() or "giltigt" in response.content.decode()


def test_round_detail_shows_participants_only_in_scope(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    services.round_nominate(course_round=course_round, staff=world.other_hire, actor=None)
    _login(client, world, Role.ENHETSCHEF)
    page = client.get(reverse("courses:round_detail", kwargs={"pk": course_round.pk})).content.decode()
    assert world.hire.full_name in page and world.other_hire.full_name not in page
    assert "2/25" in page


def test_round_detail_query_count_does_not_grow_with_participants(client, world, django_assert_max_num_queries):
    """The round, its attendance and its participant list cost as many queries with 30 participants as with 3."""
    course_round = CourseRoundFactory(course=del1_of(world.organisation), capacity=40, session_dates=None)

    def nominate(count):
        for _ in range(count):
            person = StaffMemberFactory(unit=world.own_unit)
            services.round_nominate(course_round=course_round, staff=person, actor=None)

    pages = [
        reverse("courses:round_detail", kwargs={"pk": course_round.pk}),
        reverse("courses:attendance", kwargs={"pk": course_round.pk}),
        reverse("courses:participant_list", kwargs={"pk": course_round.pk}),
    ]
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    nominate(3)
    client.get(pages[0])  # warm what is read once per session
    few = {}
    for url in pages:
        with django_assert_max_num_queries(14) as captured:
            client.get(url)
        few[url] = len(captured.captured_queries)
    nominate(27)
    with django_assert_max_num_queries(min(14, few[pages[0]])):
        response = client.get(pages[0])
    assert response.content.decode().count("text-bg-success") >= 30
    with django_assert_max_num_queries(min(12, few[pages[1]])):
        client.get(pages[1])
    with django_assert_max_num_queries(min(12, few[pages[2]])):
        client.get(pages[2])


def test_rounds_of_another_organisation_answer_404(client, world):
    foreign = CourseRoundFactory()
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    for name in ("courses:round_detail", "courses:round_edit", "courses:attendance", "courses:round_ics"):
        assert client.get(reverse(name, kwargs={"pk": foreign.pk})).status_code == 404
    assert client.get(reverse("courses:session_edit", kwargs={"pk": foreign.sessions.get().pk})).status_code == 404


def test_moving_a_round_to_a_far_away_date_is_refused_with_a_message(client, world):
    today = clock.today()
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), session_dates=[today, today + datetime.timedelta(days=5)]
    )
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:round_move", kwargs={"pk": course_round.pk})
    response = client.post(url, {"new_start": "9999-12-30"}, follow=True)  # the last day would overflow the calendar
    assert "Välj ett datum högst 10 år bakåt och 5 år framåt." in response.content.decode()
    course_round.refresh_from_db()
    assert course_round.starts_on == today
    session_response = client.post(
        reverse("courses:session_create", kwargs={"pk": course_round.pk}),
        {"date": "2999-01-01", "start_time": "09:00", "end_time": "10:00"},
    )
    assert session_response.context["form"].errors["date"]
    assert course_round.sessions.count() == 2


def test_round_page_marks_participants_who_have_left(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:round_detail", kwargs={"pk": course_round.pk})
    assert 'data-testid="left-employment"' not in client.get(url).content.decode()
    world.hire.employment_end = clock.today() - datetime.timedelta(days=1)
    world.hire.save()
    assert 'data-testid="left-employment"' in client.get(url).content.decode()


def test_the_new_round_form_has_a_slot_per_course_day_and_only_the_courses_modules(client, world):
    from courses.forms import session_formset_for

    del1, del2 = del1_of(world.organisation), del2_of(world.organisation)
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    response = client.get(reverse("courses:round_create"), {"kurs": del1.pk})
    formset = response.context["formset"]
    days = math.ceil(sum(module.days for module in del1.modules.all()))
    assert len(formset.forms) == days == session_formset_for(del1).extra
    offered = set(formset.forms[0].fields["modules"].queryset)
    assert offered == set(del1.modules.all()) and not offered & set(del2.modules.all())
    assert response.context["form"].initial["course"] == del1.pk
    # Without a course chosen, two slots and every course's modules, as before; a guessed id changes nothing.
    plain = client.get(reverse("courses:round_create"), {"kurs": "999999"}).context["formset"]
    assert len(plain.forms) == 2 and set(del2.modules.all()) <= set(plain.forms[0].fields["modules"].queryset)


def test_nominating_from_the_del1_list_offers_only_del1_rounds(client, world):
    del1_round = CourseRoundFactory(course=del1_of(world.organisation))
    del2_round = CourseRoundFactory(course=del2_of(world.organisation))
    client.force_login(world.user(Role.ENHETSCHEF))
    url = reverse("courses:nominate", args=[world.hire.pk])
    only_del1 = set(client.get(url, {"typ": "del1"}).context["form"].fields["course_round"].queryset)
    assert del1_round in only_del1 and del2_round not in only_del1
    everything = set(client.get(url).context["form"].fields["course_round"].queryset)
    assert {del1_round, del2_round} <= everything


def test_the_round_page_lists_cancelled_people_apart_from_the_participants(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    gone = services.round_nominate(course_round=course_round, staff=world.other_hire, actor=None)
    services.nomination_cancel(nomination=gone, actor=None)
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    response = client.get(reverse("courses:round_detail", args=[course_round.pk]))
    assert [n.staff for n in response.context["participants"]] == [world.hire]
    assert [n.staff for n in response.context["cancelled"]] == [world.other_hire]
    page = response.content.decode()
    table, apart = page.split('data-testid="cancelled-participants"')
    assert world.other_hire.full_name not in table.split('data-testid="participants"')[1]
    assert world.other_hire.full_name in apart and "1 avbokad" in apart
