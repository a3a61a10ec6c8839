import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import Gender, Region, RegionalReader
from districts.tests.factories import DistrictFactory, OrganisationFactory, StaffMemberFactory, UnitFactory, UserFactory
from reports import dashboard
from reports.regional import RegionalFilters, regional_report
from reports.suppression import Hidden
from surveys.tests.factories import held_del1_round

pytestmark = pytest.mark.django_db

PERIOD = RegionalFilters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))


def _municipality(name, region):
    organisation = OrganisationFactory(name=name, slug=name.lower())
    organisation.region = region
    organisation.save(update_fields=["region"])
    unit = UnitFactory(district=DistrictFactory(organisation=organisation))
    return organisation, unit


def _people(unit, count, *, gender=Gender.KVINNA, **extra):
    return [StaffMemberFactory(unit=unit, gender=gender, **extra) for _n in range(count)]


@pytest.fixture
def region():
    region = Region.objects.create(name="Göteborgsregionen", slug="gr")
    reader = UserFactory(username="region@example.se")
    RegionalReader.objects.create(user=reader, region=region)
    region.reader = reader
    return region


def _rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_each_municipality_of_the_region_is_a_row_and_others_are_left_out(region):
    city, city_unit = _municipality("Storstad", region)
    town, town_unit = _municipality("Mölndal", region)
    outside, outside_unit = _municipality("Utanför", None)
    day = datetime.date(2026, 9, 10)
    held_del1_round(city, participants=_people(city_unit, 8) + _people(city_unit, 6, gender=Gender.MAN), day=day)
    held_del1_round(
        city, participants=_people(city_unit, 6), day=day + datetime.timedelta(days=7), status="dropped_out"
    )
    held_del1_round(town, participants=_people(town_unit, 7) + _people(town_unit, 5, gender=Gender.MAN), day=day)
    held_del1_round(outside, participants=_people(outside_unit, 9), day=day)

    report = regional_report(user=region.reader, filters=PERIOD)
    enrolment, hires, *_others = report.tables
    rows = _rows(enrolment)
    assert set(rows) == {"Storstad", "Mölndal"}
    # Enrolled (women, men), completed (women, men), drop-out share: Storstad 20 enrolled, 14 completed.
    assert rows["Storstad"][:6] == [20, 14, 6, 14, 8, 6]
    assert rows["Storstad"][6] == pytest.approx(6 / 20)
    assert rows["Mölndal"][:6] == [12, 7, 5, 12, 7, 5] and rows["Mölndal"][6] == 0
    assert enrolment.total[1] == 32 and enrolment.columns[0].label == "Kommun"
    assert report.title == "Regionen: Göteborgsregionen"


def test_a_small_municipality_is_protected_and_cannot_be_worked_out_from_the_regions_total(region):
    city, city_unit = _municipality("Storstad", region)
    small, small_unit = _municipality("Liten", region)
    day = datetime.date(2026, 9, 10)
    held_del1_round(city, participants=_people(city_unit, 12), day=day)
    held_del1_round(small, participants=_people(small_unit, 3), day=day)

    enrolment, _hires, *_others = regional_report(user=region.reader, filters=PERIOD).tables
    rows = _rows(enrolment)
    assert isinstance(rows["Liten"][0], Hidden) and str(rows["Liten"][0]) == "< 5"
    # With the small row hidden, the city's count or the total must be withheld too.
    assert isinstance(rows["Storstad"][0], Hidden) or isinstance(enrolment.total[1], Hidden)


def test_new_hires_and_del1_per_municipality(region):
    city, city_unit = _municipality("Storstad", region)
    start = datetime.date(2026, 3, 1)
    hires = _people(city_unit, 10, employment_start=start)
    _people(city_unit, 4, employment_start=start)  # not yet nominated
    held_del1_round(city, participants=hires[:6], day=datetime.date(2026, 6, 10))
    held_del1_round(city, participants=hires[6:], day=datetime.date(2026, 7, 10), status="dropped_out")
    _enrolment, table, *_others = regional_report(user=region.reader, filters=PERIOD).tables
    assert _rows(table)["Storstad"] == [14, 10, 6, pytest.approx(6 / 14)]


def test_the_report_is_three_queries_whatever_the_number_of_municipalities(region):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            regional_report(user=region.reader, filters=PERIOD)
        return len(captured)

    # The baseline has one municipality with hires and a held round, so every table's queries run in it.
    city, city_unit = _municipality("Storstad", region)
    held_del1_round(city, participants=_people(city_unit, 5), day=datetime.date(2026, 5, 5))
    few = queries()
    for name in ("Mölndal", "Partille", "Kungälv"):
        organisation, unit = _municipality(name, region)
        held_del1_round(organisation, participants=_people(unit, 5), day=datetime.date(2026, 5, 5))
    region.reader._access_region_id = region.pk
    assert queries() <= few


def test_the_page_shows_the_table_and_exports_and_others_are_refused(client, region, world):
    _municipality("Storstad", region)
    client.force_login(region.reader)
    page = client.get("/rapporter/region/")
    assert page.status_code == 200 and "Storstad" in page.content.decode()
    csv = client.get("/rapporter/region/?format=csv")
    assert csv.status_code == 200 and "Storstad" in csv.content.decode("utf-8-sig")
    for output, content_type in (("xlsx", "spreadsheetml"), ("pdf", "application/pdf")):
        download = client.get(f"/rapporter/region/?format={output}")
        assert download.status_code == 200 and content_type in download["Content-Type"]
    assert client.get("/rapporter/region/?start=2026-05-01&end=2026-01-01").status_code == 200
    client.force_login(world.people["utbildningssamordnare"].user)
    assert client.get("/rapporter/region/").status_code == 403


def test_a_regional_reader_gets_the_regional_panel_and_nothing_about_people(client, region):
    titles = [str(panel.title) for panel in dashboard.panels(region.reader)]
    assert titles == ["Regionen"]
    client.force_login(region.reader)
    assert "/rapporter/region/" in client.get("/").content.decode()
    assert client.get("/rapporter/").status_code == 403
