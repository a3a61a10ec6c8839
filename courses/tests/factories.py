import datetime

import factory

from courses.models import Course, CourseKind, CourseRound, RoundSession, RoundStatus
from districts import clock
from districts.tests.factories import OrganisationFactory


def del1_of(organisation) -> Course:
    """Return the organisation's Del 1 (every organisation gets the default programme when created)."""
    return Course.objects.get(organisation=organisation, kind=CourseKind.DEL1)


def del2_of(organisation) -> Course:
    return Course.objects.get(organisation=organisation, kind=CourseKind.DEL2)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Fördjupning {n}")
    kind = CourseKind.DEEPENING


class CourseRoundFactory(factory.django.DjangoModelFactory):
    """A round with `session_dates` sessions (09:00-16:00); by default one session 30 days ahead."""

    class Meta:
        model = CourseRound
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Omgång {n}")
    status = RoundStatus.OPEN
    capacity = 25

    @factory.post_generation
    def session_dates(course_round, create, extracted, **kwargs):
        dates = extracted or [clock.today() + datetime.timedelta(days=30)]
        for day in dates:
            RoundSession.objects.create(
                course_round=course_round,
                date=day,
                start_time=datetime.time(9),
                end_time=datetime.time(16),
                place="Stadshuset",
            )
        course_round.starts_on, course_round.ends_on = min(dates), max(dates)
        course_round.save(update_fields=["starts_on", "ends_on"])
