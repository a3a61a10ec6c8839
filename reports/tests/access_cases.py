import datetime

from courses.models import NominationStatus
from districts import clock
from districts.tests.access_table import FORBIDDEN, NOT_FOUND, OK, REDIRECT, PageCase, every_role, roles
from reports.models import NeedsPeriod
from surveys.models import Survey
from surveys.services import survey_open
from surveys.tests.factories import default_evaluation, held_del1_round

READERS = roles((OK, None), socialsekreterare=(FORBIDDEN, None), forste_socialsekreterare=(FORBIDDEN, None))
# District-scoped readers see only rounds their district took part in; the organisation-wide see all.
READERS_BY_DISTRICT = roles(
    (OK, OK),
    socialsekreterare=(FORBIDDEN, FORBIDDEN),
    forste_socialsekreterare=(FORBIDDEN, FORBIDDEN),
    enhetschef=(OK, NOT_FOUND),
    utbildarstod=(OK, NOT_FOUND),
)
COORDINATOR_ONLY = roles((FORBIDDEN, None), utbildningssamordnare=(OK, None))


def _survey(world, staff) -> Survey:
    existing = Survey.objects.filter(invitations__staff=staff).first()
    if existing:
        return existing
    course_round = held_del1_round(world.organisation, participants=[staff], status=NominationStatus.COMPLETED)
    return survey_open(course_round=course_round, template=default_evaluation())


def _foreign_course():
    from courses.models import Course, CourseKind
    from districts.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Annan kommun", slug="annan-kommun")
    course, _created = Course.objects.get_or_create(
        organisation=organisation, name="Annans fördjupning", defaults={"kind": CourseKind.DEEPENING}
    )
    return course


def _period(world) -> NeedsPeriod:
    today = clock.today()
    period, _created = NeedsPeriod.objects.get_or_create(
        organisation=world.organisation,
        title="Behov inför nästa år",
        defaults={"opens_on": today - datetime.timedelta(days=1), "closes_on": today + datetime.timedelta(days=30)},
    )
    return period


CASES = [
    PageCase("reports:index", READERS),
    PageCase("reports:enrolment", READERS),
    PageCase("reports:enrolment", READERS, query="?year=2026&format=csv"),
    PageCase("reports:surveys", READERS),
    PageCase(
        "reports:survey_result",
        READERS_BY_DISTRICT,
        own=lambda world: {"pk": _survey(world, world.hire).pk},
        other=lambda world: {"pk": _survey(world, world.other_hire).pk},
    ),
    PageCase(
        "reports:survey_result",
        READERS_BY_DISTRICT,
        own=lambda world: {"pk": _survey(world, world.hire).pk},
        other=lambda world: {"pk": _survey(world, world.other_hire).pk},
        query="?format=xlsx",
    ),
    PageCase(
        "reports:survey_course_result",
        roles(
            (OK, NOT_FOUND), socialsekreterare=(FORBIDDEN, FORBIDDEN), forste_socialsekreterare=(FORBIDDEN, FORBIDDEN)
        ),
        own=lambda world: {"course_pk": _survey(world, world.hire).course_round.course_id},
        other=lambda world: {"course_pk": _foreign_course().pk},
    ),
    PageCase("reports:equality", READERS),
    PageCase("reports:participation", READERS),
    PageCase("reports:survey_follow_up", READERS),
    PageCase("reports:capacity", READERS),
    PageCase("reports:teaching", READERS),
    PageCase("reports:teaching", READERS, query="?ar=abc"),
    PageCase("reports:supervisor_training", READERS),
    # Only regional readers (not a Role: see the regional reader's test in intro_program/tests/test_access_table.py).
    PageCase("reports:regional", every_role(FORBIDDEN)),
    PageCase("reports:capacity", READERS, query="?hires_per_year=abc"),
    PageCase("reports:needs_periods", READERS),
    PageCase("reports:needs_period_create", COORDINATOR_ONLY),
    PageCase(
        "reports:needs_period_create",
        roles((FORBIDDEN, None), utbildningssamordnare=(OK, None)),
        method="post",
        data=lambda world: {"title": "", "opens_on": "2026-13-01", "closes_on": ""},
    ),
    PageCase("reports:needs_summary", READERS, own=lambda world: {"pk": _period(world).pk}),
    PageCase(
        "reports:needs_period_close",
        roles((FORBIDDEN, None), utbildningssamordnare=(REDIRECT, None)),
        method="post",
        own=lambda world: {"pk": _period(world).pk},
    ),
    PageCase(
        "reports:needs_answer",
        roles((FORBIDDEN, None), enhetschef=(OK, None)),
        own=lambda world: {"pk": _period(world).pk},
    ),
]

CASES += [
    PageCase("reports:competence_levels", READERS),
    PageCase("reports:competence_levels", READERS, query="?area=vuxna&format=xlsx"),
]
