import pytest

from checklists import dashboard
from checklists.tests.factories import plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db


def _titles(user):
    return [str(panel.title) for panel in dashboard.panels(user)]


def test_each_role_gets_its_panels(world):
    plan_for(world.hire)
    assert "Mina nyanställda" in _titles(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    assert "Enhetens introduktionsplaner" in _titles(world.user(Role.ENHETSCHEF))
    assert _titles(world.user(Role.SOCIALSEKRETERARE)) == ["Min introduktionsplan"]
    assert "Exportera introduktionsplaner" in _titles(world.user(Role.HR))
    assert _titles(world.user(Role.OMRADESCHEF)) == []


def test_dashboard_page_shows_the_panels(client, world):
    plan_for(world.hire)
    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    body = client.get("/").content.decode()
    assert "Mina nyanställda" in body and "Nora Nyanställd" in body
    client.force_login(world.user(Role.SOCIALSEKRETERARE))
    body = client.get("/").content.decode()
    assert "Min introduktionsplan" in body and "Öppna min plan" in body
