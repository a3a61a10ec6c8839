"""Writes to the course programme: each is keyword-only, atomic, validating, and sends its side effects on commit.

Seats are handed out under a row lock on the round (`select_for_update`), so capacity holds however
many nominations arrive at once; every status change of a nomination writes a NominationEvent.

The writes live in one module per concern (programme, planning, rounds, nominations, dialogue_groups,
feeds; the round lock and seat count in seats, the history in events); this package names them all,
so callers write `services.round_nominate(...)` wherever the function lives.
"""

from courses.services.dialogue_groups import dialogue_group_member_move, dialogue_groups_split
from courses.services.events import recording_history
from courses.services.feeds import calendar_feed_for, calendar_feed_revoke
from courses.services.nominations import (
    attendance_record,
    nomination_cancel,
    nomination_complete_override,
    nomination_drop_out,
    nomination_move,
    round_nominate,
)
from courses.services.planning import (
    closure_day_add,
    closure_day_remove,
    planning_settings_for,
    planning_settings_update,
    round_create_planned,
    rounds_plan,
    rounds_plan_queue,
)
from courses.services.programme import course_save, module_save, programme_install_defaults
from courses.services.rounds import (
    SESSION_YEARS_AHEAD,
    SESSION_YEARS_BACK,
    check_round_started,
    round_cancel,
    round_create,
    round_mark_held,
    round_move,
    round_update,
    session_cancel,
    session_save,
)

__all__ = [
    "SESSION_YEARS_AHEAD",
    "SESSION_YEARS_BACK",
    "attendance_record",
    "calendar_feed_for",
    "check_round_started",
    "calendar_feed_revoke",
    "closure_day_add",
    "closure_day_remove",
    "course_save",
    "dialogue_group_member_move",
    "dialogue_groups_split",
    "module_save",
    "nomination_cancel",
    "nomination_complete_override",
    "nomination_drop_out",
    "nomination_move",
    "planning_settings_for",
    "planning_settings_update",
    "programme_install_defaults",
    "recording_history",
    "round_cancel",
    "round_create",
    "round_create_planned",
    "round_mark_held",
    "round_move",
    "round_nominate",
    "round_update",
    "rounds_plan",
    "rounds_plan_queue",
    "session_cancel",
    "session_save",
]
