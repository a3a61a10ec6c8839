"""Ticking plan items: by hand with a stale check, or automatically from a course record; each change is logged.

An automatic change carries the time of the course record it came from (a booking, an attendance, a completion),
not the time it was written; the history row names the record (`reference`) and why (`description`).
A closed plan (the hire has left) changes no more: a tick by hand is refused, automatic ones pass it by.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from checklists.models import EventSource, IntroductionPlan, PlanItem, PlanItemEvent, PlanStatus
from checklists.permissions import can_tick_item
from checklists.services.counters import plan_counters_add
from districts import clock


class StaleItemError(ValidationError):
    """The item changed after the page was loaded; carries the item as it is now."""

    def __init__(self, item: PlanItem):
        super().__init__(
            _("Punkten har just ändrats av någon annan. Den visas nu som den är; bocka igen om det behövs.")
        )
        self.item = item


def closed_plan_message() -> str:
    return _("Planen är avslutad eftersom anställningen har upphört. Den sparas som den är och kan inte ändras.")


def _record_change(
    *,
    item: PlanItem,
    actor,
    done: bool,
    note: str,
    source: str,
    reference: str,
    description: str,
    at: datetime.datetime | None = None,
):
    at = at or clock.now()
    old_done = item.done
    item.done = done
    item.done_by = actor if done else None
    item.done_at = at if done else None
    item.version = F("version") + 1
    item.save(update_fields=["done", "done_by", "done_at", "version"])
    item.refresh_from_db(fields=["version"])
    if item.in_profile and old_done != done:
        plan_counters_add(plan_id=item.plan_id, done=1 if done else -1)
    PlanItemEvent.objects.create(
        item=item,
        actor=actor,
        at=at,
        old_done=old_done,
        new_done=done,
        note=note,
        source=source,
        reference=reference,
        description=description,
    )


@transaction.atomic
def plan_item_tick(*, item_id: int, actor, done: bool, expected_version: int, note: str = "") -> PlanItem:
    """Tick or untick an item, refusing when it changed since `expected_version` was read or the plan is closed."""
    item = PlanItem.objects.select_for_update().get(pk=item_id)
    plan = IntroductionPlan.objects.select_related("staff").get(pk=item.plan_id)
    if not can_tick_item(actor, item, plan):
        raise PermissionDenied
    if plan.is_closed:
        raise ValidationError(closed_plan_message())
    if len(note) > 2000:
        raise ValidationError(_("Anteckningen får vara högst 2000 tecken."))
    if item.version != expected_version:
        raise StaleItemError(item)
    if item.done == done and not note:
        return item
    _record_change(
        item=item, actor=actor, done=done, note=note.strip(), source=EventSource.MANUAL, reference="", description=""
    )
    return item


def _linked_items(*, staff_id: int, template_item_filter: dict, done: bool):
    return (
        PlanItem.objects.select_for_update()
        .filter(
            plan__staff_id=staff_id,
            plan__status=PlanStatus.ACTIVE,
            done=done,
            **{f"template_item__{k}": v for k, v in template_item_filter.items()},
        )
        .order_by("pk")
    )


def _set_linked_items(
    *, staff_id: int, template_item_filter: dict, done: bool, reference: str, description: str, at
) -> list[PlanItem]:
    """Set the staff member's items linked to a course record to `done`, one automatic history row each."""
    items = list(_linked_items(staff_id=staff_id, template_item_filter=template_item_filter, done=not done))
    for item in items:
        _record_change(
            item=item,
            actor=None,
            done=done,
            note="",
            source=EventSource.AUTOMATIC,
            reference=reference,
            description=description,
            at=at,
        )
    return items


@transaction.atomic
def plan_items_tick_automatic(
    *,
    staff_id: int,
    template_item_filter: dict,
    reference: str,
    description: str,
    at: datetime.datetime | None = None,
) -> list[PlanItem]:
    """Tick the staff member's open items linked to a course record, at the record's time; safe to call twice."""
    return _set_linked_items(
        staff_id=staff_id,
        template_item_filter=template_item_filter,
        done=True,
        reference=reference,
        description=description,
        at=at,
    )


@transaction.atomic
def plan_items_untick_automatic(
    *,
    staff_id: int,
    template_item_filter: dict,
    reference: str,
    description: str,
    at: datetime.datetime | None = None,
) -> list[PlanItem]:
    """Untick the staff member's done items whose course record no longer holds (a cancelled booking); idempotent.

    The tick stays in the history: the untick is one more row, naming the record and the reason.
    """
    return _set_linked_items(
        staff_id=staff_id,
        template_item_filter=template_item_filter,
        done=False,
        reference=reference,
        description=description,
        at=at,
    )
