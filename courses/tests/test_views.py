import datetime

import pytest
from django.urls import reverse

from courses import services
from courses.models import Attendance, CourseRound, Nomination, NominationStatus, PlanningSettings
from courses.tests.factories import CourseRoundFactory, del1_of
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


def test_enhetschef_nominates_from_the_dashboard_in_one_click(client, world, django_assert_max_num_queries):
    today = clock.today()
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), title="Del 1 snart", session_dates=[today + datetime.timedelta(days=14)]
    )
    _login(client, world, Role.ENHETSCHEF)
    with django_assert_max_num_queries(30):
        dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Nyanställda utan plats på Del 1" in dashboard and world.hire.full_name in dashboard
    assert "Del 1 snart" in dashboard
    response = client.post(
        reverse("courses:nominate", kwargs={"staff_pk": world.hire.pk}),
        {"course_round": course_round.pk, "next": reverse("dashboard")},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "är bokad på Del 1 snart" in page
    nomination = Nomination.objects.get(staff=world.hire)
    assert nomination.status == NominationStatus.BOOKED and nomination.nominated_by == world.user(Role.ENHETSCHEF)


def test_nomination_form_says_clearly_when_no_round_fits(client, world):
    _login(client, world, Role.ENHETSCHEF)
    page = client.get(reverse("courses:nominate", kwargs={"staff_pk": world.hire.pk})).content.decode()
    assert "Det finns ingen öppen Del 1-omgång med lediga platser som slutar före" in page


def test_dashboard_query_count_does_not_grow_with_hires(client, world, django_assert_max_num_queries):
    for _ in range(15):
        StaffMemberFactory(unit=world.own_unit)
    CourseRoundFactory(course=del1_of(world.organisation))
    _login(client, world, Role.ENHETSCHEF)
    with django_assert_max_num_queries(30):
        client.get(reverse("dashboard"))


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


def test_planning_settings_page_saves_months(client, world):
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:planning_settings")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "excluded_months": ["7", "8"],
            "weekday": "2",
            "week_of_month": "1",
            "default_place": "Rådhuset",
            "capacity": "28",
            "del2_month": "9",
            "del2_capacity": "40",
            "del2_interval_weeks": "2",
            "reminder_days_before": "5",
            "lead_days": "10",
        },
    )
    assert response.status_code == 302
    settings_row = PlanningSettings.objects.get(organisation=world.organisation)
    assert settings_row.excluded_months == [7, 8] and settings_row.weekday == 2
    assert settings_row.lead_days == 10
    bad = client.post(url, {"excluded_months": ["9"], "weekday": "2", "week_of_month": "1", "del2_month": "9"})
    assert bad.status_code == 200


def test_round_detail_shows_participants_only_in_scope(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    services.round_nominate(course_round=course_round, staff=world.other_hire, actor=None)
    _login(client, world, Role.ENHETSCHEF)
    page = client.get(reverse("courses:round_detail", kwargs={"pk": course_round.pk})).content.decode()
    assert world.hire.full_name in page and world.other_hire.full_name not in page
    assert "2/25" in page


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


def test_plan_now_button_plans_the_year(client, world, django_capture_on_commit_callbacks):
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:planning_settings"), {"plan_now": "1"})
    assert response.status_code == 302
    assert CourseRound.objects.filter(course__organisation=world.organisation).count() == 10


def test_del2_panel_flags_hires_near_the_end_of_the_window(client, world):
    world.hire.employment_start = clock.today() - datetime.timedelta(days=700)
    world.hire.save()
    _login(client, world, Role.ENHETSCHEF)
    page = client.get(reverse("dashboard")).content.decode()
    assert "0 av 19" in page and "table-warning" in page


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("courses:round_move", {"new_start": "not a date"}),
        ("courses:round_edit", {"title": "", "capacity": "-3", "status": "held"}),
        ("courses:session_create", {"date": "2027-02-30", "start_time": "25:00", "end_time": "x"}),
        ("courses:dialogue_groups", {"group_size": "1"}),
        ("courses:attendance", {"present": ["1-2-3", "x-y", "999999-999999"]}),
        ("courses:round_nominate", {"staff": "999999"}),
        ("courses:round_nominate", {"staff": "abc"}),
        ("courses:dialogue_group_move", {"nomination": "abc", "group": "x"}),
        ("courses:dialogue_group_move", {"nomination": "9" * 30, "group": "9" * 30}),
        ("courses:round_edit", {"title": "x", "capacity": "9" * 30, "status": "open", "notes": ""}),
        ("courses:dialogue_groups", {"group_size": "9" * 30}),
        ("courses:attendance", {"present": ["9" * 30 + "-" + "9" * 30]}),
        ("courses:session_create", {"date": "9999-12-31", "start_time": "09:00", "end_time": "10:00"}),
    ],
)
def test_bad_input_never_answers_500(client, world, name, data):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    response = client.post(reverse(name, kwargs={"pk": course_round.pk}), data)
    assert response.status_code in (200, 302)


