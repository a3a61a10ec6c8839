"""Writes of the checklists app: templates and their versions, plans, ticking, meetings and goals.

Every change of a plan item's state goes through `plan_item_tick` or `plan_items_tick_automatic`, which
lock the row, refuse a stale change and append a history row in the same transaction.

The writes live in modules by what they do (`templates`, `plans`, `meetings`, `ticking`, `exports`, ...); their public
names are re-exported here, so callers write `services.plan_create`.
"""

from checklists.services.counters import plan_counters_add, plan_counters_recompute
from checklists.services.departures import (
    Departure,
    departures_due,
    departures_process,
    plan_close,
    plan_reopen,
    staff_departure_process,
    staff_return_process,
)
from checklists.services.exports import plan_export_request
from checklists.services.meetings import CHECK_IN_DAYS, plan_meetings_generate, standard_meetings, weekday_on_or_after
from checklists.services.plans import (
    DEFAULT_PROFILE,
    EARLIEST_DAY,
    LATEST_DAY,
    Responsible,
    due_date_for,
    plan_change_profile,
    plan_create,
    plan_meeting_create,
    plan_update,
    plans_create_for_new_hires,
)
from checklists.services.tallies import (
    plan_tally_add_counters,
    plan_tally_add_plans,
    plan_tally_recount,
    plan_tally_remove_plans,
)
from checklists.services.templates import (
    template_install_default,
    template_item_create,
    template_item_delete,
    template_item_move,
    template_item_update,
    template_version_draft,
    template_version_publish,
)
from checklists.services.ticking import (
    StaleItemError,
    closed_plan_message,
    plan_item_tick,
    plan_items_tick_automatic,
    plan_items_untick_automatic,
)

__all__ = [
    "CHECK_IN_DAYS",
    "DEFAULT_PROFILE",
    "Departure",
    "EARLIEST_DAY",
    "LATEST_DAY",
    "Responsible",
    "StaleItemError",
    "closed_plan_message",
    "departures_due",
    "departures_process",
    "due_date_for",
    "plan_change_profile",
    "plan_close",
    "plan_counters_add",
    "plan_counters_recompute",
    "plan_tally_add_counters",
    "plan_tally_add_plans",
    "plan_tally_recount",
    "plan_tally_remove_plans",
    "plan_create",
    "plan_export_request",
    "plan_item_tick",
    "plan_items_tick_automatic",
    "plan_items_untick_automatic",
    "plan_meeting_create",
    "plan_meetings_generate",
    "plan_reopen",
    "plan_update",
    "plans_create_for_new_hires",
    "staff_departure_process",
    "staff_return_process",
    "standard_meetings",
    "template_install_default",
    "template_item_create",
    "template_item_delete",
    "template_item_move",
    "template_item_update",
    "template_version_draft",
    "template_version_publish",
    "weekday_on_or_after",
]
