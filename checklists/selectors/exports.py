"""Reads behind the bulk export: the plans to export and the exports a user may follow."""

import datetime

from django.db.models import QuerySet

from checklists.models import IntroductionPlan, PlanExport
from checklists.selectors.plans import visible_plans
from districts import access


def plans_for_export(
    *,
    user,
    district_id: int | None = None,
    unit_id: int | None = None,
    start_from: datetime.date | None = None,
    start_to: datetime.date | None = None,
) -> QuerySet[IntroductionPlan]:
    plans = visible_plans(user=user)
    if district_id:
        plans = plans.filter(staff__unit__district_id=district_id)
    if unit_id:
        plans = plans.filter(staff__unit_id=unit_id)
    if start_from:
        plans = plans.filter(start_date__gte=start_from)
    if start_to:
        plans = plans.filter(start_date__lte=start_to)
    return plans.order_by("staff__last_name", "staff__first_name", "pk")


def visible_exports(*, user) -> QuerySet[PlanExport]:
    return access.restrict_by_organisation(
        user, PlanExport.objects.select_related("requested_by__staff_member"), "organisation_id"
    )


def own_exports(*, user, limit: int = 20) -> QuerySet[PlanExport]:
    """Return the user's own latest exports, newest first."""
    return visible_exports(user=user).filter(requested_by=user)[:limit]
