"""Browser journeys: the coordinator reads and downloads reports; a participant answers from the invitation link."""

import pytest
from openpyxl import load_workbook

from conftest import browser_login
from districts import clock
from districts.tests.factories import DEFAULT_PASSWORD
from surveys.models import QuestionKind
from surveys.tests.records import answer_r1_survey, build_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_filters_a_year_downloads_excel_and_reads_a_survey_chart(page, screenshot_dir):
    records = build_records()
    answer_r1_survey(records)
    browser_login(page, "samordnare@provstad.se", DEFAULT_PASSWORD)

    page.click("text=Rapporter")
    page.click("text=Anmälda och slutförda")
    page.select_option("select[name=year]", "2025")
    page.click("[data-testid=report-filters] button[type=submit]")
    page.wait_for_load_state("networkidle")
    total_row = page.locator("tfoot tr").first
    assert total_row.locator("td").all_inner_texts()[:8] == ["Totalt", "15", "11", "3", "9", "6", "2", "40\xa0%"]
    assert page.locator("figure.report-chart svg").count() == 1
    page.screenshot(path=str(screenshot_dir / "reports-enrolment-2025.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("[data-testid=export-xlsx]")
    assert download_info.value.suggested_filename.endswith(".xlsx")
    with open(download_info.value.path(), "rb") as downloaded:
        workbook = load_workbook(downloaded)
    total = next(row for row in workbook.active.iter_rows(values_only=True) if row[0] == "Totalt")
    assert total[1] == 15 and total[4] == 9

    page.click("text=Rapporter")
    page.click("text=Enkätresultat")
    page.select_option("select[name=year]", "2025")
    page.click("[data-testid=report-filters] button[type=submit]")
    page.click("text=R1 · Kursutvärdering")
    page.wait_for_load_state("networkidle")
    assert page.locator("figure.report-chart svg").count() >= 2
    assert page.get_by_text("Dialoggrupperna").is_visible()
    page.screenshot(path=str(screenshot_dir / "reports-survey-result.png"), full_page=True)


def test_participant_answers_from_the_invitation_link(page, screenshot_dir):
    records = build_records()
    survey = records.survey
    invitation = survey.invitations.order_by("pk").first()
    page.goto(f"/utvardering/svar/{invitation.token}/")
    questions = {question.order: question for question in survey.template.questions.all()}
    modules = list(survey.course_round.course.modules.order_by("pk"))
    page.check(f"input[name=q{questions[1].pk}][value='4']")
    page.check(f"input[name=q{questions[2].pk}_m{modules[0].pk}][value='5']")
    page.check(f"input[name=q{questions[2].pk}_m{modules[1].pk}][value='vet_ej']")
    page.check(f"input[name=q{questions[3].pk}][value='ja']")
    page.get_by_label("Utredning").check()
    page.fill(f"textarea[name=q{questions[5].pk}]", "Samtalen i dialoggruppen.")
    page.screenshot(path=str(screenshot_dir / "surveys-answer-form.png"), full_page=True)
    page.get_by_test_id("submit-answers").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("thanks").is_visible()
    page.screenshot(path=str(screenshot_dir / "surveys-answer-thanks.png"))
    assert questions[3].kind == QuestionKind.YES_NO
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    assert survey.responses.get().answers.get(question=questions[1]).rating == 4

    page.goto(f"/utvardering/svar/{invitation.token}/")
    assert page.get_by_test_id("already-answered").is_visible()


def test_unit_manager_reports_training_needs_and_the_coordinator_sees_them(page, screenshot_dir):
    import datetime

    from districts.models import Role
    from districts.tests.world import build_world
    from reports import services
    from reports.models import NeedItem

    world = build_world()
    today = clock.today()
    services.needs_period_open(
        organisation_id=world.organisation.pk,
        title="Utbildningsbehov inför 2027",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=21),
    )
    browser_login(page, world.user(Role.ENHETSCHEF).username, world.password)
    page.click("text=Fyll i Utbildningsbehov inför 2027")
    page.check("input[name=utredning_priority][value='3']")
    page.fill("input[name=utredning_comment]", "BBIC för de nya")
    page.check("input[name=samverkan_priority][value='2']")
    page.screenshot(path=str(screenshot_dir / "reports-needs-form.png"), full_page=True)
    page.click("text=Spara enhetens behov")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Tack! Enhetens utbildningsbehov är sparade.").is_visible()
    assert page.get_by_text("Fyll i Utbildningsbehov inför 2027").count() == 0
    assert NeedItem.objects.get(area="utredning").comment == "BBIC för de nya"

    page.context.clear_cookies()
    browser_login(page, world.user(Role.UTBILDNINGSSAMORDNARE).username, world.password)
    page.goto("/rapporter/utbildningsbehov/")
    page.click("text=Utbildningsbehov inför 2027")
    assert page.get_by_text("BBIC för de nya").is_visible()
    page.screenshot(path=str(screenshot_dir / "reports-needs-summary.png"), full_page=True)
    page.goto("/rapporter/kapacitet/?hires_per_year=280")
    assert page.get_by_test_id("capacity-result").locator("tr", has_text="Platser per Del 1-omgång").inner_text().split(
        "\t"
    )[1:] == ["32", "32"]
    page.screenshot(path=str(screenshot_dir / "reports-capacity.png"), full_page=True)
    page.goto("/rapporter/deltagande/")
    page.screenshot(path=str(screenshot_dir / "reports-participation.png"), full_page=True)
