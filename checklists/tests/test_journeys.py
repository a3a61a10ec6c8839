import subprocess

import pytest

from checklists.models import PlanExport, PlanItem
from checklists.tests.factories import plan_for
from conftest import browser_login
from districts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM = "Välkomstsamtal med enhetschefen"


def test_supervisor_ticks_an_item_and_sees_it_after_reload(page, world, screenshot_dir):
    plan = plan_for(world.hire)
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    browser_login(page, supervisor.work_email, world.password)

    page.goto("/introduktion/mina-nyanstallda/")
    page.get_by_role("link", name="Nora Nyanställd").click()
    page.wait_for_url(f"**/introduktion/plan/{plan.pk}/")
    row = page.locator("tr[data-testid=item-row]", has_text=ITEM)
    row.locator("[data-testid=note-toggle] summary").click()
    row.locator("input[name=note]").fill("Bra första möte")
    row.locator("[data-testid=tick]").click()
    page.locator("tr[data-testid=item-row]", has_text=ITEM).locator("[data-testid=tick][aria-pressed=true]").wait_for()

    page.reload()
    row = page.locator("tr[data-testid=item-row]", has_text=ITEM)
    assert row.locator("[data-testid=tick]").get_attribute("aria-pressed") == "true"
    done_by = row.locator("[data-testid=done-by]").inner_text()
    item = PlanItem.objects.get(plan=plan, title=ITEM)
    assert "1:e Testsson" in done_by
    assert item.done_at.astimezone().strftime("%Y-%m-%d") in done_by
    row.locator("[data-testid=history] summary").click()
    assert "Bra första möte" in row.inner_text()
    page.screenshot(path=str(screenshot_dir / "checklists-plan-page.png"), full_page=True)


def test_hr_prints_a_plan_and_downloads_a_bulk_export(page, world, screenshot_dir, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    plan = plan_for(world.hire)
    plan_for(world.other_hire)
    hr = world.people[Role.HR]
    browser_login(page, hr.work_email, world.password)

    page.goto(f"/introduktion/plan/{plan.pk}/")
    pdf_url = page.locator("[data-testid=plan-pdf]").get_attribute("href")
    response = page.request.get(pdf_url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf_path = screenshot_dir / "checklists-journey-plan.pdf"
    pdf_path.write_bytes(response.body())
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(screenshot_dir / "checklists-journey-pdf-page1"),
        ],
        check=True,
    )
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, check=True).stdout.decode()
    assert "Nora Nyanställd" in text

    page.goto("/introduktion/export/")
    units = page.locator("select[name=unit] option:not([hidden])")
    assert world.other_unit.name in units.all_inner_texts()
    page.select_option("select[name=district]", label=world.own_district.name)
    # The unit list follows the chosen district.
    assert world.own_unit.name in units.all_inner_texts()
    assert world.other_unit.name not in units.all_inner_texts()
    page.click("[data-testid=start-export]")
    link = page.locator("[data-testid=export-download]")
    link.wait_for(timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "checklists-export.png"))
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    import zipfile

    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
    assert len(names) == 1 and "nora-nyanstalld" in names[0]
    assert PlanExport.objects.get().done == 1


def test_coordinator_edits_the_checklist_in_a_draft_and_publishes(page, world, screenshot_dir):
    from checklists.models import TemplateVersion, VersionStatus
    from checklists.tests.factories import ensure_default_template

    ensure_default_template(world.organisation)
    coordinator = world.people[Role.UTBILDNINGSSAMORDNARE]
    browser_login(page, coordinator.work_email, world.password)

    page.goto("/introduktion/mallar/")
    page.get_by_role("button", name="Ändra (öppna utkast)").click()
    page.get_by_role("link", name="Ny punkt").click()
    page.select_option("select[name=phase]", label="Första veckan")
    page.fill("input[name=title]", "Träffar nämndsekreteraren")
    page.select_option("select[name=responsible_role]", "enhetschef")
    page.fill("input[name=due_day]", "3")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Träffar nämndsekreteraren").wait_for()
    page.screenshot(path=str(screenshot_dir / "checklists-template-draft.png"), full_page=True)
    page.click("[data-testid=publish]")
    page.get_by_text("Versionen är publicerad").wait_for()

    published = TemplateVersion.objects.get(status=VersionStatus.PUBLISHED)
    assert published.number == 2 and published.items.filter(title="Träffar nämndsekreteraren").exists()


