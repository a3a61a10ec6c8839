"""An enhetschef's journey in the browser: own staff only, another district's colleague not found, English."""

import re

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from districts.models import Role
from districts.tests.factories import StaffMemberFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unit_manager_sees_own_unit_only_and_switches_to_english(page, world, screenshot_dir):
    for number in range(3):
        StaffMemberFactory(
            unit=world.own_unit,
            first_name=f"Förnamn{number}",
            last_name=f"Kollega{number}",
            supervisor=world.people[Role.FORSTE_SOCIALSEKRETERARE],
        )
    browser_login(page, world.user(Role.ENHETSCHEF).username, world.password)
    expect(page.get_by_role("heading", name="Välkommen, Enhetschef")).to_be_visible()
    expect(page.get_by_text("Nyanställda på din enhet")).to_be_visible()
    page.screenshot(path=screenshot_dir / "unit_manager_dashboard.png", full_page=True)

    page.get_by_test_id("nav-personal").click()
    page.get_by_test_id("nav-staff").click()
    table = page.get_by_test_id("staff-table")
    expect(table).to_contain_text("Nyanställd, Nora")
    expect(table).to_contain_text("Kollega2")
    expect(table).not_to_contain_text("Annansson")
    page.screenshot(path=screenshot_dir / "unit_manager_staff_list.png", full_page=True)

    # Name a fadder for the new hire from her page.
    table.get_by_role("link", name="Nyanställd, Nora").click()
    expect(page.get_by_test_id("mentor")).to_contain_text("Inte utsedd")
    page.get_by_role("link", name="Ändra").click()
    page.get_by_label("Fadder").select_option(label="Förnamn0 Kollega0 (Barn och unga Angered)")
    page.screenshot(path=screenshot_dir / "unit_manager_staff_edit.png", full_page=True)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text("Uppgifterna för Nora Nyanställd är sparade")
    expect(page.get_by_test_id("mentor")).to_contain_text("Kollega0")

    response = page.goto(f"/organisation/personal/{world.other_hire.pk}/")
    assert response.status == 404
    expect(page.get_by_test_id("not-found")).to_have_text("Sidan finns inte")
    expect(page.get_by_role("navigation").first).to_be_visible()  # the friendly page keeps the menu
    page.screenshot(path=screenshot_dir / "unit_manager_not_found.png", full_page=True)

    page.goto("/")
    page.get_by_test_id("language-en").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("language-sv")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Enhetschef"))).to_be_visible()
    page.screenshot(path=screenshot_dir / "unit_manager_dashboard_en.png", full_page=True)
