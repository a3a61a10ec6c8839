"""One Del 1 per person, and moving a booking to another round of the same course."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from courses import services
from courses.models import CourseKind, Nomination, NominationEventKind, NominationStatus, RoundStatus
from courses.tests.factories import CourseFactory, CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _del1_round(world, *, days_ahead=30, capacity=5, **kwargs):
    return CourseRoundFactory(
        course=del1_of(world.organisation),
        capacity=capacity,
        session_dates=[clock.today() + datetime.timedelta(days=days_ahead)],
        **kwargs,
    )


def _person(world):
    return StaffMemberFactory(unit=world.own_unit)


@pytest.mark.parametrize(
    "status, message",
    [
        (NominationStatus.BOOKED, "har redan en plats på Del 1 (Del 1 mars)"),
        (NominationStatus.WAITLISTED, "står redan på reservlistan till Del 1 (Del 1 mars)"),
        (NominationStatus.COMPLETED, "har redan gått Del 1 (Del 1 mars)"),
    ],
)
def test_a_second_del1_is_refused_with_a_message_and_changes_nothing(world, status, message):
    person = _person(world)
    first = _del1_round(world, title="Del 1 mars", capacity=1 if status == NominationStatus.WAITLISTED else 5)
    if status == NominationStatus.WAITLISTED:
        services.round_nominate(course_round=first, staff=_person(world), actor=None)
    held = services.round_nominate(course_round=first, staff=person, actor=None)
    if status == NominationStatus.COMPLETED:
        services.nomination_complete_override(nomination=held, reason="Deltog", actor=None)
    held.refresh_from_db()
    assert held.status == status
    second = _del1_round(world, days_ahead=60, title="Del 1 april")
    with pytest.raises(ValidationError) as refused:
        services.round_nominate(course_round=second, staff=person, actor=None)
    assert message in refused.value.messages[0]
    assert not second.nominations.exists()
    held.refresh_from_db()
    assert held.status == status


@pytest.mark.parametrize("ending", ["cancel", "drop_out"])
def test_after_a_cancellation_or_a_drop_out_del1_can_be_booked_again(world, ending):
    person = _person(world)
    first = services.round_nominate(course_round=_del1_round(world), staff=person, actor=None)
    if ending == "cancel":
        services.nomination_cancel(nomination=first, actor=None)
    else:
        services.nomination_drop_out(nomination=first, reason="illness", actor=None)
    again = services.round_nominate(course_round=_del1_round(world, days_ahead=60), staff=person, actor=None)
    assert again.status == NominationStatus.BOOKED and again.course_kind == CourseKind.DEL1


def test_other_courses_may_be_taken_more_than_once(world):
    person = _person(world)
    course = CourseFactory(organisation=world.organisation)
    for days in (30, 60):
        services.round_nominate(
            course_round=CourseRoundFactory(
                course=course, session_dates=[clock.today() + datetime.timedelta(days=days)]
            ),
            staff=person,
            actor=None,
        )
    assert Nomination.objects.filter(staff=person, status=NominationStatus.BOOKED).count() == 2


def test_the_database_refuses_a_second_del1_written_past_the_service(world):
    person = _person(world)
    services.round_nominate(course_round=_del1_round(world), staff=person, actor=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(
            course_round=_del1_round(world, days_ahead=60), staff=person, status=NominationStatus.WAITLISTED
        )


def test_a_course_with_nominations_cannot_change_to_or_from_del1(world):
    del1 = del1_of(world.organisation)
    services.round_nominate(course_round=_del1_round(world), staff=_person(world), actor=None)
    with pytest.raises(ValidationError) as refused:
        services.course_save(
            actor=None, organisation=world.organisation, course=del1, name=del1.name, kind=CourseKind.DEEPENING
        )
    assert "kan inte byta till eller från Del 1" in refused.value.messages[0]
    del1.refresh_from_db()
    assert del1.kind == CourseKind.DEL1


@pytest.mark.frozen_dates
def test_moving_a_booking_keeps_its_history_and_gives_the_old_seat_to_the_waitlist(
    world, django_capture_on_commit_callbacks
):
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    source = _del1_round(world, title="Del 1 januari", capacity=1)
    target = _del1_round(world, days_ahead=60, title="Del 1 februari")
    person, waiting = _person(world), _person(world)
    booking = services.round_nominate(course_round=source, staff=person, actor=coordinator)
    queued = services.round_nominate(course_round=source, staff=waiting, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.nomination_move(nomination=booking, target=target, actor=coordinator)
    booking.refresh_from_db()
    queued.refresh_from_db()
    assert booking.status == NominationStatus.CANCELLED
    assert moved.course_round == target and moved.status == NominationStatus.BOOKED
    assert moved.moved_from == booking and booking.moved_to == moved
    assert queued.status == NominationStatus.BOOKED  # the freed seat went to the first on the waitlist
    note = "Flyttad från Del 1 januari till Del 1 februari."
    assert booking.events.filter(kind=NominationEventKind.MOVED, note=note, actor=coordinator).exists()
    assert list(moved.events.values_list("kind", flat=True)) == [NominationEventKind.MOVED, NominationEventKind.BOOKED]
    assert moved.history.first().history_user == coordinator


def test_a_waitlisted_place_moves_to_the_waitlist_of_a_full_round(world):
    source = _del1_round(world, capacity=1)
    target = _del1_round(world, days_ahead=60, capacity=1)
    services.round_nominate(course_round=source, staff=_person(world), actor=None)
    services.round_nominate(course_round=target, staff=_person(world), actor=None)
    waiting = services.round_nominate(course_round=source, staff=_person(world), actor=None)
    moved = services.nomination_move(nomination=waiting, target=target, actor=None)
    assert moved.status == NominationStatus.WAITLISTED


def _refused_move(nomination, target):
    before = set(Nomination.objects.values_list("pk", "status", "course_round_id"))
    with pytest.raises(ValidationError) as refused:
        services.nomination_move(nomination=nomination, target=target, actor=None)
    assert set(Nomination.objects.values_list("pk", "status", "course_round_id")) == before
    return refused.value.messages[0]


@pytest.mark.frozen_dates
def test_a_move_is_refused_to_a_full_held_cancelled_started_or_other_course_round(world):
    booking = services.round_nominate(course_round=_del1_round(world), staff=_person(world), actor=None)
    full = _del1_round(world, days_ahead=60, capacity=1)
    services.round_nominate(course_round=full, staff=_person(world), actor=None)
    assert "är fullbokad" in _refused_move(booking, full)
    cancelled = _del1_round(world, days_ahead=60)
    services.round_cancel(course_round=cancelled, actor=None)
    assert _refused_move(booking, cancelled) == "Omgången är inställd."
    held = _del1_round(world, days_ahead=0, status=RoundStatus.HELD)
    assert _refused_move(booking, held) == "Omgången är redan genomförd."
    started = _del1_round(world, days_ahead=0)
    assert _refused_move(booking, started) == "Omgången har redan börjat."
    other_course = CourseRoundFactory(course=CourseFactory(organisation=world.organisation))
    assert "samma kurs" in _refused_move(booking, other_course)
    assert "annan omgång" in _refused_move(booking, booking.course_round)


@pytest.mark.frozen_dates
def test_a_booking_on_a_round_that_has_started_is_not_moved(world):
    booking = services.round_nominate(course_round=_del1_round(world, days_ahead=0), staff=_person(world), actor=None)
    assert "har redan börjat" in _refused_move(booking, _del1_round(world, days_ahead=60))
