from decimal import Decimal

import pytest
from django.urls import reverse

from courses.tests.factories import del1_of, del2_of
from districts.models import Role
from districts.tests.factories import OrganisationFactory
from districts.tests.world import build_world

pytestmark = pytest.mark.django_db


def test_a_new_organisation_gets_the_default_programme():
    organisation = OrganisationFactory()
    assert del1_of(organisation).modules.count() == 3
    assert sum(m.days for m in del2_of(organisation).modules.all()) == 12.5
    assert del2_of(organisation).modules.count() == 19


def test_a_course_carries_its_credits_written_with_a_decimal_comma(client):
    world = build_world()
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    data = {"name": "Barnavårdsutredning", "kind": "deepening", "description": "", "credits": "7,5", "active": "on"}
    response = client.post(reverse("courses:course_create"), data)
    assert response.status_code == 302
    course = world.organisation.courses.get(name="Barnavårdsutredning")
    assert course.credits == Decimal("7.5")

    response = client.post(reverse("courses:course_edit", kwargs={"pk": course.pk}), {**data, "credits": "-1"})
    assert response.status_code == 200
    assert "högskolepoäng" in response.content.decode().lower()
    course.refresh_from_db()
    assert course.credits == Decimal("7.5")
