import datetime

from courses.models import Nomination, NominationStatus, RoundStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.tests.factories import StaffMemberFactory
from surveys.defaults import install_default_surveys
from surveys.models import Choice, Question, SurveyPurpose, SurveyTemplate
from surveys.services import survey_open


def default_evaluation() -> SurveyTemplate:
    """Return the shared default evaluation (loaded by the data migration; again after a flushing test)."""
    return default_template(SurveyPurpose.EVALUATION)


def default_template(purpose: str) -> SurveyTemplate:
    install_default_surveys(SurveyTemplate, Question, Choice)
    return SurveyTemplate.objects.get(organisation__isnull=True, purpose=purpose)


def held_del1_round(organisation, *, participants, day=None, status=NominationStatus.COMPLETED):
    """Return a held Del 1 round with a nomination of `status` for each given staff member."""
    day = day or clock.today() - datetime.timedelta(days=20)
    course_round = CourseRoundFactory(course=del1_of(organisation), status=RoundStatus.HELD, session_dates=[day])
    for staff in participants:
        Nomination.objects.create(
            course_round=course_round,
            staff=staff,
            status=status,
            drop_out_reason="lack_of_time" if status == NominationStatus.DROPPED_OUT else "",
        )
    return course_round


def opened_survey(organisation, *, participants=None, people: int = 3, unit=None):
    """Return a survey of the default evaluation opened for a held round with `people` participants."""
    if participants is None:
        participants = [StaffMemberFactory(unit=unit) if unit else StaffMemberFactory() for _ in range(people)]
    course_round = held_del1_round(organisation, participants=participants)
    return survey_open(course_round=course_round, template=default_evaluation())
