"""The programme's deadlines: Del 1 within four months of the start, Del 2 within two years."""

import datetime
from dataclasses import dataclass

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

    @property
    def booked(self) -> bool:
        return self.round_id is not None and not self.waitlisted

    def days_left(self, today: datetime.date) -> int | None:
        return (self.deadline - today).days if self.deadline else None
