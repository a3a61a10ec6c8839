import pytest

from districts.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_unit_is_shown_with_its_district_unless_its_name_says_it():
    named = UnitFactory(district__name="Askim-Frölunda-Högsbo", name="Barn och unga Askim-Frölunda-Högsbo")
    plain = UnitFactory(district__name="Angered", name="Mottagningen")
    assert named.with_district == "Barn och unga Askim-Frölunda-Högsbo"
    assert plain.with_district == "Mottagningen, Angered"


def test_the_staff_list_names_a_unit_once(client, world):
    from django.urls import reverse

    from districts.models import Role

    world.own_unit.name = "Barn och unga Angered"
    world.own_unit.save()
    client.force_login(world.user(Role.HR))
    content = client.get(reverse("districts:staff_list")).content.decode()
    assert "Barn och unga Angered" in content
    assert "Barn och unga Angered, Angered" not in content and 'text-muted">Angered<' not in content
