"""The plans' tally per district, start month and status (models.PlanTally): moved with each plan write, rebuilt here.

Every service that creates, closes or reopens a plan, or moves its item counters, calls these in its own
transaction; districts tells (signals.staff_districts_changed, inside its transaction) when staff or units move to
another district, and those districts are recounted. The moves add amounts, so two ticks at once
on one district's row both count.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from checklists.models import IntroductionPlan, PlanOverviewCounts, PlanTally
from districts.selectors import moved_districts_conditions


def _add(*, plan_ids: list[int], plans: int, in_profile: int = 0, done: int = 0) -> None:
    """Add `plans` times each plan (1, its counters), and these item amounts, to the plan's row of the tally."""
    amounts: dict[tuple, list[int]] = {}
    keys = IntroductionPlan.objects.filter(pk__in=plan_ids).values_list(
        "staff__organisation_id", "staff__unit__district_id", "start_date", "status", "items_in_profile", "items_done"
    )
    for organisation_id, district_id, start_date, status, plan_in_profile, plan_done in keys:
        key = (organisation_id, district_id, start_date.replace(day=1), status)
        total = amounts.setdefault(key, [0, 0, 0])
        total[0] += plans
        total[1] += plans * plan_in_profile + in_profile
        total[2] += plans * plan_done + done
    for (organisation_id, district_id, month, status), (plan_count, items, items_done) in sorted(
        amounts.items(), key=lambda pair: (pair[0][0], pair[0][1] or 0, pair[0][2], pair[0][3])
    ):
        row = PlanTally.objects.filter(
            organisation_id=organisation_id, district_id=district_id, start_month=month, status=status
        )
        changes = {
            "plan_count": F("plan_count") + plan_count,
            "items_in_profile": F("items_in_profile") + items,
            "items_done": F("items_done") + items_done,
        }
        if row.update(**changes):
            continue
        try:
            with transaction.atomic():  # the first plan of its row; another may be writing the same row
                PlanTally.objects.create(
                    organisation_id=organisation_id,
                    district_id=district_id,
                    start_month=month,
                    status=status,
                    plan_count=plan_count,
                    items_in_profile=items,
                    items_done=items_done,
                )
        except IntegrityError:
            row.update(**changes)
    _bump_overview_counts(organisation_ids={key[0] for key in amounts})


def _bump_overview_counts(*, organisation_ids: Iterable[int] | None) -> None:
    """Mark stale the overview rows kept for these organisations (every one when None): their tally has changed."""
    rows = PlanOverviewCounts.objects.all()
    if organisation_ids is not None:
        organisation_ids = sorted(set(organisation_ids))
        if not organisation_ids:
            return
        rows = rows.filter(organisation_id__in=organisation_ids)
    rows.update(version=F("version") + 1)


def plan_tally_add_plans(*, plan_ids: Iterable[int]) -> None:
    """Count these plans, as they are now, in their rows (after creating them, or after changing their status)."""
    _add(plan_ids=sorted(set(plan_ids)), plans=1)


def plan_tally_remove_plans(*, plan_ids: Iterable[int]) -> None:
    """Take these plans, as they are now, out of their rows (before changing their status); lock them first."""
    _add(plan_ids=sorted(set(plan_ids)), plans=-1)


def plan_tally_add_counters(*, plan_id: int, in_profile: int = 0, done: int = 0) -> None:
    """Move the plan's row by these item amounts (as services.counters.plan_counters_add moves the plan's own)."""
    if in_profile or done:
        _add(plan_ids=[plan_id], plans=0, in_profile=in_profile, done=done)


@transaction.atomic
def plan_tally_recount(*, organisation_id: int | None = None, district_ids: Iterable[int | None] | None = None) -> int:
    """Rebuild the tally from the plans: all of it, one organisation's, or these districts' (None: no unit).

    A district is recounted in every organisation whose staff work there; the plans of no unit only in
    `organisation_id`'s (or every organisation's when not given). Return the rows written."""
    plans = IntroductionPlan.objects.all()
    rows = PlanTally.objects.all()
    if organisation_id is not None and district_ids is None:
        plans = plans.filter(staff__organisation_id=organisation_id)
        rows = rows.filter(organisation_id=organisation_id)
    if district_ids is not None:
        of_staff, of_rows = moved_districts_conditions(district_ids=district_ids, organisation_id=organisation_id)
        plans, rows = plans.filter(of_staff), rows.filter(of_rows)
    # Lock the rows first: a tick that moved one of them commits before the plans are read (and is then counted
    # in them), and one after waits and adds its amount to the recounted row.
    list(rows.select_for_update().values_list("pk", flat=True))
    counted = (
        plans.order_by()
        .annotate(month=TruncMonth("start_date"))
        .values("staff__organisation_id", "staff__unit__district_id", "month", "status")
        .annotate(plan_count=Count("*"), in_profile=Sum("items_in_profile"), done=Sum("items_done"))
    )
    tallies = [
        PlanTally(
            organisation_id=row["staff__organisation_id"],
            district_id=row["staff__unit__district_id"],
            start_month=row["month"],
            status=row["status"],
            plan_count=row["plan_count"],
            items_in_profile=row["in_profile"] or 0,
            items_done=row["done"] or 0,
        )
        for row in counted
    ]
    # The organisations whose rows are rebuilt (every one when all are): their kept overview rows are marked stale.
    touched = None
    if organisation_id is not None or district_ids is not None:
        touched = {organisation_id, *rows.values_list("organisation_id", flat=True)} - {None}
    rows.delete()
    PlanTally.objects.bulk_create(tallies, batch_size=2000)
    if touched is not None:
        touched |= {tally.organisation_id for tally in tallies}
    _bump_overview_counts(organisation_ids=touched)
    return len(tallies)
