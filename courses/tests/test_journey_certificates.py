"""Browser journey: a social worker downloads their certificate, and anyone checks it without logging in."""

import subprocess

import pytest

from conftest import browser_login
from courses.models import Certificate, CourseKind
from courses.tests.factories import CourseFactory, held_round_with_certificates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_person_downloads_the_certificate_and_a_stranger_checks_its_code(page, world, screenshot_dir, tmp_path):
    course = CourseFactory(
        organisation=world.organisation, kind=CourseKind.DEEPENING, name="Samtal med barn", credits="7.5"
    )
    held_round_with_certificates(course, participants=[world.hire])
    code = Certificate.objects.get().code

    browser_login(page, world.hire.user.username, world.password)
    panel = page.get_by_test_id("my-certificates")
    assert "Samtal med barn" in panel.inner_text()  # the dashboard shows Mina intyg
    page.goto("/kurser/intyg/")
    with page.expect_download() as download_info:
        page.get_by_test_id("certificate-download").click()
    saved = tmp_path / "intyg.pdf"
    download_info.value.save_as(saved)
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True).stdout
    assert world.hire.full_name in text and "Samtal med barn" in text and ("7,5" in text or "7.5" in text)
    printed = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    assert printed in text

    page.context.clear_cookies()  # a stranger, e.g. a future employer: no login
    page.goto("/kurser/intyg/kontroll/")
    page.get_by_label("Kontrollkod").fill(printed.lower())
    page.get_by_role("button", name="Kontrollera").click()
    page.wait_for_load_state("networkidle")
    result = page.get_by_test_id("check-result")
    assert "Intyget är äkta." in result.inner_text() and "Samtal med barn" in result.inner_text()
    assert world.hire.last_name not in page.content()
    page.screenshot(path=str(screenshot_dir / "courses_certificate_check.png"), full_page=True)

    page.get_by_label("Kontrollkod").fill("ABCD-EFGH-JKMN")
    page.get_by_role("button", name="Kontrollera").click()
    page.wait_for_load_state("networkidle")
    assert "Det finns inget intyg med den koden." in page.get_by_test_id("check-result").inner_text()
