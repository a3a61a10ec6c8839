"""Seats on a round: the row lock every write to a round takes, the seats held, and promotion from the waitlist."""

from courses.models import (
    ENROLLED_STATUSES,
    CourseRound,
    NominationEventKind,
    NominationStatus,
    RoundStatus,
)
from courses.services.events import _event


def _lock_round(course_round: CourseRound) -> CourseRound:
    return CourseRound.objects.select_for_update().select_related("course").get(pk=course_round.pk)


def _booked_count(course_round: CourseRound) -> int:
    """Return the seats taken: booked, and those who held a seat to the end (completed) or dropped out on the way."""
    return course_round.nominations.filter(status__in=ENROLLED_STATUSES).count()


def _fill_seats(course_round: CourseRound, actor) -> None:
    """Promote from the waitlist while seats are free, and keep OPEN/FULL in step with the seats (round locked)."""
    if course_round.status in (RoundStatus.HELD, RoundStatus.CANCELLED):
        return
    free = course_round.capacity - _booked_count(course_round)
    if free > 0:
        for nomination in course_round.nominations.filter(status=NominationStatus.WAITLISTED).order_by(
            "queued_at", "id"
        )[:free]:
            nomination.status = NominationStatus.BOOKED
            nomination.save(update_fields=["status", "updated_at"])
            _event(nomination, NominationEventKind.PROMOTED, actor, notify=True)
            free -= 1
    wanted = course_round.status
    if free <= 0 and course_round.status == RoundStatus.OPEN:
        wanted = RoundStatus.FULL
    elif free > 0 and course_round.status == RoundStatus.FULL:
        wanted = RoundStatus.OPEN
    if wanted != course_round.status:
        course_round.status = wanted
        course_round.save(update_fields=["status", "updated_at"])
