"""Request a bulk export of plans: fix the selection the user may see and queue its rendering.

The rendering itself (parts, assembly, clean-up) lives in `checklists.exporting`, run by the tasks.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from checklists import exporting, selectors
from checklists.models import IntroductionPlan, PlanExport
from districts import access


def plan_export_request(
    *,
    actor,
    district=None,
    unit=None,
    start_from: datetime.date | None = None,
    start_to: datetime.date | None = None,
) -> PlanExport:
    """Fix the set of plans the user may see in the selection, and queue the rendering."""
    if not access.has_capability(actor, access.Capability.EXPORT_PLANS):
        raise ValidationError(_("Du saknar behörighet att exportera planer."))
    scope = access.scope_for(actor)
    plan_ids = list(
        selectors.plans_for_export(
            user=actor,
            district_id=district.pk if district else None,
            unit_id=unit.pk if unit else None,
            start_from=start_from,
            start_to=start_to,
        ).values_list("pk", flat=True)
    )
    if not plan_ids:
        raise ValidationError(_("Urvalet innehåller inga introduktionsplaner."))
    if len(plan_ids) > exporting.EXPORT_MAX_PLANS:
        raise ValidationError(
            _("Urvalet innehåller %(count)s planer; dela upp exporten (högst %(max)s).")
            % {"count": len(plan_ids), "max": exporting.EXPORT_MAX_PLANS}
        )
    parts = [str(part) for part in (district, unit) if part]
    if start_from or start_to:
        parts.append(f"{start_from or '…'} – {start_to or '…'}")
    with transaction.atomic():
        export = PlanExport.objects.create(
            organisation_id=scope.organisation_id or _organisation_of_plan(plan_ids[0]),
            requested_by=actor,
            description=", ".join(parts) or str(_("Alla synliga planer")),
            plan_ids=plan_ids,
            total=len(plan_ids),
        )
        from checklists.tasks import export_plans

        transaction.on_commit(lambda: export_plans.delay(export.pk))
    return export


def _organisation_of_plan(plan_id: int) -> int:
    return IntroductionPlan.objects.values_list("staff__organisation_id", flat=True).get(pk=plan_id)
