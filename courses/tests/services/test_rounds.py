import datetime

import pytest
from django.core.exceptions import ValidationError

from courses import services
from courses.models import NominationEventKind, NominationStatus, RoundStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def _round(capacity=2, **kwargs):
    organisation = OrganisationFactory()
    return CourseRoundFactory(course=del1_of(organisation), capacity=capacity, **kwargs)


def _person(organisation, unit=None):
    unit = unit or UnitFactory(district__organisation=organisation)
    return StaffMemberFactory(unit=unit)


def test_more_seats_promote_from_the_waitlist():
    course_round = _round(capacity=1)
    organisation = course_round.course.organisation
    for _ in range(3):
        services.round_nominate(course_round=course_round, staff=_person(organisation), actor=None)
    services.round_update(
        course_round=course_round, title="Ny", capacity=3, status=RoundStatus.FULL, notes="", actor=None
    )
    course_round.refresh_from_db()
    assert course_round.nominations.filter(status=NominationStatus.BOOKED).count() == 3
    assert course_round.status == RoundStatus.FULL
    with pytest.raises(ValidationError):
        services.round_update(
            course_round=course_round, title="Ny", capacity=2, status=RoundStatus.FULL, notes="", actor=None
        )


def test_cancelling_a_round_cancels_its_nominations_and_raises_the_sequence():
    course_round = _round()
    nomination = services.round_nominate(
        course_round=course_round, staff=_person(course_round.course.organisation), actor=None
    )
    services.round_cancel(course_round=course_round, actor=None)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.CANCELLED
    assert course_round.sessions.get().sequence == 1
    with pytest.raises(ValidationError):
        services.round_nominate(course_round=course_round, staff=nomination.staff, actor=None)


def test_round_create_with_two_sessions_and_validation():
    organisation = OrganisationFactory()
    day = datetime.date(2027, 4, 6)
    session = {"date": day, "start_time": datetime.time(9), "end_time": datetime.time(12), "place": "A"}
    course_round = services.round_create(
        actor=None,
        course=del1_of(organisation),
        title="Extra Del 1",
        capacity=10,
        sessions=[session, {**session, "date": day + datetime.timedelta(days=1)}],
    )
    assert (course_round.starts_on, course_round.ends_on) == (day, day + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.round_create(
            actor=None,
            course=del1_of(organisation),
            title="Fel",
            capacity=10,
            sessions=[{**session, "end_time": datetime.time(8)}],
        )


def test_completed_and_dropped_out_participants_keep_their_seats_and_holding_a_round_clears_the_waitlist():
    today = clock.today()
    course_round = _round(capacity=2, session_dates=[today])
    organisation = course_round.course.organisation
    first, second, waiting = (
        services.round_nominate(course_round=course_round, staff=_person(organisation), actor=None) for _ in range(3)
    )
    services.nomination_complete_override(nomination=first, reason="Deltog", actor=None)
    services.nomination_drop_out(nomination=second, reason="illness", actor=None)
    services.round_update(
        course_round=course_round, title="T", capacity=2, status=RoundStatus.FULL, notes="", actor=None
    )
    waiting.refresh_from_db()
    assert waiting.status == NominationStatus.WAITLISTED  # no seat was freed
    services.round_mark_held(course_round=course_round, actor=None, outcomes={})  # nobody left booked
    waiting.refresh_from_db()
    assert waiting.status == NominationStatus.CANCELLED
    assert waiting.events.filter(kind=NominationEventKind.CANCELLED).exists()


def test_lecturers_from_the_staff_are_named_by_email_and_may_stay_after_leaving():
    organisation = OrganisationFactory()
    course = del1_of(organisation)
    lecturer = _person(organisation)
    session = {"date": TODAY, "start_time": datetime.time(9), "end_time": datetime.time(12)}
    with pytest.raises(ValidationError, match="okand@example.se"):
        services.round_create(
            actor=None,
            course=course,
            title="Med föreläsare",
            capacity=5,
            sessions=[{**session, "lecturer_emails": ["okand@example.se"]}],
        )
    course_round = services.round_create(
        actor=None,
        course=course,
        title="Med föreläsare",
        capacity=5,
        sessions=[{**session, "lecturer_emails": [lecturer.work_email]}],
    )
    made = course_round.sessions.get()
    assert list(made.lecturer_staff.all()) == [lecturer]
    lecturer.employment_start, lecturer.employment_end = datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)
    lecturer.save()
    services.session_save(
        actor=None,
        course_round=course_round,
        session=made,
        place="Nytt rum",
        lecturer_emails=[lecturer.work_email],
        **session,
    )  # already the lecturer: kept, although the employment has ended
    assert list(made.lecturer_staff.all()) == [lecturer]
    services.session_save(actor=None, course_round=course_round, session=made, lecturer_emails=[], **session)
    assert not made.lecturer_staff.exists()
