import datetime

import pytest
from dateutil.relativedelta import relativedelta

from courses.models import CourseRound
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory
from reports.filters import ReportFilters
from reports.follow_up_results import follow_up_report, follow_up_surveys_for
from reports.participation import participation_report
from reports.survey_results import survey_overview_report
from surveys import followup, nonparticipation
from surveys.models import NonParticipationInquiry, SurveyPurpose
from surveys.services import AnswerInput, response_submit
from surveys.tests.factories import default_template, held_del1_round, opened_survey

pytestmark = pytest.mark.django_db

THIS_YEAR = ReportFilters(start=clock.today().replace(month=1, day=1) - relativedelta(years=1), end=clock.today())


def _follow_up(world, *, people: int):
    default_template(SurveyPurpose.FOLLOW_UP)
    last_day = clock.today() - relativedelta(months=6)
    staff = [StaffMemberFactory(unit=world.own_unit) for _ in range(people)]
    course_round = held_del1_round(world.organisation, participants=staff, day=last_day)
    CourseRound.objects.filter(pk=course_round.pk).update(starts_on=last_day, ends_on=last_day)
    course_round.refresh_from_db()
    return followup.follow_up_open(course_round=course_round)


def _answer(survey, count: int, rating: int = 4):
    question = survey.template.questions.filter(kind="rating").order_by("order").first()
    for invitation in survey.invitations.filter(answered_at__isnull=True).order_by("pk")[:count]:
        response_submit(token=invitation.token, answers=[AnswerInput(question_id=question.pk, rating=rating)])


def _tables(report) -> dict:
    return {table.title: table for table in report.tables}


def test_follow_up_answers_are_their_own_part_and_withheld_below_the_threshold(world):
    survey = _follow_up(world, people=7)
    _answer(survey, 4)
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    tables = _tables(follow_up_report(user=coordinator, filters=THIS_YEAR))
    assert tables["Uppföljning efter kursen: Svarsfrekvens"].rows[0][0] == 7
    assert "Färre än 5 har svarat" in tables["Uppföljning efter kursen: Svar"].rows[0][0]

    _answer(survey, 2)
    tables = _tables(follow_up_report(user=coordinator, filters=THIS_YEAR))
    ratings = tables["Uppföljning efter kursen: Betygsfrågor (1–5)"].rows
    assert ratings[0][0].startswith("Jag använder kunskaperna") and ratings[0][4] == 6  # six answered 4
    assert "Utvärdering av introduktionen: Svarsfrekvens" in tables


def test_the_survey_overview_lists_follow_ups_apart_from_the_evaluations(world):
    survey = _follow_up(world, people=6)
    _answer(survey, 5)
    report, _surveys = survey_overview_report(user=world.user(Role.UTBILDNINGSSAMORDNARE), filters=THIS_YEAR)
    follow_ups = _tables(report)["Uppföljning efter kursen: svarsfrekvens"]
    assert [row[1:] for row in follow_ups.rows] == [[6, 5, 5 / 6]]


def test_introduction_evaluations_count_per_year(world):
    default_template(SurveyPurpose.INTRODUCTION)
    hires = [StaffMemberFactory(unit=world.own_unit) for _ in range(5)]
    survey = followup.introduction_evaluation_open(
        organisation_id=world.organisation.pk, staff_ids=[hire.pk for hire in hires], today=clock.today()
    )
    _answer(survey, 5, rating=5)
    tables = _tables(follow_up_report(user=world.user(Role.UTBILDNINGSSAMORDNARE), filters=THIS_YEAR))
    assert tables["Utvärdering av introduktionen: Svarsfrekvens"].rows[0][:2] == [5, 5]
    overall = tables["Utvärdering av introduktionen: Betygsfrågor (1–5)"].rows[0]
    assert overall[5] == 5 and overall[8] == 5  # five answered 5; the mean is 5
    a_year_before = ReportFilters(start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31))
    earlier = _tables(follow_up_report(user=world.user(Role.UTBILDNINGSSAMORDNARE), filters=a_year_before))
    assert earlier["Utvärdering av introduktionen: Svarsfrekvens"].rows[0][:2] == [0, 0]
    # The overview names each evaluation by its template and year, with its counts.
    overview, _surveys = survey_overview_report(user=world.user(Role.UTBILDNINGSSAMORDNARE), filters=THIS_YEAR)
    evaluations = _tables(overview)["Utvärdering av introduktionen: svarsfrekvens"].rows
    assert evaluations == [[f"{survey.template.name} {survey.opened_on.year}", 5, 5, 1.0]]


def test_the_participation_report_counts_the_reasons_units_gave(world):
    start, end = nonparticipation.half_year_before(clock.today())
    for unit, reasons in ((world.own_unit, ["high_workload", "no_time"]), (world.other_unit, ["high_workload"])):
        NonParticipationInquiry.objects.create(
            organisation=world.organisation,
            district=unit.district,
            unit=unit,
            period_start=start,
            period_end=end,
            answered_at=clock.now(),
            knew_of_programme=True,
            reasons=reasons,
        )
    NonParticipationInquiry.objects.create(
        organisation=world.organisation, district=world.other_district, period_start=start, period_end=end
    )
    period = ReportFilters(start=start, end=end)
    why_not = participation_report(user=world.user(Role.UTBILDNINGSSAMORDNARE), filters=period).tables[-1]
    counts = {row[0]: row[1] for row in why_not.rows}
    assert counts["Hög arbetsbelastning"] == 2 and counts["Svårt att avsätta tid för utbildningen"] == 1
    assert counts["Kände inte till kurserna"] == 0
    assert why_not.total[1:] == [2, 2 / 3]
    # The enhetschef reads their own district only: Angered's one answer.
    own = participation_report(user=world.user(Role.ENHETSCHEF), filters=period).tables[-1]
    assert {row[0]: row[1] for row in own.rows}["Hög arbetsbelastning"] == 1


@pytest.mark.parametrize("role", [Role.UTBILDNINGSSAMORDNARE, Role.UTBILDARSTOD])
def test_the_overviews_follow_ups_are_those_follow_up_surveys_for_finds_among_its_surveys(world, role):
    """Taken from the overview's own surveys of the period, not found again: the same surveys and counts as
    `follow_up_surveys_for`, with the round's evaluations left out, for an organisation and a district reader."""
    survey = _follow_up(world, people=6)
    _answer(survey, 5)
    opened_survey(world.organisation, people=4, unit=world.own_unit)  # an evaluation of the same period
    user = world.user(role)
    report, surveys = survey_overview_report(user=user, filters=THIS_YEAR)
    follow_ups = follow_up_surveys_for(user=user, filters=THIS_YEAR)
    assert len(surveys) > len(follow_ups) == 1
    shown = _tables(report)["Uppföljning efter kursen: svarsfrekvens"].rows
    assert [row[1:3] for row in shown] == [[s.invited, s.answered] for s in follow_ups]
