"""The admin changes nothing important and never rewrites history: it reads, or its rows are structural."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from checklists.models import IntroductionPlan
from checklists.tests.factories import plan_for
from courses.models import CourseRound, Nomination
from districts.models import StaffMember, StaffRole
from districts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORTANT = [StaffMember, IntroductionPlan, CourseRound, Nomination]


@pytest.fixture
def superuser_client(client):
    user = UserFactory(username="admin@example.se")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", IMPORTANT, ids=lambda model: model.__name__)
def test_important_models_are_read_only_in_the_admin(rf, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = UserFactory(username="root@example.se", is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_superuser_can_read_history_in_the_admin_but_not_revert_it(superuser_client, world):
    url = reverse("admin:districts_staffmember_history", args=[world.hire.pk])
    assert superuser_client.get(url).status_code == 200
    record = world.hire.history.earliest("history_date")
    form_url = reverse("admin:districts_staffmember_simple_history", args=[world.hire.pk, record.history_id])
    rows = world.hire.history.count()
    response = superuser_client.post(form_url, {"first_name": "Återställd", "last_name": "X"})
    assert response.status_code == 403
    world.hire.refresh_from_db()
    assert world.hire.first_name == "Nora" and world.hire.history.count() == rows


def test_no_history_model_is_in_the_admin():
    registered = [model.__name__ for model in admin.site._registry if model.__name__.startswith("Historical")]
    assert registered == []


def test_a_login_cannot_be_deleted_in_the_admin(superuser_client, world):
    user = world.hire.user
    response = superuser_client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_the_staff_admin_does_not_delete_a_person(superuser_client, world):
    plan_for(world.hire)
    response = superuser_client.post(
        reverse("admin:districts_staffmember_delete", args=[world.hire.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert StaffMember.objects.filter(pk=world.hire.pk).exists() and StaffRole.objects.filter(staff=world.hire).exists()
