import pytest
from django.urls import reverse

from courses.tests.factories import CourseRoundFactory, del1_of
from districts.models import Role

pytestmark = pytest.mark.django_db


def _login(client, world, role):
    client.force_login(world.user(role))


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
