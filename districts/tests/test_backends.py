"""The session's user is read in one query with what every request checks: their staff member and its unit."""

import pytest
from django.contrib.auth import get_user_model

from districts.backends import EmployedStaffBackend, session_user
from districts.models import Role

pytestmark = pytest.mark.django_db


def test_the_session_user_comes_with_staff_member_and_unit_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = EmployedStaffBackend().get_user(world.user(Role.ENHETSCHEF).pk)
        assert user.staff_member.unit == world.own_unit
    assert user == world.user(Role.ENHETSCHEF)


def test_a_session_of_a_removed_or_switched_off_login_has_no_user(world):
    user = world.user(Role.HR)
    removed = get_user_model().objects.order_by("-pk").first().pk + 1
    assert session_user(removed) is None
    assert EmployedStaffBackend().get_user(removed) is None
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert session_user(user.pk) == user  # the lookup itself; the backend refuses it
    assert EmployedStaffBackend().get_user(user.pk) is None
