import datetime

from courses import statuses
from courses.models import CourseRound, Nomination, NominationStatus, RoundStatus

TODAY = datetime.date(2026, 12, 1)


def _nomination(status, *, round_status=RoundStatus.OPEN, starts_on=TODAY + datetime.timedelta(days=7)):
    return Nomination(status=status, course_round=CourseRound(status=round_status, starts_on=starts_on))


def test_each_status_has_one_badge():
    assert statuses.nomination_badge(_nomination(NominationStatus.BOOKED)) == "text-bg-success"
    assert statuses.nomination_badge(_nomination(NominationStatus.WAITLISTED)) == "text-bg-warning"
    assert statuses.nomination_badge(_nomination(NominationStatus.COMPLETED)) == "text-bg-primary"
    assert statuses.nomination_badge(_nomination(NominationStatus.CANCELLED)) == "text-bg-secondary"
    assert statuses.round_badge(CourseRound(status=RoundStatus.CANCELLED)) == "text-bg-danger"
    assert statuses.round_badge(CourseRound(status=RoundStatus.PLANNED)) == "text-bg-info"
    assert statuses.round_is_over(CourseRound(status=RoundStatus.HELD))
    assert not statuses.round_is_over(CourseRound(status=RoundStatus.FULL))


def test_a_held_place_on_a_round_being_booked_may_be_cancelled_and_moved_until_the_round_begins():
    booked = _nomination(NominationStatus.BOOKED)
    assert statuses.nomination_may_cancel(booked) and statuses.nomination_may_move(booked, today=TODAY)
    begun = _nomination(NominationStatus.WAITLISTED, starts_on=TODAY)
    assert statuses.nomination_may_cancel(begun) and not statuses.nomination_may_move(begun, today=TODAY)
    held = _nomination(NominationStatus.BOOKED, round_status=RoundStatus.HELD)
    assert statuses.nomination_holds_place(held) and not statuses.nomination_may_cancel(held)
    done = _nomination(NominationStatus.COMPLETED)
    assert not statuses.nomination_holds_place(done) and not statuses.nomination_may_move(done, today=TODAY)
