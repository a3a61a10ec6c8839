"""What a round's or a nomination's status means on the page: its badge, and what may still be done with it.

Templates read these through `courses/templatetags/course_status.py`, so no template compares status strings.
"""

import datetime

from courses.models import ACTIVE_STATUSES, CourseRound, Nomination, NominationStatus, RoundStatus

NOMINATION_BADGES = {
    NominationStatus.BOOKED: "text-bg-success",
    NominationStatus.WAITLISTED: "text-bg-warning",
    NominationStatus.COMPLETED: "text-bg-primary",
}
ROUND_BADGES = {
    RoundStatus.OPEN: "text-bg-success",
    RoundStatus.FULL: "text-bg-warning",
    RoundStatus.CANCELLED: "text-bg-danger",
    RoundStatus.HELD: "text-bg-secondary",
}


def nomination_badge(nomination: Nomination) -> str:
    """Return the badge class of the nomination's status (grey for cancelled and dropped out)."""
    return NOMINATION_BADGES.get(nomination.status, "text-bg-secondary")


def round_badge(course_round: CourseRound) -> str:
    """Return the badge class of the round's status (blue while planned)."""
    return ROUND_BADGES.get(course_round.status, "text-bg-info")


def round_is_over(course_round: CourseRound) -> bool:
    """Return whether the round is held or cancelled: its seats no longer fill."""
    return course_round.status in (RoundStatus.HELD, RoundStatus.CANCELLED)


def nomination_holds_place(nomination: Nomination) -> bool:
    """Return whether the nomination holds a seat or a waiting-list place (it can be cancelled or moved)."""
    return nomination.status in ACTIVE_STATUSES


def nomination_may_cancel(nomination: Nomination) -> bool:
    """Return whether the place can be given back: it is held, on a round still being booked."""
    return nomination_holds_place(nomination) and nomination.course_round.is_bookable


def nomination_may_move(nomination: Nomination, *, today: datetime.date) -> bool:
    """Return whether the place can be moved to another round: it can be cancelled and its round has not begun."""
    starts_on = nomination.course_round.starts_on
    return nomination_may_cancel(nomination) and (not starts_on or starts_on > today)


def round_is_cancelled(course_round: CourseRound) -> bool:
    return course_round.status == RoundStatus.CANCELLED


def round_is_held(course_round: CourseRound) -> bool:
    """Return whether the round is marked held (its completed places have certificates)."""
    return course_round.status == RoundStatus.HELD


def nomination_is_dropped_out(nomination: Nomination) -> bool:
    return nomination.status == NominationStatus.DROPPED_OUT


def nomination_is_booked(nomination: Nomination) -> bool:
    return nomination.status == NominationStatus.BOOKED
