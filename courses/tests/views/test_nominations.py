import datetime

import pytest
from django.urls import reverse

from courses import services
from courses.models import Nomination, NominationStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _login(client, world, role):
    client.force_login(world.user(role))


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
    assert "Det finns ingen öppen Del 1-omgång med lediga platser." in page


def test_del2_panel_flags_hires_near_the_end_of_the_window(client, world):
    world.hire.employment_start = clock.today() - datetime.timedelta(days=700)
    world.hire.save()
    _login(client, world, Role.ENHETSCHEF)
    page = client.get(reverse("dashboard")).content.decode()
    assert "0 av 19" in page and "table-warning" in page


def test_nominate_with_a_round_of_another_organisation_is_a_form_error(client, world):
    foreign = CourseRoundFactory()
    _login(client, world, Role.ENHETSCHEF)
    response = client.post(
        reverse("courses:nominate", kwargs={"staff_pk": world.hire.pk}), {"course_round": foreign.pk}
    )
    assert response.status_code == 200 and not Nomination.objects.exists()


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
