from decimal import Decimal

import pytest

from competence.models import CompetenceReview
from competence.services import REVIEW_ITEM_TITLE
from competence.tests.factories import completed_course, hire_with_plan
from conftest import browser_login
from districts.models import CompetenceLevel, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_manager_reviews_a_level_other_than_the_proposal_and_the_plan_item_ticks(page, world, screenshot_dir):
    plan = hire_with_plan(world.hire, years_ago=2.2)
    completed_course(world.hire, credits=Decimal("7.5"), name="Barnavårdsutredning")
    manager = world.people[Role.ENHETSCHEF]
    browser_login(page, manager.work_email, world.password)

    page.goto(f"/organisation/personal/{world.hire.pk}/")
    page.get_by_role("link", name="Poäng och prövningar").click()
    page.wait_for_url(f"**/kompetens/medarbetare/{world.hire.pk}/")
    assert "Barnavårdsutredning" in page.locator("[data-testid=credit-lines]").inner_text()
    page.get_by_role("link", name="Ny kompetensprövning").click()

    # Two years and 7,5 hp: the rules propose Kunnig; the manager decides Avancerad and says why.
    assert page.locator("[data-testid=proposed-level]").inner_text() == "Kunnig"
    page.get_by_label("Beslutad nivå").select_option(label="Avancerad")
    page.get_by_role("button", name="Spara prövningen").click()
    assert "skriv vad beslutet vilar på" in page.locator("main form").inner_text()
    page.get_by_label("Vad beslutet vilar på").fill("Åtta år inom myndighetsutövning i en annan kommun.")
    page.get_by_role("button", name="Spara prövningen").click()
    page.wait_for_url(f"**/kompetens/medarbetare/{world.hire.pk}/")

    assert page.locator("[data-testid=current-level]").inner_text() == "Avancerad"
    difference = page.locator("[data-testid=review-difference]").inner_text()
    assert difference == "1 steg över förslaget (Kunnig)."
    assert "Åtta år inom myndighetsutövning" in page.locator("[data-testid=reviews]").inner_text()
    page.screenshot(path=str(screenshot_dir / "competence-review.png"), full_page=True)

    page.goto(f"/introduktion/plan/{plan.pk}/")
    row = page.locator("tr[data-testid=item-row]", has_text=REVIEW_ITEM_TITLE)
    assert row.locator("[data-testid=tick]").get_attribute("aria-pressed") == "true"
    review = CompetenceReview.objects.get(staff=world.hire)
    assert (review.proposed_level, review.decided_level) == (CompetenceLevel.KUNNIG, CompetenceLevel.AVANCERAD)

    # The levels report counts the decided level (the unit manager reads their own district).
    page.goto("/rapporter/")
    page.get_by_role("link", name="Kompetensnivåer").click()
    page.wait_for_url("**/rapporter/kompetensnivaer/")
    assert "Per stadsdel" in page.locator("main").inner_text()
    assert "Angered" in page.locator("main table").first.inner_text()
