"""Browser journey: the coordinator keeps the key-people register and picks a lecturer; the lecturer sees Mina pass."""

import datetime

import pytest

from conftest import browser_login
from courses.models import KeyPerson, ProgrammeArea
from courses.tests.factories import CourseRoundFactory, del2_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_registers_a_key_person_who_then_teaches_and_sees_the_session(page, world, browser):
    lecturer = world.people[Role.UTBILDARSTOD]
    StaffMemberFactory(unit=world.own_unit, first_name="Sara", last_name="Samverkan", work_email="sara@example.se")
    KeyPerson.objects.create(staff=lecturer, area=ProgrammeArea.REGELVERK)
    course = del2_of(world.organisation)
    course_round = CourseRoundFactory(
        course=course, title="Del 2 hösten", session_dates=[clock.today() + datetime.timedelta(days=20)]
    )
    session = course_round.sessions.get()
    session.modules.set(course.modules.filter(area=ProgrammeArea.SAMVERKAN))

    browser_login(page, world.user(Role.UTBILDNINGSSAMORDNARE).username, world.password)
    page.goto("/kurser/nyckelpersoner/")
    page.get_by_label("Arbetsmejl").fill("okand@example.se")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    assert "Ingen anställd i organisationen har e-postadressen okand@example.se." in page.content()
    page.get_by_label("Arbetsmejl").fill("sara@example.se")
    page.get_by_label("Område").select_option(label="Samverkan")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    assert "Nyckelpersonen är tillagd." in page.content()
    assert "Sara Samverkan" in page.get_by_test_id("key-people").inner_text()

    page.goto(f"/kurser/tillfallen/{session.pk}/")
    choices = page.get_by_test_id("lecturer-choices").locator("li")
    assert "Sara Samverkan" in choices.first.inner_text()  # the session's area first
    page.get_by_label("Föreläsare bland medarbetarna").fill(lecturer.work_email)
    page.get_by_role("button", name="Spara").click()
    assert "Kurstillfället är sparat." in page.content()
    page.goto("/rapporter/forelasare/")
    assert lecturer.full_name in page.get_by_role("table").first.inner_text()

    page.context.clear_cookies()
    browser_login(page, lecturer.user.username, world.password)
    page.goto("/kurser/mina-pass/")
    page.get_by_role("link", name=session.date.strftime("%Y-%m-%d")).click()
    assert "Del 2 hösten" in page.locator("h1").inner_text()