def test_nominate_with_a_round_of_another_organisation_is_a_form_error(client, world):
    foreign = CourseRoundFactory()
    _login(client, world, Role.ENHETSCHEF)
    response = client.post(
        reverse("courses:nominate", kwargs={"staff_pk": world.hire.pk}), {"course_round": foreign.pk}
    )
    assert response.status_code == 200 and not Nomination.objects.exists()


def test_round_detail_query_count_does_not_grow_with_participants(client, world, django_assert_max_num_queries):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), capacity=40, session_dates=None)
    for _ in range(30):
        services.round_nominate(course_round=course_round, staff=StaffMemberFactory(unit=world.own_unit), actor=None)
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("courses:round_detail", kwargs={"pk": course_round.pk}))
    assert response.content.decode().count("text-bg-success") >= 30
    with django_assert_max_num_queries(12):
        client.get(reverse("courses:attendance", kwargs={"pk": course_round.pk}))
    with django_assert_max_num_queries(12):
        client.get(reverse("courses:participant_list", kwargs={"pk": course_round.pk}))


def test_rounds_of_another_organisation_answer_404(client, world):
    foreign = CourseRoundFactory()
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    for name in ("courses:round_detail", "courses:round_edit", "courses:attendance", "courses:round_ics"):
        assert client.get(reverse(name, kwargs={"pk": foreign.pk})).status_code == 404
    assert client.get(reverse("courses:session_edit", kwargs={"pk": foreign.sessions.get().pk})).status_code == 404


