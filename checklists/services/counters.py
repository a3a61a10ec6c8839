"""The plans' item counters (IntroductionPlan.items_in_profile, items_done): moved with each item change, rebuilt here.

The services that add, tick or move items call `plan_counters_add` in their own transaction; a row-level UPDATE
with F() expressions, so two ticks at once on one plan both count.
"""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from checklists.models import IntroductionPlan, PlanItem


def plan_counters_add(*, plan_id: int, in_profile: int = 0, done: int = 0) -> None:
    """Move the plan's counters by these amounts (negative to take away)."""
    changes = {}
    if in_profile:
        changes["items_in_profile"] = F("items_in_profile") + in_profile
    if done:
        changes["items_done"] = F("items_done") + done
    if changes:
        IntroductionPlan.objects.filter(pk=plan_id).update(**changes)


def plan_counters_recompute(*, plans=None) -> int:
    """Recount the counters of these plans (every plan when None) from their items; return the plans updated."""
    plans = IntroductionPlan.objects.all() if plans is None else plans

    def counted(condition: Q):
        return Coalesce(
            Subquery(
                PlanItem.objects.filter(condition, plan=OuterRef("pk"))
                .order_by()
                .values("plan")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        )

    return plans.update(items_in_profile=counted(Q(in_profile=True)), items_done=counted(Q(in_profile=True, done=True)))
