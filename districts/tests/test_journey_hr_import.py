"""HR imports staff in the browser: a bad file is refused with its rows named, a good one is previewed and confirmed."""

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from districts.models import Role, StaffMember

HEADER = "förnamn;efternamn;e-post;stadsdel;enhet;roller;anställningsdatum;1:e socialsekreterare;fadder;kompetensnivå"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hr_previews_and_confirms_an_import(page, world, screenshot_dir, tmp_path):
    unit = f"{world.own_district.name};{world.own_unit.name}"
    good = [
        # Only a Specialist or an Expert may be named someone's 1:e socialsekreterare (districts.supervision).
        f"Karin;Lindqvist;karin.lindqvist@example.se;{unit};1:e socialsekreterare;2015-03-01;;;Specialist",
        f"Sara;Holm;sara.holm@example.se;{unit};Socialsekreterare;2026-09-01;karin.lindqvist@example.se;"
        f"{world.hire.work_email};",
    ]
    bad_file = tmp_path / "personal-fel.csv"
    bad_file.write_text("\n".join([HEADER, good[0], good[1].replace("2026-09-01", "1 sept")]), encoding="utf-8")
    good_file = tmp_path / "personal.csv"
    good_file.write_text("\n".join([HEADER, *good]), encoding="utf-8-sig")

    browser_login(page, world.user(Role.HR).username, world.password)
    page.get_by_test_id("nav-personal").click()
    page.get_by_test_id("nav-staff-import").click()
    page.set_input_files("input[type=file]", bad_file)
    page.get_by_role("button", name="Granska filen").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Ingenting har sparats")
    expect(errors).to_contain_text("anställningsdatum")
    expect(errors).to_contain_text("ogiltigt datum ”1 sept”")
    page.screenshot(path=screenshot_dir / "hr_import_errors.png", full_page=True)

    page.set_input_files("input[type=file]", good_file)
    page.get_by_role("button", name="Granska filen").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("2 nya, 0 uppdateras, 0 oförändrade")
    page.screenshot(path=screenshot_dir / "hr_import_preview.png", full_page=True)
    assert not StaffMember.objects.filter(work_email="sara.holm@example.se").exists()

    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("2 nya")
    sara = StaffMember.objects.get(work_email="sara.holm@example.se")
    assert sara.supervisor.work_email == "karin.lindqvist@example.se"
    page.screenshot(path=screenshot_dir / "hr_import_done.png", full_page=True)