def test_the_hire_sees_her_own_booking_on_the_dashboard(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 för Nora")
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    _login(client, world, Role.SOCIALSEKRETERARE)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Mina kurser" in page and "Del 1 för Nora" in page


def test_round_page_nominates_through_a_search_limited_to_the_users_scope(client, world, django_assert_max_num_queries):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    for number in range(25):
        StaffMemberFactory(unit=world.own_unit, last_name=f"Sökbar{number:02d}")
    StaffMemberFactory(unit=world.other_unit, last_name="Sökbar Annan")
    StaffMemberFactory(
        unit=world.own_unit,
        last_name="Sökbar Slutad",
        employment_start=datetime.date(2020, 1, 1),
        employment_end=clock.today() - datetime.timedelta(days=1),
    )
    _login(client, world, Role.ENHETSCHEF)
    url = reverse("courses:round_detail", kwargs={"pk": course_round.pk})
    page = client.get(url)
    assert 'data-testid="nominee-search"' in page.content.decode()
    assert page.context["candidates"] is None and "Sökbar01" not in page.content.decode()  # no list of everyone
    with django_assert_max_num_queries(14):
        found = client.get(url, {"sok": "sökbar"})
    names = [person.last_name for person in found.context["candidates"]]
    assert len(names) == 20 and names[0] == "Sökbar00"
    assert "Visar de 20 första" in found.content.decode()
    assert "Sökbar Annan" not in names  # another district's staff are not the enhetschef's to nominate
    assert not client.get(url, {"sok": "slutad"}).context["candidates"]  # nor are people who have left
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    assert world.hire not in client.get(url, {"sok": world.hire.last_name}).context["candidates"]
    target = StaffMemberFactory(unit=world.own_unit, last_name="Valdsson")
    response = client.post(reverse("courses:round_nominate", kwargs={"pk": course_round.pk}), {"staff": target.pk})
    assert response.status_code == 302
    assert Nomination.objects.get(staff=target).status == NominationStatus.BOOKED


def test_round_page_refuses_to_nominate_someone_who_has_left(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    left = StaffMemberFactory(
        unit=world.own_unit,
        employment_start=datetime.date(2020, 1, 1),
        employment_end=clock.today() - datetime.timedelta(days=1),
    )
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    client.post(reverse("courses:round_nominate", kwargs={"pk": course_round.pk}), {"staff": left.pk})
    assert not Nomination.objects.filter(staff=left).exists()
    assert client.get(reverse("courses:nominate", kwargs={"staff_pk": left.pk})).status_code == 404


def test_a_nomination_of_someone_who_has_left_can_still_be_cancelled(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    world.hire.employment_end = clock.today() - datetime.timedelta(days=1)
    world.hire.save()
    _login(client, world, Role.ENHETSCHEF)
    client.post(reverse("courses:nomination_cancel", kwargs={"pk": nomination.pk}))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.CANCELLED


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


def test_session_lecturers_are_picked_by_work_email_within_the_organisation(
    client, world, django_assert_max_num_queries
):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    lecturer = StaffMemberFactory(unit=world.other_unit, first_name="Lea", last_name="Lärare")
    foreigner = StaffMemberFactory()  # another organisation
    left = StaffMemberFactory(
        unit=world.own_unit, employment_start=datetime.date(2015, 1, 1), employment_end=datetime.date(2020, 1, 1)
    )
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:session_create", kwargs={"pk": course_round.pk})
    session_data = {"date": "2027-05-11", "start_time": "09:00", "end_time": "12:00", "place": "Stadshuset"}
    for bad in (foreigner.work_email, left.work_email, "inte-en-adress", "okand@example.se"):
        response = client.post(url, {**session_data, "lecturer_emails": bad})
        assert response.status_code == 200, bad
        assert response.context["form"].errors["lecturer_emails"], bad
    too_many = "\n".join(f"person{number}@example.se" for number in range(11))
    assert "högst 10" in client.post(url, {**session_data, "lecturer_emails": too_many}).content.decode()
    assert course_round.sessions.count() == 1
    response = client.post(
        url, {**session_data, "lecturers": "Extern Expert", "lecturer_emails": f" {lecturer.work_email.upper()}\n"}
    )
    assert response.status_code == 302
    session = course_round.sessions.get(date=datetime.date(2027, 5, 11))
    assert list(session.lecturer_staff.all()) == [lecturer]
    edit = client.get(reverse("courses:session_edit", kwargs={"pk": session.pk}))
    assert edit.context["form"].initial["lecturer_emails"] == lecturer.work_email
    StaffMemberFactory.create_batch(3, unit=world.own_unit)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("courses:round_detail", kwargs={"pk": course_round.pk})).content.decode()
    assert "Extern Expert, Lea Lärare" in page


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


def test_more_pages_do_not_grow_queries_with_rows(client, world, django_assert_max_num_queries):
    """Dialogue groups, the nomination history, the course list and Mina kurser: a constant number of queries."""
    today = clock.today()
    course_round = CourseRoundFactory(course=del1_of(world.organisation), capacity=40, session_dates=[today])
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=coordinator)

    def grow(count, offset):
        for number in range(count):
            person = StaffMemberFactory(unit=world.own_unit)
            services.round_nominate(course_round=course_round, staff=person, actor=coordinator)
            day = today - datetime.timedelta(days=offset + number)  # a held session: one more history row
            services.session_save(
                course_round=course_round, date=day, start_time=datetime.time(9), end_time=datetime.time(12)
            )
            other_round = CourseRoundFactory(course=course_round.course)  # one more row on Mina kurser
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


def test_round_page_marks_participants_who_have_left(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:round_detail", kwargs={"pk": course_round.pk})
    assert 'data-testid="left-employment"' not in client.get(url).content.decode()
    world.hire.employment_end = clock.today() - datetime.timedelta(days=1)
    world.hire.save()
    assert 'data-testid="left-employment"' in client.get(url).content.decode()
