"""`seed_demo`: the organisation, the region and the logins, seeded once for the module (plugins.shared_rows).

The module's seed runs with a recording seeder in place of the apps' (DEMO_DATA_SEEDERS), which writes
nothing: the rows are those of `seed_demo` with no app seeders, and each test's writes roll back.
"""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from districts.models import District, Organisation, Role, StaffMember, StaffRole, Unit

pytestmark = pytest.mark.django_db

CALLS = []
RECORDING_SEEDER = "intro_program.tests.test_seed_demo.recording_seeder"


def recording_seeder(*, organisation, today):
    CALLS.append((organisation.slug, today))


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, District, Unit, StaffMember, StaffRole, get_user_model())
    }


def _snapshot():
    return list(
        StaffMember.objects.order_by("pk").values_list("pk", "work_email", "supervisor_id", "mentor_id", "user_id")
    )


def _seed_once():
    CALLS.clear()
    output = io.StringIO()
    with override_settings(DEMO_DATA_SEEDERS=[RECORDING_SEEDER]):
        call_command("seed_demo", "--staff", "200", stdout=output)
    return SimpleNamespace(output=output.getvalue(), counts=_counts(), snapshot=_snapshot(), calls=list(CALLS))


@pytest.fixture(scope="module")
def seeded(seed_for_module, module_clock):
    """`seed_demo --staff 200` run once, with what it printed, the rows it left and the seeders it called."""
    yield from seed_for_module(_seed_once)


def test_seed_demo_twice_creates_the_same_rows_once(seeded, settings):
    settings.DEMO_DATA_SEEDERS = [RECORDING_SEEDER]
    CALLS.clear()
    first, snapshot = seeded.counts, seeded.snapshot  # after the first run, the module's seed
    call_command("seed_demo", "--staff", "200", stdout=io.StringIO())
    assert _counts() == first
    assert _snapshot() == snapshot
    city = Organisation.objects.get(slug="goteborg")
    assert District.objects.filter(organisation=city).count() == 10
    assert Unit.objects.filter(district__organisation=city).count() == 40
    assert StaffMember.objects.filter(organisation=city).count() == 200
    # The region: the city and three neighbours (one district of four units each), every one seeded.
    assert first["Organisation"] == 4 and first["District"] == 13 and first["Unit"] == 52
    assert [slug for slug, _today in seeded.calls + CALLS] == ["goteborg", "molndal", "kungalv", "partille"] * 2
    text = seeded.output
    assert "http://127.0.0.1:8000/" in text
    for username in (
        "samordnare@demo.se",
        "hr@demo.se",
        "enhetschef@demo.se",
        "forste@demo.se",
        "region@demo.se",
        "admin@demo.se",
    ):
        assert username in text


def test_the_regional_reader_reads_the_regions_municipalities_and_no_person(seeded, client):
    from districts.models import RegionalReader

    reader = RegionalReader.objects.select_related("region", "user").get(user__username="region@demo.se")
    assert not StaffMember.objects.filter(user=reader.user).exists()
    names = set(reader.region.organisations.values_list("name", flat=True))
    assert names == {"Göteborgs Stad", "Mölndals stad", "Kungälvs kommun", "Partille kommun"}
    sizes = {org.slug: org.staff.count() for org in reader.region.organisations.all()}
    assert sizes == {"goteborg": 200, "molndal": 120, "kungalv": 85, "partille": 70}
    assert client.login(username="region@demo.se", password="demo1234")
    page = client.get("/rapporter/region/").content.decode()
    assert all(name in page for name in names)


def test_demo_logins_tell_one_story_in_one_unit(seeded, client):
    hire = StaffMember.objects.get(user__username="socialsekreterare@demo.se")
    manager = StaffMember.objects.get(user__username="enhetschef@demo.se")
    senior = StaffMember.objects.get(user__username="forste@demo.se")
    assert hire.unit == manager.unit == senior.unit
    assert hire.supervisor == senior and hire.mentor is not None
    assert set(senior.roles.values_list("role", flat=True)) == {Role.FORSTE_SOCIALSEKRETERARE}
    women = StaffMember.objects.filter(gender="kvinna").count()
    assert women > 0.7 * StaffMember.objects.count()
    assert client.login(username="enhetschef@demo.se", password="demo1234")
    assert get_user_model().objects.get(username="admin@demo.se").is_superuser


def test_seed_demo_onboards_the_organisation_before_the_seeders_run(seeded):
    from checklists.models import ChecklistTemplate
    from courses.models import Course, CourseKind

    organisation = Organisation.objects.get(slug="goteborg")
    assert Course.objects.filter(organisation=organisation, kind__in=[CourseKind.DEL1, CourseKind.DEL2]).count() == 2
    assert ChecklistTemplate.objects.filter(organisation=organisation).count() == 1
