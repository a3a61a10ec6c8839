"""A participant's outcome when a round is held: completed, or not completed with a reason.

Attendance proposes it and the coordinator confirms or changes it; the report counts everyone enrolled
who did not complete as a drop-out, so no one may stay "Bokad" on a held round.
"""

from dataclasses import dataclass
from fractions import Fraction

from courses.models import DropOutReason

# "Attended all or most sessions": at least three quarters of the sessions that took place (not cancelled).
# With Del 1's three sessions that means all three; with Del 2's thirteen it allows three absences.
COMPLETION_SHARE = Fraction(3, 4)


@dataclass(frozen=True)
class Outcome:
    """What becomes of one booked participant: completed, or dropped out with a reason (and text for "Annat")."""

    completed: bool
    reason: str = ""
    text: str = ""

    def __post_init__(self):
        if not self.completed and self.reason and self.reason not in DropOutReason.values:
            raise ValueError(f"unknown drop-out reason {self.reason!r}")


def proposed_completed(*, attended: int, sessions: int) -> bool:
    """Return whether attendance proposes "completed": present at (nearly) every session that took place."""
    return sessions > 0 and Fraction(attended, sessions) >= COMPLETION_SHARE
