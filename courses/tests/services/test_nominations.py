import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from courses import services
from courses.models import Attendance, NominationEventKind, NominationStatus, RoundStatus
from courses.signals import participation_completed, round_held, session_attended
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _round(capacity=2, **kwargs):
    organisation = OrganisationFactory()
    return CourseRoundFactory(course=del1_of(organisation), capacity=capacity, **kwargs)


def _person(organisation, unit=None):
    unit = unit or UnitFactory(district__organisation=organisation)
    return StaffMemberFactory(unit=unit)


def test_nominations_book_seats_then_waitlist_and_record_history(django_capture_on_commit_callbacks):
    course_round = _round(capacity=2)
    organisation = course_round.course.organisation
    people = [_person(organisation) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        nominations = [services.round_nominate(course_round=course_round, staff=p, actor=None) for p in people]
    assert [n.status for n in nominations] == ["booked", "booked", "waitlisted"]
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.FULL
    assert list(nominations[2].events.values_list("kind", flat=True)) == ["nominated", "waitlisted"]
    assert len(mail.outbox) == 3
    assert "Reservplats" in mail.outbox[2].subject


def test_a_person_cannot_be_nominated_twice_to_the_same_round():
    course_round = _round()
    person = _person(course_round.course.organisation)
    services.round_nominate(course_round=course_round, staff=person, actor=None)
    with pytest.raises(ValidationError, match="redan nominerad"):
        services.round_nominate(course_round=course_round, staff=person, actor=None)


def test_nominating_someone_from_another_organisation_is_refused():
    course_round = _round()
    with pytest.raises(ValidationError):
        services.round_nominate(course_round=course_round, staff=StaffMemberFactory(), actor=None)


def test_cancelling_a_booking_promotes_the_first_on_the_waitlist(django_capture_on_commit_callbacks):
    course_round = _round(capacity=1)
    organisation = course_round.course.organisation
    manager_unit = UnitFactory(district__organisation=organisation)
    manager = StaffMemberFactory(unit=manager_unit, roles=[Role.ENHETSCHEF], work_email="chef@example.se")
    first, second, third = _person(organisation), _person(organisation, unit=manager_unit), _person(organisation)
    booked = services.round_nominate(course_round=course_round, staff=first, actor=None)
    services.round_nominate(course_round=course_round, staff=second, actor=None)
    services.round_nominate(course_round=course_round, staff=third, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_cancel(nomination=booked, actor=None)
    statuses = dict(course_round.nominations.values_list("staff_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "booked", third.pk: "waitlisted"}
    # The one cancelled is told (first, in the order things happened), then the one promoted, then her manager.
    assert [m.to for m in mail.outbox] == [[first.work_email], [second.work_email], [manager.work_email]]
    assert mail.outbox[0].subject.startswith("Avbokad:")
    assert all("fått en plats" in message.subject for message in mail.outbox[1:])
    promoted = course_round.nominations.get(staff=second)
    assert promoted.events.filter(kind=NominationEventKind.PROMOTED).exists()


def test_attendance_at_every_session_completes_and_sends_the_hooks(django_capture_on_commit_callbacks):
    today = clock.today()
    course_round = _round(capacity=5, session_dates=[today - datetime.timedelta(days=3), today])
    organisation = course_round.course.organisation
    full, partial = (
        services.round_nominate(course_round=course_round, staff=_person(organisation), actor=None) for _ in range(2)
    )
    sessions = list(course_round.sessions.all())
    heard = {"completed": [], "attended": [], "held": []}
    participation_completed.connect(handler_c := lambda nomination, **kw: heard["completed"].append(nomination.pk))
    session_attended.connect(handler_a := lambda attendance, **kw: heard["attended"].append(attendance.pk))
    round_held.connect(handler_h := lambda course_round, **kw: heard["held"].append(course_round.pk))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            completed = services.attendance_record(
                course_round=course_round,
                present={(sessions[0].pk, full.pk), (sessions[1].pk, full.pk), (sessions[0].pk, partial.pk)},
                actor=None,
            )
            partial.refresh_from_db()
            assert partial.status == NominationStatus.BOOKED
            services.nomination_complete_override(nomination=partial, reason="Sjuk en dag, tog igen", actor=None)
            services.round_mark_held(course_round=course_round, actor=None, outcomes={})
    finally:
        participation_completed.disconnect(handler_c)
        session_attended.disconnect(handler_a)
        round_held.disconnect(handler_h)
    assert completed == 1
    full.refresh_from_db()
    partial.refresh_from_db()
    assert full.status == NominationStatus.COMPLETED
    assert heard["completed"] == [full.pk, partial.pk] and len(heard["attended"]) == 3
    assert heard["held"] == [course_round.pk]
    assert Attendance.objects.filter(nomination=partial, present=False).count() == 1
    assert partial.status == NominationStatus.COMPLETED
    assert partial.completion_override_reason == "Sjuk en dag, tog igen"


def test_drop_out_needs_a_reason_and_text_for_other():
    course_round = _round()
    nomination = services.round_nominate(
        course_round=course_round, staff=_person(course_round.course.organisation), actor=None
    )
    with pytest.raises(ValidationError):
        services.nomination_drop_out(nomination=nomination, reason="other", text=" ", actor=None)
    services.nomination_drop_out(nomination=nomination, reason="lack_of_time", actor=None)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DROPPED_OUT and nomination.drop_out_reason == "lack_of_time"
    assert nomination.events.filter(kind=NominationEventKind.DROPPED_OUT).count() == 1


def test_people_who_have_left_or_leave_before_the_round_cannot_be_nominated():
    today = clock.today()
    course_round = _round(session_dates=[today + datetime.timedelta(days=30)])
    organisation = course_round.course.organisation
    left = _person(organisation)
    left.employment_start, left.employment_end = today - datetime.timedelta(days=300), today - datetime.timedelta(1)
    left.save()
    leaving = _person(organisation)
    leaving.employment_start, leaving.employment_end = today - datetime.timedelta(days=300), today
    leaving.save()
    for person in (left, leaving):
        with pytest.raises(ValidationError, match="slutar"):
            services.round_nominate(course_round=course_round, staff=person, actor=None)
    stays = _person(organisation)
    stays.employment_start, stays.employment_end = today, today + datetime.timedelta(days=30)
    stays.save()
    assert services.round_nominate(course_round=course_round, staff=stays, actor=None).status == NominationStatus.BOOKED


def test_attendance_is_recorded_only_for_sessions_that_have_taken_place():
    today = clock.today()
    course_round = _round(capacity=5, session_dates=[today - datetime.timedelta(days=1), today + datetime.timedelta(7)])
    nomination = services.round_nominate(
        course_round=course_round, staff=_person(course_round.course.organisation), actor=None
    )
    held, later = course_round.sessions.order_by("date")
    completed = services.attendance_record(
        course_round=course_round, present={(held.pk, nomination.pk), (later.pk, nomination.pk)}, actor=None
    )
    assert completed == 0  # the later session has not happened, so the round is not completed yet
    assert list(Attendance.objects.values_list("session_id", "present")) == [(held.pk, True)]
    services.attendance_record(course_round=course_round, present=set(), actor=None)
    assert not Attendance.objects.filter(session=later).exists()  # no absence recorded for the future
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.BOOKED
    completed = services.attendance_record(
        course_round=course_round,
        present={(held.pk, nomination.pk), (later.pk, nomination.pk)},
        actor=None,
        today=later.date,
    )
    nomination.refresh_from_db()
    assert completed == 1 and nomination.status == NominationStatus.COMPLETED


def test_history_recorded_for_the_past_mails_nobody_and_mail_resumes_after_it(
    world, django_capture_on_commit_callbacks
):
    past = CourseRoundFactory(
        course=del1_of(world.organisation), session_dates=[clock.today() - datetime.timedelta(days=60)]
    )
    coming = CourseRoundFactory(course=del1_of(world.organisation))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), services.recording_history():
        nomination = services.round_nominate(course_round=past, staff=world.hire, actor=None, today=past.starts_on)
    assert mail.outbox == []
    assert list(nomination.events.values_list("kind", flat=True)) == [
        NominationEventKind.NOMINATED,
        NominationEventKind.BOOKED,
    ]  # the history is written all the same
    with django_capture_on_commit_callbacks(execute=True):
        services.round_nominate(course_round=coming, staff=world.other_hire, actor=None)
    # The nominee's copy and their enhetschef's.
    assert sorted(m.to for m in mail.outbox) == sorted(
        [[world.other_hire.work_email], [world.other_unit_manager.work_email]]
    )
