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


def _panel(panels, title):
    return next(panel for panel in panels if str(panel.title) == title)


@pytest.mark.frozen_dates
def test_every_panel_of_the_supervisor_and_the_unit_manager_counts_the_same_current_hires(world):
    """The 1:e socialsekreterare's two panels once showed 2 and 4 hires for the same people: one definition now."""
    import datetime

    from checklists import services
    from districts import clock
    from districts import dashboard as district_dashboard
    from districts.tests.factories import StaffMemberFactory

    today = clock.today()
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    plan_for(world.hire)  # a current hire
    leaver = StaffMemberFactory(unit=world.own_unit, supervisor=supervisor, employment_end=today)
    plan_for(leaver)
    services.staff_departure_process(staff_id=leaver.pk)
    long_ago = StaffMemberFactory(
        unit=world.own_unit, supervisor=supervisor, employment_start=today - datetime.timedelta(days=3 * 365)
    )
    plan_for(long_ago)  # past the two years of a new hire
    handed_over = StaffMemberFactory(unit=world.own_unit)
    moved = plan_for(handed_over)  # the plan still names the supervisor, the hire now has another (none)
    moved.supervisor = supervisor
    moved.save(update_fields=["supervisor"])
    colleague = StaffMemberFactory(unit=world.own_unit, supervisor=supervisor, roles=[Role.ENHETSCHEF])
    plan_for(colleague)  # not a socialsekreterare
    fresh = StaffMemberFactory(unit=world.own_unit, supervisor=supervisor)  # no plan yet: counted, not listed
    assert fresh.pk

    user = world.user(Role.FORSTE_SOCIALSEKRETERARE)
    hires_panel = _panel(district_dashboard.panels(user), "Nyanställda du handleder")
    plans_panel = _panel(dashboard.panels(user), "Mina nyanställda")
    hire_ids = {hire.pk for hire in hires_panel.context["hires"]}
    assert hire_ids == {world.hire.pk, fresh.pk} and hires_panel.context["counts"]["hires"] == 2
    assert {plan.staff_id for plan in plans_panel.context["plans"]} == {world.hire.pk}
    assert {plan.staff_id for plan in plans_panel.context["plans"]} <= hire_ids
    assert plans_panel.context["count"] == 1

    manager = world.user(Role.ENHETSCHEF)
    unit_hires = _panel(district_dashboard.panels(manager), "Nyanställda på din enhet")
    unit_plans = _panel(dashboard.panels(manager), "Enhetens introduktionsplaner")
    unit_ids = {hire.pk for hire in unit_hires.context["hires"]}
    assert unit_ids == {world.hire.pk, fresh.pk, handed_over.pk}
    assert {plan.staff_id for plan in unit_plans.context["plans"]} == unit_ids - {fresh.pk}
    assert unit_plans.context["count"] == 2
