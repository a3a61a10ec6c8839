"""Hooks other apps listen to; districts itself never imports them."""

from django.dispatch import Signal

# Sent after commit with `staff_ids`: staff members created or changed with an employment start,
# so that e.g. checklists can lay out an introduction plan for each new hire that has none.
hires_added = Signal()

# Sent after commit with `staff_ids` and `actor_id` (the User who saved the end date, or None for the system):
# staff members whose employment has ended (end date today or earlier), so that their future bookings are
# cancelled and their introduction plans closed (checklists also looks for them every night).
employment_ended = Signal()

# Sent after commit with `staff_ids` and `actor_id` when a saved end date is taken back (cleared, or moved
# after today) for someone who had left: their closed plan is opened again. Cancelled places stay cancelled.
employment_resumed = Signal()

# Sent INSIDE the transaction with `organisation_id` and `district_ids` (a set; None for no unit): staff moved
# between units of different districts, or a unit moved to another district, so that a tally kept per district
# (checklists' PlanTally) is recounted for those districts in the same transaction as the move.
staff_districts_changed = Signal()
