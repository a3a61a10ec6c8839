"""Marking a round held settles every booked participant's outcome; attendance proposes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from courses import selectors, services
from courses.models import NominationEventKind, NominationStatus, RoundStatus
from courses.outcomes import Outcome, proposed_completed
from courses.signals import participation_completed, round_held
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _three_day_round(world, *, capacity=3, first_day=None):
    first_day = first_day or clock.today() - datetime.timedelta(days=2)  # the last day is today
    return CourseRoundFactory(
        course=del1_of(world.organisation),
        capacity=capacity,
        session_dates=[first_day + datetime.timedelta(days=offset) for offset in (0, 1, 2)],
    )


def _people(world, count):
    return [StaffMemberFactory(unit=world.own_unit) for _ in range(count)]


def test_attendance_proposes_completed_for_all_or_most_sessions():
    assert proposed_completed(attended=3, sessions=3)
    assert not proposed_completed(attended=2, sessions=3)  # Del 1: missing one of three days is not "most"
    assert proposed_completed(attended=10, sessions=13)  # Del 2: three absences of thirteen are allowed
    assert not proposed_completed(attended=9, sessions=13)
    assert not proposed_completed(attended=0, sessions=0)


@pytest.mark.frozen_dates
def test_holding_a_round_settles_everyone_and_records_who_did_it(world, django_capture_on_commit_callbacks):
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    course_round = _three_day_round(world, capacity=2)
    present_all, absent, waiting = (
        services.round_nominate(course_round=course_round, staff=person, actor=None) for person in _people(world, 3)
    )
    sessions = list(course_round.sessions.all())
    services.attendance_record(
        course_round=course_round,
        present={(session.pk, present_all.pk) for session in sessions[:2]} | {(sessions[0].pk, absent.pk)},
        actor=coordinator,
    )
    proposals = {
        proposal.nomination.pk: proposal for proposal in selectors.outcome_proposals(course_round=course_round)
    }
    assert (proposals[present_all.pk].attended, proposals[present_all.pk].sessions) == (2, 3)
    assert not proposals[present_all.pk].completed and not proposals[absent.pk].completed

    heard = {"completed": [], "held": []}
    participation_completed.connect(on_done := lambda nomination, **kw: heard["completed"].append(nomination.pk))
    round_held.connect(on_held := lambda course_round, **kw: heard["held"].append(course_round.pk))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.round_mark_held(
                course_round=course_round,
                actor=coordinator,
                outcomes={
                    present_all.pk: Outcome(completed=True),  # the coordinator overrides the proposal
                    absent.pk: Outcome(completed=False, reason="lack_of_time"),
                },
            )
    finally:
        participation_completed.disconnect(on_done)
        round_held.disconnect(on_held)

    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.HELD
    statuses = dict(course_round.nominations.values_list("pk", "status"))
    assert statuses == {
        present_all.pk: NominationStatus.COMPLETED,
        absent.pk: NominationStatus.DROPPED_OUT,
        waiting.pk: NominationStatus.CANCELLED,
    }
    assert not course_round.nominations.filter(status=NominationStatus.BOOKED).exists()
    assert heard == {"completed": [present_all.pk], "held": [course_round.pk]}
    absent.refresh_from_db()
    assert absent.drop_out_reason == "lack_of_time"
    completed_event = present_all.events.get(kind=NominationEventKind.COMPLETED)
    dropped_event = absent.events.get(kind=NominationEventKind.DROPPED_OUT)
    assert completed_event.actor == coordinator and dropped_event.actor == coordinator
    assert dropped_event.note == "Tidsbrist"
    assert absent.history.first().history_user == coordinator
    assert waiting.events.filter(kind=NominationEventKind.CANCELLED).exists()


@pytest.mark.parametrize(
    "outcomes, message",
    [
        (lambda a, b: {a.pk: Outcome(completed=True)}, "Ange om"),
        (lambda a, b: {a.pk: Outcome(completed=True), b.pk: Outcome(completed=False)}, "Välj en orsak"),
        (
            lambda a, b: {a.pk: Outcome(completed=True), b.pk: Outcome(completed=False, reason="other", text=" ")},
            "Beskriv orsaken",
        ),
        (lambda a, b: {a.pk: Outcome(completed=True), b.pk: Outcome(completed=True), 0: Outcome(True)}, "Ladda om"),
    ],
)
def test_holding_is_refused_and_changes_nothing_unless_every_booked_person_has_a_valid_outcome(
    world, outcomes, message
):
    course_round = _three_day_round(world)
    first, second = (
        services.round_nominate(course_round=course_round, staff=person, actor=None) for person in _people(world, 2)
    )
    with pytest.raises(ValidationError) as refused:
        services.round_mark_held(course_round=course_round, actor=None, outcomes=outcomes(first, second))
    assert message in refused.value.messages[0]
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.OPEN
    assert set(course_round.nominations.values_list("status", flat=True)) == {NominationStatus.BOOKED}
    assert not first.events.filter(kind=NominationEventKind.COMPLETED).exists()


@pytest.mark.frozen_dates
def test_a_round_that_has_not_started_cannot_be_held(world):
    course_round = _three_day_round(world, first_day=clock.today() + datetime.timedelta(days=1))
    nomination = services.round_nominate(course_round=course_round, staff=_people(world, 1)[0], actor=None)
    with pytest.raises(ValidationError) as refused:
        services.round_mark_held(
            course_round=course_round, actor=None, outcomes={nomination.pk: Outcome(completed=True)}
        )
    assert "har inte börjat än" in refused.value.messages[0]
    course_round.refresh_from_db()
    nomination.refresh_from_db()
    assert course_round.status == RoundStatus.OPEN and nomination.status == NominationStatus.BOOKED
    # From its first day it may be held.
    started = _three_day_round(world, first_day=clock.today())
    services.round_mark_held(course_round=started, actor=None, outcomes={})
    started.refresh_from_db()
    assert started.status == RoundStatus.HELD


def test_a_cancelled_round_cannot_be_held(world):
    course_round = _three_day_round(world)
    services.round_cancel(course_round=course_round, actor=None)
    with pytest.raises(ValidationError):
        services.round_mark_held(course_round=course_round, actor=None, outcomes={})
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.CANCELLED


def test_the_database_refuses_to_hold_a_round_with_someone_still_booked(world, require_postgres):
    from django.db import IntegrityError, transaction

    from courses.models import CourseRound

    course_round = _three_day_round(world)
    services.round_nominate(course_round=course_round, staff=_people(world, 1)[0], actor=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseRound.objects.filter(pk=course_round.pk).update(status=RoundStatus.HELD)  # past the service
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.OPEN
