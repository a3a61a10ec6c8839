"""Hooks other apps listen to; sent after commit.

The signal names the person and the purpose only: never the response, which stays unlinked to anyone.
"""

from django.dispatch import Signal

# Sent with `staff_id=<int>` and `purpose=<SurveyPurpose value>` when a person has answered an invitation;
# intro_program ticks the plan's "Den nyanställda utvärderar sin introduktion" from the introduction's.
invitation_answered = Signal()
