"""Reads of the course programme, already joined and scoped through districts.access.

The reads live in one module per concern (rounds, participants, nominations, hires); the deadline rules
they apply are in `courses.deadlines`. This package names them all, so callers write
`selectors.visible_rounds(user)` wherever the function lives.
"""

from courses.deadlines import DEL1_MONTHS, DEL2_MONTHS, Del1Proposal, Del1Status, del1_deadline, del2_deadline
from courses.selectors.hires import (
    Del2Progress,
    HireDeadline,
    del1_deadline_rows,
    del1_status_for_staff,
    del1_waiting_queryset,
    del2_progress,
    del2_progress_rows,
    del2_window_queryset,
    hires_booked_on_del1,
    hires_without_del1_booking,
    hires_without_del1_booking_among,
)
from courses.selectors.nominations import (
    NOMINEE_SEARCH_LIMIT,
    my_upcoming_nominations,
    nominatable_staff,
    nomination_managed_staff,
    nominations_of_staff,
    nominee_search,
    proposed_del1_round,
    proposed_rounds_for,
    visible_nominations,
)
from courses.selectors.participants import (
    SEATED_STATUSES,
    AttendanceCell,
    AttendanceRow,
    attendance_grid,
    attendance_rows,
    dialogue_groups_of,
    participant_list,
)
from courses.selectors.planning import SessionClash, closure_clashes, closure_days_of, del1_seat_forecast
from courses.selectors.rounds import (
    CalendarMonth,
    calendar_year,
    round_detail,
    sessions_of_staff,
    upcoming_rounds,
    visible_courses,
    visible_rounds,
    visible_sessions,
)

__all__ = [
    "DEL1_MONTHS",
    "DEL2_MONTHS",
    "NOMINEE_SEARCH_LIMIT",
    "SEATED_STATUSES",
    "SessionClash",
    "AttendanceCell",
    "AttendanceRow",
    "CalendarMonth",
    "Del1Proposal",
    "Del1Status",
    "Del2Progress",
    "HireDeadline",
    "attendance_grid",
    "attendance_rows",
    "calendar_year",
    "closure_clashes",
    "closure_days_of",
    "del1_deadline",
    "del1_deadline_rows",
    "del1_seat_forecast",
    "del1_status_for_staff",
    "del1_waiting_queryset",
    "del2_deadline",
    "del2_progress",
    "del2_progress_rows",
    "del2_window_queryset",
    "dialogue_groups_of",
    "hires_booked_on_del1",
    "hires_without_del1_booking",
    "hires_without_del1_booking_among",
    "my_upcoming_nominations",
    "nominatable_staff",
    "nomination_managed_staff",
    "nominations_of_staff",
    "nominee_search",
    "participant_list",
    "proposed_del1_round",
    "proposed_rounds_for",
    "round_detail",
    "sessions_of_staff",
    "upcoming_rounds",
    "visible_courses",
    "visible_nominations",
    "visible_rounds",
    "visible_sessions",
]
