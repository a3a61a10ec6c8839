"""Browser journeys: the regional reader compares the region's municipalities; the coordinator reads who of
the supervisors has taken their training."""

import datetime

import pytest

from conftest import browser_login
from districts.models import Region, RegionalReader, Role
from districts.tests.factories import (
    DEFAULT_PASSWORD,
    DistrictFactory,
    OrganisationFactory,
    StaffMemberFactory,
    UnitFactory,
    UserFactory,
)
from surveys import services as survey_services
from surveys.services import AnswerInput
from surveys.tests.factories import default_evaluation, held_del1_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_regional_reader_opens_the_region_report_from_the_dashboard(page, world, screenshot_dir):
    region = Region.objects.create(name="Göteborgsregionen", slug="gr")
    world.organisation.region = region
    world.organisation.save(update_fields=["region"])
    neighbour = OrganisationFactory(name="Mölndals stad", slug="molndal")
    neighbour.region = region
    neighbour.save(update_fields=["region"])
    unit = UnitFactory(district=DistrictFactory(organisation=neighbour))
    day = datetime.date(2026, 10, 6)
    neighbours_round = held_del1_round(
        neighbour, participants=[StaffMemberFactory(unit=unit) for _n in range(8)], day=day
    )
    # Six of Mölndal's eight answer the course evaluation: grades 5, 4, 4, 3, 4, 4 (mean 4.0), five recommend it.
    survey = survey_services.survey_open(course_round=neighbours_round, template=default_evaluation())
    grade, recommend = (survey.template.questions.get(kind=kind, per_module=False) for kind in ("rating", "yes_no"))
    tokens = survey.invitations.order_by("pk").values_list("token", flat=True)
    for token, rating, yes in zip(tokens, [5, 4, 4, 3, 4, 4], [True] * 5 + [False], strict=False):
        survey_services.response_submit(
            token=token,
            answers=[AnswerInput(question_id=grade.pk, rating=rating), AnswerInput(question_id=recommend.pk, yes=yes)],
        )
    held_del1_round(world.organisation, participants=[StaffMemberFactory(unit=world.own_unit)], day=day)
    reader = UserFactory(username="region@example.se")
    RegionalReader.objects.create(user=reader, region=region)

    browser_login(page, "region@example.se", DEFAULT_PASSWORD)
    page.click("[data-testid=regional-report-link]")
    page.wait_for_url("**/rapporter/region/")
    rows = page.locator("table").first.locator("tbody tr")
    texts = rows.all_inner_texts()
    # One person in the city: not published, and Mölndal's 8 neither, or the region's total would give it away.
    assert texts[0].startswith("Göteborgs Stad\t< 5") and texts[1].startswith("Mölndals stad\t.."), texts
    # The equality and survey tables follow, each with its definition; Mölndal's evaluation as counted by hand.
    equality = page.locator("section.report-table", has_text="Likabehandling per kommun")
    assert "Del 1 inom fyra månader" in equality.inner_text()
    assert "Som stadens rapport om likabehandling" in equality.inner_text()
    surveys = page.locator("section.report-table", has_text="Kursutvärderingar per kommun")
    molndal = surveys.locator("tbody tr", has_text="Mölndals stad").inner_text()
    assert molndal.split("\t") == ["Mölndals stad", "8", "6", "75\u00a0%", "4,0", "100\u00a0%", "83\u00a0%"], molndal
    assert "Svaren är anonyma" in surveys.inner_text()
    page.screenshot(path=str(screenshot_dir / "reports-region.png"), full_page=True)


def test_the_coordinator_reads_which_supervisors_have_taken_their_training(page, world):
    browser_login(page, world.people[Role.UTBILDNINGSSAMORDNARE].work_email, world.password)
    page.click("text=Rapporter")
    page.click("text=Handledarnas utbildning")
    page.wait_for_url("**/rapporter/handledarnas-utbildning/")
    row = page.locator("tbody tr", has_text=world.people[Role.FORSTE_SOCIALSEKRETERARE].full_name)
    assert "Inte påbörjad" in row.inner_text()
