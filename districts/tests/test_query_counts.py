"""Staff and organisation pages: at most 15 queries each, the same number however many staff there are."""

import pytest
from django.urls import reverse

from districts.models import Role
from districts.tests.factories import StaffMemberFactory, UnitFactory
from districts.tests.query_counts import assert_queries_flat, page_queries

pytestmark = pytest.mark.django_db


def _staff(world, count: int) -> None:
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    for number in range(count):
        unit = UnitFactory(district=world.own_district) if number % 25 == 0 else world.own_unit
        StaffMemberFactory(unit=unit, supervisor=supervisor if number % 2 else None, roles=[Role.SOCIALSEKRETERARE])


def test_staff_pages_take_at_most_15_queries_at_any_size(client, world):
    _staff(world, 110)  # three pages of 50
    hr, coordinator = world.user(Role.HR), world.user(Role.UTBILDNINGSSAMORDNARE)
    staff_list = reverse("districts:staff_list")
    pages = [
        (hr, staff_list),
        (hr, f"{staff_list}?sida=3"),
        (hr, f"{staff_list}?sida=last"),
        (hr, f"{staff_list}?q=Testsson"),
        (hr, f"{staff_list}?q=Testsson&sida=2"),
        (hr, f"{staff_list}?q=Testsson&unit={world.own_unit.pk}&include_ended=on"),
        (hr, f"{staff_list}?district={world.own_district.pk}&new_hires=on&sida=2"),
        (world.user(Role.ENHETSCHEF), staff_list),
        (hr, reverse("districts:staff_detail", args=[world.people[Role.FORSTE_SOCIALSEKRETERARE].pk])),
        (coordinator, reverse("districts:district_list")),
        (coordinator, reverse("districts:district_detail", args=[world.own_district.pk])),
        (coordinator, reverse("districts:unit_list")),
        (coordinator, reverse("districts:unit_detail", args=[world.own_unit.pk])),
    ]
    assert_queries_flat(client, pages, grow=lambda: _staff(world, 150))


def test_a_search_counts_its_page_and_its_rows_in_one_query(client, world):
    """A search reads its matching ids once (count and page together), a plain list counts on its own: one less."""
    _staff(world, 60)
    staff_list = reverse("districts:staff_list")
    counts = page_queries(client, [(world.user(Role.HR), staff_list), (world.user(Role.HR), f"{staff_list}?q=son")])
    assert counts[f"{staff_list}?q=son"] == counts[staff_list] - 1
