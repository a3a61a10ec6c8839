"""Browser journeys: the coordinator plans a round in the calendar; the enhetschef nominates from the dashboard."""

import datetime

import pytest

from conftest import browser_login
from courses import selectors
from courses.models import CourseRound, Nomination, NominationStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_creates_a_round_with_two_sessions_and_sees_it_in_the_calendar(page, world, screenshot_dir):
    browser_login(page, world.user(Role.UTBILDNINGSSAMORDNARE).username, world.password)
    page.goto("/kurser/")
    page.get_by_test_id("new-round").click()
    page.select_option("select[name=course]", label="Del 1")
    page.fill("input[name=title]", "Extra Del 1 mars 2027")
    page.fill("input[name=capacity]", "24")
    for index, day in enumerate(["2027-03-09", "2027-03-10"]):
        page.fill(f"input[name=sessions-{index}-date]", day)
        page.fill(f"input[name=sessions-{index}-start_time]", "09:00")
        page.fill(f"input[name=sessions-{index}-end_time]", "16:00" if index == 0 else "12:00")
        page.fill(f"input[name=sessions-{index}-place]", "Stadshuset, Göteborg")
    page.screenshot(path=str(screenshot_dir / "courses_round_form.png"), full_page=True)
    page.get_by_test_id("save-round").click()
    page.wait_for_load_state("networkidle")

    card = page.locator("[data-testid=round-card]", has_text="Extra Del 1 mars 2027")
    card.wait_for()
    assert "0/24" in card.inner_text()
    assert "Kursomgången Extra Del 1 mars 2027 är skapad" in page.content()
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "courses_calendar.png"), full_page=True)
    course_round = CourseRound.objects.get(title="Extra Del 1 mars 2027")
    assert course_round.sessions.count() == 2


def test_enhetschef_nominates_a_hire_from_the_dashboard_to_the_proposed_round(page, world, screenshot_dir):
    today = clock.today()
    course = del1_of(world.organisation)
    CourseRoundFactory(course=course, title="Del 1 senare", session_dates=[today + datetime.timedelta(days=60)])
    proposed = CourseRoundFactory(
        course=course,
        title="Del 1 nästa månad",
        session_dates=[today + datetime.timedelta(days=21), today + datetime.timedelta(days=22)],
    )
    browser_login(page, world.user(Role.ENHETSCHEF).username, world.password)  # lands on the dashboard
    row = page.locator("[data-testid=deadline-row]", has_text=world.hire.full_name)
    assert "Del 1 nästa månad" in row.inner_text()
    page.screenshot(path=str(screenshot_dir / "courses_dashboard_before.png"), full_page=True)

    row.get_by_role("button", name="Nominera").click()  # the one click
    page.wait_for_load_state("networkidle")

    assert "är bokad på Del 1 nästa månad" in page.content()
    booked = page.get_by_test_id("del1-booked")
    assert world.hire.full_name in booked.inner_text() and "Del 1 nästa månad" in booked.inner_text()
    assert page.locator("[data-testid=deadline-row]", has_text=world.hire.full_name).count() == 0
    page.screenshot(path=str(screenshot_dir / "courses_dashboard_after.png"), full_page=True)
    nomination = Nomination.objects.get(staff=world.hire)
    assert nomination.course_round == proposed and nomination.status == NominationStatus.BOOKED


def test_coordinator_follows_the_count_to_the_full_list_and_nominates_from_its_second_page(page, world, screenshot_dir):
    today = clock.today()
    CourseRoundFactory(
        course=del1_of(world.organisation),
        title="Del 1 om tre veckor",
        capacity=80,
        session_dates=[today + datetime.timedelta(days=21)],
    )
    for index in range(60):  # more than a panel and a page of the full list; deadlines from overdue to weeks away
        StaffMemberFactory(
            unit=world.own_unit,
            employment_start=today - datetime.timedelta(days=150 - index),
            roles=[Role.SOCIALSEKRETERARE],
        )
    total = len(selectors.hires_without_del1_booking(user=world.user(Role.UTBILDNINGSSAMORDNARE), today=today))
    browser_login(page, world.user(Role.UTBILDNINGSSAMORDNARE).username, world.password)
    more = page.get_by_test_id("del1-more")
    assert f"Visar 20 av {total}" in more.inner_text()
    more.get_by_role("link", name="Visa alla").click()
    page.wait_for_load_state("networkidle")
    assert f"{total} nyanställda" in page.get_by_test_id("hire-list-total").inner_text()
    page.screenshot(path=str(screenshot_dir / "courses_del1_full_list.png"), full_page=True)

    page.get_by_role("link", name="Nästa").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("[data-testid=deadline-row]").first
    button = row.get_by_role("button", name="Nominera")
    staff_pk = int(button.get_attribute("data-testid").removeprefix("nominate-"))
    button.click()
    page.wait_for_load_state("networkidle")

    assert "sida=2" in page.url and "är bokad på Del 1 om tre veckor" in page.content()
    assert f"{total - 1} nyanställda" in page.get_by_test_id("hire-list-total").inner_text()
    assert page.locator(f"[data-testid=nominate-{staff_pk}]").count() == 0
    assert Nomination.objects.get(staff_id=staff_pk).status == NominationStatus.BOOKED


def test_coordinator_closes_a_day_and_sees_the_clash_and_the_seat_forecast_on_the_dashboard(
    page, world, screenshot_dir
):
    from courses.tests.test_closure_days import _working_day

    day = _working_day(30)
    CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 på klämdagen", session_dates=[day])
    browser_login(page, world.user(Role.UTBILDNINGSSAMORDNARE).username, world.password)
    page.goto("/kurser/installningar/")
    section = page.get_by_test_id("closure-days")
    section.locator("input[name=date]").fill(day.isoformat())
    section.locator("input[name=reason]").fill("Klämdag")
    section.get_by_role("button", name="Lägg till stängd dag").click()
    page.wait_for_load_state("networkidle")
    assert "är en stängd dag" in page.content()
    assert page.get_by_test_id("closure-day").count() == 1
    page.screenshot(path=str(screenshot_dir / "courses_closure_days.png"), full_page=True)

    page.goto("/")
    clash = page.get_by_test_id("closure-clash")
    assert "Del 1 på klämdagen" in clash.inner_text() and "Klämdag" in clash.inner_text()
    assert page.get_by_test_id("seat-forecast").count() == 1
    page.screenshot(path=str(screenshot_dir / "courses_dashboard_clash_forecast.png"), full_page=True)
