"""Ticking plan items: by hand with a stale check, or automatically from a course record; each change is logged."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from checklists.models import EventSource, IntroductionPlan, PlanItem, PlanItemEvent
from checklists.selectors import can_tick_item
from districts import clock


class StaleItemError(ValidationError):
    """The item changed after the page was loaded; carries the item as it is now."""

    def __init__(self, item: PlanItem):
        super().__init__(
            _("Punkten har just ändrats av någon annan. Den visas nu som den är; bocka igen om det behövs.")
        )
        self.item = item


def _record_change(*, item: PlanItem, actor, done: bool, note: str, source: str, reference: str, description: str):
    old_done = item.done
    item.done = done
    item.done_by = actor if done else None
    item.done_at = clock.now() if done else None
    item.version = F("version") + 1
    item.save(update_fields=["done", "done_by", "done_at", "version"])
    item.refresh_from_db(fields=["version"])
    PlanItemEvent.objects.create(
        item=item,
        actor=actor,
        old_done=old_done,
        new_done=done,
        note=note,
        source=source,
        reference=reference,
        description=description,
    )


@transaction.atomic
def plan_item_tick(*, item_id: int, actor, done: bool, expected_version: int, note: str = "") -> PlanItem:
    """Tick or untick an item, refusing when it changed since `expected_version` was read."""
    item = PlanItem.objects.select_for_update().get(pk=item_id)
    plan = IntroductionPlan.objects.select_related("staff").get(pk=item.plan_id)
    if not can_tick_item(actor, item, plan):
        raise PermissionDenied
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


@transaction.atomic
def plan_items_tick_automatic(
    *, staff_id: int, template_item_filter: dict, reference: str, description: str
) -> list[PlanItem]:
    """Tick the staff member's open items linked to a course record; safe to call twice."""
    items = list(
        PlanItem.objects.select_for_update()
        .filter(
            plan__staff_id=staff_id, done=False, **{f"template_item__{k}": v for k, v in template_item_filter.items()}
        )
        .order_by("pk")
    )
    for item in items:
        _record_change(
            item=item,
            actor=None,
            done=True,
            note="",
            source=EventSource.AUTOMATIC,
            reference=reference,
            description=description,
        )
    return items
