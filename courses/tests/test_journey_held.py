"""Browser journey: the coordinator marks a round held and settles each participant's outcome on one form."""

import datetime

import pytest

from conftest import browser_login
from courses import services
from courses.models import NominationStatus, RoundStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_marks_a_round_held_confirming_one_outcome_and_changing_another(page, world, screenshot_dir):
    today = clock.today()
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation),
        title="Del 1 som pågår",
        capacity=2,
        session_dates=[today - datetime.timedelta(days=1), today],
    )
    there = StaffMemberFactory(unit=world.own_unit, first_name="Alva", last_name="Alltid")
    away = StaffMemberFactory(unit=world.own_unit, first_name="Bo", last_name="Borta")
    waiting = StaffMemberFactory(unit=world.own_unit, first_name="Cilla", last_name="Reserv")
    present, absent, queued = (
        services.round_nominate(course_round=course_round, staff=person, actor=None)
        for person in (there, away, waiting)
    )
    first_day = course_round.sessions.order_by("date").first()
    services.attendance_record(
        course_round=course_round, present={(first_day.pk, present.pk), (first_day.pk, absent.pk)}, actor=None
    )

    browser_login(page, world.user(Role.UTBILDNINGSSAMORDNARE).username, world.password)
    page.goto(f"/kurser/omgangar/{course_round.pk}/")
    page.get_by_test_id("mark-held").click()
    page.wait_for_load_state("networkidle")
    rows = page.get_by_test_id("outcome-row")
    assert rows.count() == 2
    alva = rows.filter(has_text="Alva Alltid")
    bo = rows.filter(has_text="Bo Borta")
    assert "närvarande 1 av 2 tillfällen" in alva.inner_text()
    assert bo.get_by_label("Inte slutförd", exact=True).is_checked()  # attendance proposes not completed for both
    assert "1 person på reservlistan avbokas" in page.content()

    alva.get_by_label(
        "Slutförd", exact=True
    ).check()  # she made up the missed day: the coordinator changes the proposal
    page.get_by_role("button", name="Markera som genomförd").click()  # Bo has no reason yet: refused
    page.wait_for_load_state("networkidle")
    assert "Välj en orsak till att deltagaren inte slutförde." in page.content()
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.FULL  # nothing changed: still the two seats taken

    bo = page.get_by_test_id("outcome-row").filter(has_text="Bo Borta")
    bo.get_by_label("Orsak om inte slutförd").select_option(label="Tidsbrist")
    page.get_by_test_id("outcome-row").filter(has_text="Alva Alltid").get_by_label("Slutförd", exact=True).check()
    page.screenshot(path=str(screenshot_dir / "courses_round_held_form.png"), full_page=True)
    page.get_by_role("button", name="Markera som genomförd").click()
    page.wait_for_load_state("networkidle")

    assert "Kursomgången är markerad som genomförd." in page.content()
    assert "Genomförd" in page.locator("h1").locator("..").inner_text()
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.HELD
    statuses = {n.staff_id: n.status for n in course_round.nominations.all()}
    assert statuses == {
        there.pk: NominationStatus.COMPLETED,
        away.pk: NominationStatus.DROPPED_OUT,
        waiting.pk: NominationStatus.CANCELLED,
    }
    absent.refresh_from_db()
    assert absent.drop_out_reason == "lack_of_time"
    queued.refresh_from_db()
    assert queued.events.filter(kind="cancelled").exists()
