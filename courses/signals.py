"""Hooks other apps listen to (checklists ticks plan items, surveys invites participants); sent after commit."""

from django.dispatch import Signal

# Sent with `nomination=<Nomination>` when a nomination becomes completed.
participation_completed = Signal()
# Sent with `attendance=<Attendance>` when attendance is recorded as present.
session_attended = Signal()
# Sent with `course_round=<CourseRound>` when a round's status becomes held.
round_held = Signal()
# Sent with `event=<NominationEvent>` when a nomination gets a seat (booked at once, or promoted from the
# waitlist), and when a booking or waitlist place is cancelled; checklists keeps "Anmäld till Del 1" in step.
seat_booked = Signal()
seat_cancelled = Signal()
