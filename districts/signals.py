"""Hooks other apps listen to; districts itself never imports them."""

from django.dispatch import Signal

# Sent after commit with `staff_ids`: staff members created or changed with an employment start,
# so that e.g. checklists can lay out an introduction plan for each new hire that has none.
hires_added = Signal()
