"""Under the Content-Security-Policy the pages still work in Chromium, htmx included, and nothing is refused."""

import pytest
from django.urls import reverse

from checklists.tests.factories import plan_for
from conftest import browser_login
from districts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM = "Välkomstsamtal med enhetschefen"

# Collect every refusal the page sees (init scripts run outside the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def _watch(page) -> list[str]:
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    return console


def _violations(page, console) -> list[str]:
    return page.evaluate("window.__cspViolations") + [text for text in console if "Content Security Policy" in text]


def test_a_tick_works_under_the_policy_and_nothing_is_refused(page, world, screenshot_dir):
    plan = plan_for(world.hire)
    console = _watch(page)
    response = page.goto("/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    browser_login(page, world.people[Role.FORSTE_SOCIALSEKRETERARE].work_email, world.password)
    page.goto(f"/introduktion/plan/{plan.pk}/")
    assert _violations(page, console) == []

    row = page.locator("tr[data-testid=item-row]", has_text=ITEM)
    row.locator("[data-testid=tick]").click()
    page.locator("tr[data-testid=item-row]", has_text=ITEM).locator("[data-testid=tick][aria-pressed=true]").wait_for()
    page.reload()
    row = page.locator("tr[data-testid=item-row]", has_text=ITEM)
    assert row.locator("[data-testid=tick]").get_attribute("aria-pressed") == "true"
    # The progress bar has its width from a class now (pct-N), not from a style attribute.
    bar = page.locator(".progress[aria-valuenow] .progress-bar").first
    percent = int(page.locator(".progress[aria-valuenow]").first.get_attribute("aria-valuenow"))
    shown = bar.evaluate("bar => Math.round(100 * bar.offsetWidth / bar.parentElement.clientWidth)")
    assert percent > 0 and abs(shown - percent) <= 1
    assert _violations(page, console) == []
    page.screenshot(path=str(screenshot_dir / "csp-plan-ticked.png"), full_page=True)


def test_the_main_pages_render_without_a_refusal(page, world):
    from courses.tests.factories import CourseRoundFactory, del1_of

    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    console = _watch(page)
    browser_login(page, world.people[Role.UTBILDNINGSSAMORDNARE].work_email, world.password)
    for url in (
        reverse("dashboard"),
        reverse("districts:staff_list"),
        reverse("courses:calendar"),
        reverse("courses:round_detail", kwargs={"pk": course_round.pk}),
        reverse("courses:participant_list", kwargs={"pk": course_round.pk}),
        reverse("checklists:template_list"),
        reverse("reports:enrolment"),
        reverse("reports:needs_periods"),
        "/admin/",
    ):
        assert page.goto(url).status == 200, url
        page.wait_for_load_state("networkidle")
        assert _violations(page, console) == [], url


def test_a_confirm_question_still_guards_a_cancellation(page, world):
    from courses.models import RoundStatus
    from courses.tests.factories import CourseRoundFactory, del1_of

    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    console = _watch(page)
    browser_login(page, world.people[Role.UTBILDNINGSSAMORDNARE].work_email, world.password)
    page.goto(reverse("courses:round_detail", kwargs={"pk": course_round.pk}))
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Ställ in omgången").click()
    page.wait_for_timeout(300)
    course_round.refresh_from_db()
    assert questions == ["Ställa in hela omgången? Alla nomineringar avbokas."]
    assert course_round.status != RoundStatus.CANCELLED
    assert _violations(page, console) == []
