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


def held_round_with_certificates(course, *, participants, days_ago: int = 3, title: str = ""):
    """Return a round of `course` held through the real services, with every participant completed."""
    from courses import services
    from courses.outcomes import Outcome

    day = clock.today() - datetime.timedelta(days=days_ago)
    extra = {"title": title} if title else {}
    course_round = CourseRoundFactory(course=course, **extra)
    nominations = [
        services.round_nominate(course_round=course_round, staff=staff, actor=None) for staff in participants
    ]
    # The round took place: its session moves into the past once everyone is booked.
    course_round.sessions.update(date=day)
    CourseRound.objects.filter(pk=course_round.pk).update(starts_on=day, ends_on=day)
    course_round.refresh_from_db()
    services.round_mark_held(
        course_round=course_round,
        actor=None,
        outcomes={nomination.pk: Outcome(completed=True) for nomination in nominations},
    )
    course_round.refresh_from_db()
    return course_round
