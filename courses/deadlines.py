"""The programme's deadlines: Del 1 within four months of the start, Del 2 within two years."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from courses.planning import add_months_clamped

DEL1_MONTHS = 4
DEL2_MONTHS = 24


def del1_deadline(employment_start: datetime.date) -> datetime.date:
    """Return the day Del 1 must be done by: start + 4 months, clamped to the month's end (31 Oct -> 28/29 Feb)."""
    return add_months_clamped(employment_start, DEL1_MONTHS)


def del2_deadline(employment_start: datetime.date) -> datetime.date:
    """Return the end of the two-year window for Del 2."""
    return add_months_clamped(employment_start, DEL2_MONTHS)


@dataclass(frozen=True)
class Del1Status:
    """Where a person stands with Del 1: the booked round (if any), whether it is completed, and the deadline."""

    deadline: datetime.date | None
    round_id: int | None = None
    round_title: str = ""
    round_starts_on: datetime.date | None = None
    waitlisted: bool = False
    completed: bool = False
    nomination_id: int | None = None

    @property
    def booked(self) -> bool:
        return self.round_id is not None and not self.waitlisted

    def days_left(self, today: datetime.date) -> int | None:
        return (self.deadline - today).days if self.deadline else None


class SeatedRound(Protocol):
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    capacity: int
    booked: int


@dataclass(frozen=True)
class Del1Proposal:
    """The Del 1 round to propose to a person, and whether it ends only after their deadline."""

    course_round: SeatedRound
    after_deadline: bool = False


def choose_del1_round(
    rounds: Iterable[SeatedRound],
    *,
    deadline: datetime.date | None,
    employment_start: datetime.date | None = None,
    employment_end: datetime.date | None = None,
) -> Del1Proposal | None:
    """Return the earliest round with a free seat that ends by the deadline, else the earliest with a free seat.

    `rounds` are the open coming rounds in start order. A hire whose deadline has passed, or for whom no
    round before it has a seat, still gets a proposal: the earliest free seat, marked as after the deadline.
    A round that starts before the employment starts or after it ends is never proposed.
    """
    late = None
    for course_round in rounds:
        if course_round.booked >= course_round.capacity:
            continue
        if employment_end is not None and course_round.starts_on and course_round.starts_on > employment_end:
            continue
        if employment_start is not None and course_round.starts_on and course_round.starts_on < employment_start:
            continue
        if deadline is None or (course_round.ends_on and course_round.ends_on <= deadline):
            return Del1Proposal(course_round)
        if late is None:
            late = Del1Proposal(course_round, after_deadline=True)
    return late
