"""Receivers that join two apps of the same layer: surveys and checklists may not import each other.

When a hire answers the evaluation of their whole introduction, the plan's item whose template item names
that source ("Den nyanställda utvärderar sin introduktion" in the default, whatever it is renamed to) ticks
itself through the checklists ticking service. The signal carries the person and the purpose only, so the
tick records that they answered, never which response is theirs.
"""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from checklists import services as checklist_services
from checklists.models import AutomaticSource
from districts import clock
from surveys.models import SurveyPurpose
from surveys.signals import invitation_answered


@receiver(invitation_answered, dispatch_uid="intro_program_tick_introduction_evaluated")
def tick_introduction_evaluated(sender, staff_id: int, purpose: str, **kwargs):
    if purpose != SurveyPurpose.INTRODUCTION:
        return
    checklist_services.plan_items_tick_automatic(
        staff_id=staff_id,
        template_item_filter={"automatic_source": AutomaticSource.INTRODUCTION_EVALUATION},
        reference="survey:introduction",
        description=_("Automatiskt: utvärderingen av introduktionen är besvarad"),
        at=clock.now(),
    )
