import datetime

import pytest
from django.urls import reverse

from courses.tests.factories import CourseRoundFactory, del1_of
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _login(client, world, role):
    client.force_login(world.user(role))


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
