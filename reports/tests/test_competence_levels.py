import datetime

import pytest
from django.urls import reverse

from districts import clock
from districts.models import CompetenceLevel, Role
from districts.tests.factories import StaffMemberFactory
from reports.competence_levels import competence_levels_report
from reports.filters import ReportFilters
from reports.suppression import Hidden

pytestmark = pytest.mark.django_db

EVERYTHING = ReportFilters(start=datetime.date(2000, 1, 1), end=datetime.date(2099, 12, 31))


def _staff(unit, level, count, **extra):
    for _number in range(count):
        StaffMemberFactory(unit=unit, competence_level=level, **extra)


def _rows(table):
    return {tuple(str(cell) for cell in row[:1]): row[1:] for row in table.rows}


def test_levels_per_district_area_and_unit_add_up_without_threshold(world):
    world.organisation.small_group_threshold = 0
    world.organisation.save()
    _staff(world.own_unit, CompetenceLevel.KUNNIG, 3)
    _staff(world.other_unit, CompetenceLevel.EXPERT, 2, roles=[Role.FORSTE_SOCIALSEKRETERARE])
    # Not counted: someone who has left, and a manager (the levels are about social workers).
    _staff(world.own_unit, CompetenceLevel.KUNNIG, 1, employment_end=clock.today() - datetime.timedelta(days=1))
    report = competence_levels_report(user=world.user(Role.UTBILDNINGSSAMORDNARE), filters=EVERYTHING)
    districts, areas, units = report.tables
    # Nybörjare, Kunnig, Avancerad, Specialist, Expert, total. Angered: the hire, 3 Kunnig, the 1:e socialsekreterare.
    assert _rows(districts)[("Angered",)] == [1, 3, 0, 1, 0, 5]
    assert _rows(districts)[("Lundby",)] == [1, 0, 0, 0, 2, 3]
    assert districts.total == ["Hela organisationen", 2, 3, 0, 1, 2, 8]
    assert _rows(areas)[("Vuxna",)] == [1, 0, 0, 0, 2, 3]
    assert [row[:3] for row in units.rows] == [
        ["Angered", "Barn och unga Angered", "Barn och unga"],
        ["Lundby", "Vuxna Lundby", "Vuxna"],
    ]
    assert "anställda i dag" in districts.note


def test_small_groups_are_hidden_and_cannot_be_worked_out(world):
    _staff(world.own_unit, CompetenceLevel.KUNNIG, 6)
    _staff(world.other_unit, CompetenceLevel.KUNNIG, 6)
    report = competence_levels_report(user=world.user(Role.UTBILDNINGSSAMORDNARE), filters=EVERYTHING)
    districts = report.tables[0]
    angered = _rows(districts)[("Angered",)]
    assert isinstance(angered[0], Hidden)  # one Nybörjare
    assert isinstance(angered[3], Hidden)  # one Specialist
    # Shown, the six Kunnig and the total of eight would tell that the two hidden cells hold two people.
    assert angered[1] == Hidden(5, complementary=True) or angered[5] == Hidden(5, complementary=True)
    assert str(angered[0]) == "< 5"
    shown = [cell for cell in districts.total[1:] if not isinstance(cell, Hidden)]
    assert all(cell == 0 or cell >= 5 for cell in shown)


def test_a_unit_manager_reads_only_their_own_district(world):
    report = competence_levels_report(user=world.user(Role.ENHETSCHEF), filters=EVERYTHING)
    assert [row[0] for row in report.tables[0].rows] == ["Angered"]


def test_the_page_and_its_csv(client, world):
    client.force_login(world.user(Role.OMRADESCHEF))
    page = client.get(reverse("reports:competence_levels"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Kompetensnivåer" in content and "Läget" in content
    assert 'name="year"' not in content
    export = client.get(reverse("reports:competence_levels"), {"format": "csv"})
    assert export.status_code == 200
    assert "Specialist" in export.content.decode("utf-8-sig")


def test_the_report_asks_the_same_number_of_queries_for_more_units(world, django_assert_max_num_queries):
    from districts.tests.factories import UnitFactory

    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    competence_levels_report(user=user, filters=EVERYTHING)
    with django_assert_max_num_queries(10) as few:
        competence_levels_report(user=user, filters=EVERYTHING)
    for number in range(4):
        unit = UnitFactory(district=world.other_district, name=f"Enhet {number}")
        _staff(unit, CompetenceLevel.AVANCERAD, 2)
    with django_assert_max_num_queries(len(few)):
        competence_levels_report(user=user, filters=EVERYTHING)
