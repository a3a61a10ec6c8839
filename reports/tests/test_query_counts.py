"""Every report page: at most 15 queries, the same number whatever the history behind it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import NominationStatus
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory, UnitFactory
from districts.tests.query_counts import assert_queries_flat
from reports import services
from reports.models import NeedsPeriod
from surveys.models import Survey
from surveys.tests.factories import held_del1_round, opened_survey

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _periods(world, count, start):
    today = clock.today()
    for n in range(start, start + count):
        services.needs_period_open(
            organisation_id=world.organisation.pk,
            title=f"Period {n}",
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=14),
        )


def test_needs_periods_page_does_not_grow_with_periods(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("reports:needs_periods")
    _periods(world, 2, 0)
    few = _queries(client, url)
    _periods(world, 6, 2)
    assert _queries(client, url) == few


def test_participation_page_does_not_grow_with_units(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("reports:participation") + "?year=2025"
    few = _queries(client, url)
    for _ in range(6):
        UnitFactory(district=world.own_district)
    assert _queries(client, url) == few


def _history(world, rounds: int) -> None:
    """Add held Del 1 rounds with completed and dropped-out participants in both districts, and surveys."""
    for number in range(rounds):
        day = clock.today() - datetime.timedelta(days=30 + 40 * number)
        people = [StaffMemberFactory(unit=world.own_unit if n % 2 else world.other_unit) for n in range(6)]
        held_del1_round(world.organisation, participants=people[:4], day=day)
        held_del1_round(world.organisation, participants=people[4:], day=day, status=NominationStatus.DROPPED_OUT)
        opened_survey(world.organisation, people=3, unit=world.own_unit)


def test_every_report_takes_at_most_15_queries_at_any_size(client, world):
    _history(world, 1)
    _periods(world, 1, 0)
    survey = Survey.objects.order_by("pk").first()
    period = NeedsPeriod.objects.order_by("pk").first()
    coordinator, area_manager = world.user(Role.UTBILDNINGSSAMORDNARE), world.user(Role.OMRADESCHEF)
    year = clock.today().year
    enrolment = reverse("reports:enrolment")
    pages = [
        (coordinator, reverse("reports:index")),
        (coordinator, enrolment),
        (area_manager, f"{enrolment}?start={year - 10}-01-01&end={year}-12-31"),
        (coordinator, f"{enrolment}?start={year - 10}-01-01&end={year}-12-31&format=xlsx"),
        (coordinator, f"{enrolment}?start={year - 10}-01-01&end={year}-12-31&format=csv"),
        (coordinator, reverse("reports:surveys")),
        (coordinator, reverse("reports:survey_result", args=[survey.pk])),
        (coordinator, reverse("reports:survey_course_result", args=[survey.course_round.course_id])),
        (coordinator, reverse("reports:equality")),
        (coordinator, reverse("reports:participation")),
        (coordinator, reverse("reports:capacity")),
        (coordinator, reverse("reports:needs_periods")),
        (coordinator, reverse("reports:needs_summary", args=[period.pk])),
    ]
    assert_queries_flat(client, pages, grow=lambda: (_history(world, 6), _periods(world, 3, 1)))


def _answered_surveys(world, count: int) -> None:
    """Add held Del 1 rounds whose evaluation everyone answered: every kind of question, each module."""
    from surveys import services as survey_services
    from surveys.models import QuestionKind
    from surveys.services import AnswerInput

    for _ in range(count):
        survey = opened_survey(world.organisation, people=6, unit=world.own_unit)
        modules = list(survey.course_round.course.modules.all())
        answers = []
        for question in survey.template.questions.all():
            if question.kind == QuestionKind.RATING and question.per_module:
                answers += [AnswerInput(question.pk, module_id=module.pk, rating=4) for module in modules]
            elif question.kind == QuestionKind.RATING:
                answers.append(AnswerInput(question.pk, rating=5))
            elif question.kind == QuestionKind.YES_NO:
                answers.append(AnswerInput(question.pk, yes=True))
            elif question.kind == QuestionKind.MULTIPLE_CHOICE:
                answers.append(AnswerInput(question.pk, choice_ids=[question.choices.first().pk], other_text="x"))
            else:
                answers.append(AnswerInput(question.pk, text="Bra"))
        for invitation in survey.invitations.all():
            survey_services.response_submit(token=invitation.token, answers=answers)


def test_survey_results_with_answers_take_the_same_queries_at_two_sizes(client, world):
    """The answered branch of the survey pages (tallies, options, free text) at one survey and at seven."""
    _answered_surveys(world, 1)
    survey = Survey.objects.order_by("pk").first()
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    year = clock.today().year
    course_result = reverse("reports:survey_course_result", args=[survey.course_round.course_id])
    pages = [
        (coordinator, reverse("reports:surveys")),
        (coordinator, reverse("reports:survey_result", args=[survey.pk])),
        (coordinator, f"{course_result}?start={year - 10}-01-01&end={year}-12-31"),
        (coordinator, f"{course_result}?start={year - 10}-01-01&end={year}-12-31&format=xlsx"),
    ]
    client.force_login(coordinator)
    assert "Bra" in client.get(pages[1][1]).content.decode()  # the answers are shown, not withheld as too few
    assert_queries_flat(client, pages, grow=lambda: _answered_surveys(world, 6))
