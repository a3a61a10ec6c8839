"""One journey with the keyboard only: log in, tick a checklist item, log out, log in, nominate a hire."""

import datetime

import pytest

from checklists.models import PlanItem
from checklists.tests.factories import plan_for
from courses.models import Nomination, NominationStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM = "Välkomstsamtal med enhetschefen"


def _tab_to(page, target, *, limit: int = 150) -> None:
    """Press Tab until the focus is on `target` (a CSS selector or a locator); fail after `limit` presses."""
    handle = page.locator(target).element_handle() if isinstance(target, str) else target.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(element) => document.activeElement === element", handle):
            style = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.boxShadow]; }"
            )
            assert style != ["none", "none"], f"{target} has no visible focus (no outline, no focus ring)"
            return
    raise AssertionError(f"Tab never reached {target}")


def _log_in_with_the_keyboard(page, username: str, password: str) -> None:
    page.goto("/login/")
    _tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    _tab_to(page, "input[name=password]")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.wait_for_load_state("networkidle")
    page.page_checker.login = (username, password)


def test_a_supervisor_ticks_and_a_manager_nominates_with_the_keyboard_only(page, world, screenshot_dir):
    today = clock.today()
    plan = plan_for(world.hire)
    proposed = CourseRoundFactory(
        course=del1_of(world.organisation),
        title="Del 1 nästa månad",
        session_dates=[today + datetime.timedelta(days=21), today + datetime.timedelta(days=22)],
    )
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]

    _log_in_with_the_keyboard(page, supervisor.work_email, world.password)
    # The skip link is the first stop and takes the focus past the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    page.goto(f"/introduktion/plan/{plan.pk}/")
    item = PlanItem.objects.get(plan=plan, title=ITEM)
    _tab_to(page, f"#punkt-{item.pk} [data-testid=tick]")
    page.keyboard.press("Enter")
    page.locator(f"#punkt-{item.pk} [data-testid=tick][aria-pressed=true]").wait_for()
    item.refresh_from_db()
    assert item.done and item.done_by == supervisor.user
    page.screenshot(path=str(screenshot_dir / "keyboard-ticked.png"), full_page=True)

    _tab_to(page, "nav form[action$='/logout/'] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/login/**")

    _log_in_with_the_keyboard(page, world.user(Role.ENHETSCHEF).username, world.password)
    row = page.locator("[data-testid=deadline-row]", has_text=world.hire.full_name)
    _tab_to(page, row.get_by_role("button", name="Nominera"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("är bokad på Del 1 nästa månad").wait_for()
    nomination = Nomination.objects.get(staff=world.hire)
    assert nomination.course_round == proposed and nomination.status == NominationStatus.BOOKED
    page.screenshot(path=str(screenshot_dir / "keyboard-nominated.png"), full_page=True)
