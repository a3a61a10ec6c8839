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
    choices = page.get_by_test_id("lecturer-choices").locator(".form-check")
    assert "Sara Samverkan" in choices.first.inner_text()  # the session's area first
    first_group = page.get_by_role("group", name="Nyckelpersoner för passets områden")
    assert "Sara Samverkan" in first_group.inner_text()
    assert lecturer.full_name not in first_group.inner_text()
    # The coordinator picks the utbildarstöd from the register; a mistyped extra address is refused in Swedish
    # and the pick survives the refusal.
    page.get_by_role("group", name="Övriga nyckelpersoner").get_by_label(lecturer.full_name).check()
    page.get_by_label("Andra medarbetare som föreläser").fill("okand@example.se")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "Ingen anställd i organisationen har e-postadressen okand@example.se." in page.content()
    assert page.get_by_label(lecturer.full_name).is_checked()
    page.get_by_label("Andra medarbetare som föreläser").fill("")
    page.get_by_role("button", name="Spara").click()
    assert "Kurstillfället är sparat." in page.content()
    assert list(session.lecturer_staff.all()) == [lecturer]
    page.goto(f"/kurser/tillfallen/{session.pk}/")
    assert page.get_by_label(lecturer.full_name).is_checked()
    page.goto("/rapporter/forelasare/")
    assert lecturer.full_name in page.get_by_role("table").first.inner_text()

    page.context.clear_cookies()
    browser_login(page, lecturer.user.username, world.password)
    page.goto("/kurser/mina-pass/")
    page.get_by_role("link", name=session.date.strftime("%Y-%m-%d")).click()
    assert "Del 2 hösten" in page.locator("h1").inner_text()
