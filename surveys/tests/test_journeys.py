"""Browser journeys: a unit manager answers why nobody went; a hire answers the follow-up of a round."""

import pytest
from dateutil.relativedelta import relativedelta

from conftest import browser_login
from courses.models import CourseRound
from districts import clock
from districts.models import Role
from districts.tests.world import build_world
from surveys import followup, nonparticipation
from surveys.models import NonParticipationInquiry, SurveyPurpose
from surveys.tests.factories import default_template, held_del1_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_manager_answers_why_nobody_from_the_unit_went(page, screenshot_dir):
    world = build_world()
    start, end = nonparticipation.half_year_before(clock.today())
    inquiry = NonParticipationInquiry.objects.create(
        organisation=world.organisation,
        district=world.own_district,
        unit=world.own_unit,
        period_start=start,
        period_end=end,
    )
    browser_login(page, world.user(Role.ENHETSCHEF).username, world.password)
    page.get_by_role("link", name=world.own_unit.name).first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Varför deltog ingen?").is_visible()

    page.get_by_label("Ja").check()
    page.get_by_test_id("submit-non-participation").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Välj minst ett skäl.").is_visible()

    page.get_by_label("Hög arbetsbelastning").check()
    page.get_by_label("Annat", exact=True).check()
    page.get_by_label("Annat skäl").fill("Omorganisation under våren")
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(screenshot_dir / "surveys-non-participation-form.png"), full_page=True)
    page.get_by_test_id("submit-non-participation").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Tack för svaret!").is_visible()
    inquiry.refresh_from_db()
    assert inquiry.reasons == ["high_workload", "other"] and inquiry.other_text == "Omorganisation under våren"
    assert page.get_by_role("link", name=world.own_unit.name).count() == 0


def test_hire_answers_the_follow_up_from_the_link(page, screenshot_dir):
    world = build_world()
    default_template(SurveyPurpose.FOLLOW_UP)
    last_day = clock.today() - relativedelta(months=6)
    course_round = held_del1_round(world.organisation, participants=[world.hire], day=last_day)
    CourseRound.objects.filter(pk=course_round.pk).update(starts_on=last_day, ends_on=last_day)
    course_round.refresh_from_db()
    survey = followup.follow_up_open(course_round=course_round)
    invitation = survey.invitations.get()
    questions = {question.order: question for question in survey.template.questions.all()}

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/utvardering/svar/{invitation.token}/")
    page.check(f"input[name=q{questions[1].pk}][value='4']")
    page.get_by_label("Stöd från chefen", exact=True).check()
    page.get_by_label("Bristande tid", exact=True).check()
    page.screenshot(path=str(screenshot_dir / "surveys-follow-up-form.png"), full_page=True)
    page.get_by_test_id("submit-answers").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("thanks").is_visible()
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    assert survey.responses.get().answers.get(question=questions[1]).rating == 4


def test_coordinator_sets_the_follow_up_delay_and_reads_the_follow_ups_part_of_the_report(page, screenshot_dir):
    world = build_world()
    default_template(SurveyPurpose.FOLLOW_UP)
    browser_login(page, world.user(Role.UTBILDNINGSSAMORDNARE).username, world.password)
    page.goto("/utvardering/mallar/")
    page.click("a[href='/utvardering/uppfoljning/']")
    page.get_by_label("Uppföljningen skickas antal månader efter omgången").fill("4")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Inställningarna för uppföljning är sparade.").is_visible()
    assert followup.settings_for(world.organisation.pk).follow_up_after_months == 4

    page.goto("/rapporter/enkater/")
    page.get_by_role("link", name="Uppföljning och utvärdering av introduktionen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Uppföljning och utvärdering av introduktionen").first.is_visible()
    page.screenshot(path=str(screenshot_dir / "reports-follow-up.png"), full_page=True)
