"""List pages of reports whose query count had no test: it must not grow with the rows shown."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts import clock
from districts.models import Role
from districts.tests.factories import UnitFactory
from reports import services

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _periods(world, count, start):
    today = clock.today()
    for n in range(start, start + count):
        services.needs_period_open(
            organisation_id=world.organisation.pk,
            title=f"Period {n}",
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=14),
        )


def test_needs_periods_page_does_not_grow_with_periods(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("reports:needs_periods")
    _periods(world, 2, 0)
    few = _queries(client, url)
    _periods(world, 6, 2)
    assert _queries(client, url) == few


def test_participation_page_does_not_grow_with_units(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("reports:participation") + "?year=2025"
    few = _queries(client, url)
    for _ in range(6):
        UnitFactory(district=world.own_district)
    assert _queries(client, url) == few