def test_manager_changes_the_profile_and_sees_kept_ticks_marked(page, world, screenshot_dir):
    from checklists import services

    plan = plan_for(world.hire, profile="nyexaminerad")
    slow_start = PlanItem.objects.get(plan=plan, title="Första enkla ärenden (långsam start)")
    manager = world.people[Role.ENHETSCHEF]
    services.plan_item_tick(item_id=slow_start.pk, actor=manager.user, done=True, expected_version=1)
    browser_login(page, manager.work_email, world.password)

    page.goto(f"/introduktion/plan/{plan.pk}/andra/")
    page.get_by_label("Introduktionsprofil").select_option("ny_kommun")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/introduktion/plan/{plan.pk}/")
    row = page.locator("tr[data-testid=item-row]", has_text="Första enkla ärenden")
    assert row.locator("[data-testid=outside-profile]").is_visible()
    assert row.locator("[data-testid=tick]").get_attribute("aria-pressed") == "true"
    row.scroll_into_view_if_needed()
    row.locator("[data-testid=history] summary").click()
    assert "Utanför profilen vid byte" in row.inner_text()
    page.screenshot(path=str(screenshot_dir / "checklists-profile-changed.png"), full_page=False)


def test_hr_sees_plans_in_progress_and_switches_to_all(page, world, screenshot_dir):
    import datetime

    from checklists import selectors
    from districts.tests.factories import StaffMemberFactory

    plan_for(world.hire)
    finished = plan_for(
        StaffMemberFactory(unit=world.own_unit, first_name="Astrid", last_name="Avslutad"),
        start=selectors.in_progress_since() - datetime.timedelta(days=10),
    )
    browser_login(page, world.people[Role.HR].work_email, world.password)

    page.goto("/introduktion/oversikt/")
    assert page.locator("tr[data-testid=plan-row]").count() == 1
    assert "Nora Nyanställd" in page.locator("tbody").last.inner_text()
    page.screenshot(path=str(screenshot_dir / "checklists-overview-in-progress.png"), full_page=True)

    page.select_option("#visa", "alla")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**visa=alla**")
    page.locator("tr[data-testid=plan-row]", has_text=finished.staff.full_name).wait_for()
    assert page.locator("tr[data-testid=plan-row]").count() == 2
    page.get_by_test_id("sort-overdue").click()
    page.wait_for_url("**sort=forsenade**")
    assert page.locator("#visa").input_value() == "alla"
    page.screenshot(path=str(screenshot_dir / "checklists-overview-all.png"), full_page=True)


def test_unit_manager_follows_del2_theme_by_theme(page, world, screenshot_dir):
    from checklists.tests.test_del2_themes import _world_with_themes

    themes, first, _approved = _world_with_themes(world)
    plan = plan_for(world.hire)
    manager = world.people[Role.ENHETSCHEF]
    browser_login(page, manager.work_email, world.password)

    page.goto("/")
    page.get_by_role("button", name="Introduktionsplaner").click()  # the menu
    page.get_by_role("link", name="Del 2 per tema").click()
    page.wait_for_url("**/introduktion/del2-teman/")
    hire = page.locator("[data-testid=del2-hire]", has_text="Nora Nyanställd")
    assert "3 av 19 teman" in hire.locator("summary").inner_text()
    hire.locator("summary").click()
    rows = hire.locator("[data-testid=del2-theme]")
    assert rows.count() == 19
    done_row = rows.filter(has_text=themes[0].title)
    assert "Del 2 hösten" in done_row.inner_text() and first.date.isoformat() in done_row.inner_text()
    assert "Inte än" in rows.filter(has_text=themes[2].title).inner_text()
    page.screenshot(path=str(screenshot_dir / "checklists-del2-themes.png"), full_page=True)

    hire.get_by_role("link", name="Introduktionsplanen").click()
    page.wait_for_url(f"**/introduktion/plan/{plan.pk}/")
    assert "Del 2: 3 av 19 teman" in page.locator("[data-testid=del2-themes]").inner_text()
