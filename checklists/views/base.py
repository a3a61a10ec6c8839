"""What the checklist pages share: the visible plan, or 404."""

from django.core.exceptions import ValidationError
from django.http import Http404

from checklists import selectors
from checklists.models import IntroductionPlan


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _visible_plan(request, plan_id: int, *, load=None) -> IntroductionPlan:
    """Return the plan as `load` reads it (`selectors.plan_for_page` unless told, or `plan_for_pdf`), or 404."""
    try:
        return (load or selectors.plan_for_page)(user=request.user, plan_id=plan_id)
    except IntroductionPlan.DoesNotExist as missing:
        raise Http404 from missing
