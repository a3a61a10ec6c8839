"""The plans' item counters (IntroductionPlan.items_in_profile, items_done, last_due_date): moved with each item change,
rebuilt here.

The services that add, tick or move items call `plan_counters_add` in their own transaction; a row-level UPDATE
with F() expressions, so two ticks at once on one plan both count. The plan's row of the districts' tally
(services.tallies) moves with it.
"""

import datetime

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from checklists.models import IntroductionPlan, PlanItem
from checklists.services.tallies import plan_tally_add_counters, plan_tally_recount


def plan_counters_add(
    *, plan_id: int, in_profile: int = 0, done: int = 0, due_date: datetime.date | None = None
) -> None:
    """Move the plan's counters by these amounts (negative to take away); `due_date`: an item due then was added."""
    changes = {}
    if due_date is not None:
        # Items are never removed and their due dates never move: the latest one only grows.
        changes["last_due_date"] = Greatest(Coalesce(F("last_due_date"), Value(due_date)), Value(due_date))
    if in_profile:
        changes["items_in_profile"] = F("items_in_profile") + in_profile
    if done:
        changes["items_done"] = F("items_done") + done
    if changes:
        IntroductionPlan.objects.filter(pk=plan_id).update(**changes)
    if in_profile or done:
        plan_tally_add_counters(plan_id=plan_id, in_profile=in_profile, done=done)


def plan_counters_recompute(*, plans=None) -> int:
    """Recount the counters of these plans (every plan when None) from their items, and their organisations' tally;
    return the plans updated."""
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

    with transaction.atomic():
        organisation_ids = set(plans.order_by().values_list("staff__organisation_id", flat=True).distinct())
        latest = PlanItem.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(due=Max("due_date"))
        updated = plans.update(
            items_in_profile=counted(Q(in_profile=True)),
            items_done=counted(Q(in_profile=True, done=True)),
            last_due_date=Subquery(latest.values("due")),
        )
        for organisation_id in sorted(organisation_ids):
            plan_tally_recount(organisation_id=organisation_id)
    return updated
