import pytest

from checklists.models import MeetingKind, PlanMeeting
from checklists.tests.factories import plan_for
from conftest import browser_login
from districts import clock
from districts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_marks_the_weeks_supervision_held_and_the_manager_no_longer_sees_it_lapsed(
    page, world, screenshot_dir
):
    plan = plan_for(world.hire)
    last = (
        PlanMeeting.objects.filter(plan=plan, kind=MeetingKind.SUPERVISION, starts_at__lte=clock.now())
        .order_by("-starts_at")
        .first()
    )
    manager = world.people[Role.ENHETSCHEF]
    browser_login(page, manager.work_email, world.password)
    page.goto("/")
    assert "Nora Nyanställd" in page.locator("[data-testid=lapsed-hire]").inner_text()
    page.context.clear_cookies()

    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    browser_login(page, supervisor.work_email, world.password)
    page.goto(f"/introduktion/plan/{plan.pk}/")
    shares = page.locator("[data-testid=meeting-share-handledning]")
    assert "0 av 5 hölls" in shares.inner_text()
    page.locator(f"#mote-{last.pk}").get_by_role("link", name="Registrera").click()
    page.wait_for_url(f"**/introduktion/moten/{last.pk}/registrera/")
    page.get_by_label("Ja, mötet hölls").check()
    page.get_by_label("Anteckning (frivillig)").fill("Gick igenom första utredningen")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/introduktion/plan/{plan.pk}/#moten")
    assert "1 av 5 hölls (20 %)" in page.locator("[data-testid=meeting-share-handledning]").inner_text()
    row = page.locator(f"#mote-{last.pk}")
    assert "Hölls" in row.inner_text() and "Gick igenom första utredningen" in row.inner_text()
    page.screenshot(path=str(screenshot_dir / "checklists-meeting-held.png"), full_page=True)

    page.context.clear_cookies()
    browser_login(page, manager.work_email, world.password)
    page.goto("/")
    assert page.locator("[data-testid=lapsed-hire]").count() == 0
