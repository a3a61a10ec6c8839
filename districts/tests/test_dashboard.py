import datetime

import pytest
from django.urls import reverse

from districts import clock
from districts.dashboard import panels
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_dates]  # dates relative to today: run on each frozen date


@pytest.fixture(autouse=True)
def only_staff_panels(settings):
    """Test this app's panels alone; other apps test theirs."""
    settings.DASHBOARD_PANEL_PROVIDERS = ["districts.dashboard.panels"]


def _titles(user):
    return [panel.title for panel in panels(user)]


def test_enhetschef_sees_the_units_hires_with_missing_mentor_flagged(client, world):
    client.force_login(world.user(Role.ENHETSCHEF))
    content = client.get(reverse("dashboard")).content.decode()
    assert "Nyanställda på din enhet" in content
    assert "Nora Nyanställd" in content
    assert "Otto Annansson" not in content
    assert "1 saknar fadder." in content


def test_forste_socialsekreterare_sees_the_hires_they_supervise(world):
    (panel,) = [panel for panel in panels(world.user(Role.FORSTE_SOCIALSEKRETERARE)) if "handleder" in panel.title]
    assert list(panel.context["hires"]) == [world.hire]


def test_old_staff_are_not_new_hires(world):
    StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2010, 1, 1), last_name="Gammal")
    (panel,) = [panel for panel in panels(world.user(Role.ENHETSCHEF)) if "enhet" in panel.title]
    assert [hire.last_name for hire in panel.context["hires"]] == ["Nyanställd"]


def test_hr_sees_organisation_counts_and_the_import_link(client, world):
    client.force_login(world.user(Role.HR))
    response = client.get(reverse("dashboard"))
    content = response.content.decode()
    assert "Organisationen i siffror" in content
    assert reverse("districts:staff_import") in content
    (panel,) = [panel for panel in panels(world.user(Role.HR)) if panel.template.endswith("organisation.html")]
    assert panel.context["counts"]["districts"] == 2
    assert panel.context["counts"]["hires"] == 2  # world.hire and world.other_hire


def test_omradeschef_sees_counts_but_no_import_link(client, world):
    client.force_login(world.user(Role.OMRADESCHEF))
    content = client.get(reverse("dashboard")).content.decode()
    assert "Organisationen i siffror" in content
    assert reverse("districts:staff_import") not in content


def test_socialsekreterare_sees_own_supervisor_and_start(client, world):
    client.force_login(world.user(Role.SOCIALSEKRETERARE))
    content = client.get(reverse("dashboard")).content.decode()
    assert "Min introduktion" in content
    assert "1:e Testsson" in content
    assert world.hire.employment_start.isoformat() in content
    assert "Organisationen i siffror" not in content


def test_dashboard_queries_do_not_grow_with_hires(client, world, django_assert_max_num_queries):
    client.force_login(world.user(Role.ENHETSCHEF))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("dashboard"))
    for _number in range(20):
        StaffMemberFactory(unit=world.own_unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard"))


def test_new_hires_who_have_left_are_neither_listed_nor_counted(world):
    today = clock.today()
    StaffMemberFactory(
        unit=world.own_unit,
        roles=[Role.SOCIALSEKRETERARE],
        supervisor=world.people[Role.FORSTE_SOCIALSEKRETERARE],
        employment_start=today - datetime.timedelta(days=200),
        employment_end=today - datetime.timedelta(days=1),
        last_name="Slutadsson",
    )
    for role, word in ((Role.ENHETSCHEF, "enhet"), (Role.FORSTE_SOCIALSEKRETERARE, "handleder")):
        (panel,) = [panel for panel in panels(world.user(role)) if word in panel.title]
        assert [hire.last_name for hire in panel.context["hires"]] == ["Nyanställd"]
        assert panel.context["counts"]["hires"] == 1
    (panel,) = [panel for panel in panels(world.user(Role.HR)) if "siffror" in panel.title]
    assert panel.context["counts"]["hires"] == 2  # world.hire and world.other_hire, not the leaver
