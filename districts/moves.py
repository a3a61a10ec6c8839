"""Tell other apps (signals.staff_districts_changed) when a queryset write moves people or units between districts.

A save goes through the services, which send it themselves (`services.staff.send_staff_districts_changed`,
UnitAdmin); `update()` and `bulk_update()` of staff and units send it here (models.CountedQuerySet), whoever calls
them, so a tally kept per district (checklists' PlanTally) cannot be left behind by a write in bulk. What moves is
read before the write and sent after it, in its transaction.
"""

from collections import defaultdict
from collections.abc import Callable

from districts.signals import staff_districts_changed

KEYS_AT_ONCE = 500  # SQLite's limit of bound values in one IN (make run)


def _nothing() -> None:
    return None


def _changed_key(changed: dict, field: str):
    """Return (True, the new key) when an update's `changed` sets `field`, else (False, None)."""
    for name in (field, f"{field}_id"):
        if name in changed:
            target = changed[name]
            return True, getattr(target, "pk", target)
    return False, None


def after_update(queryset, changed: dict) -> Callable[[], None]:
    """Read what `queryset.update(**changed)` moves; return what tells of it once the update has run."""
    from districts.models import StaffMember, Unit
    from districts.services.staff import send_staff_districts_changed

    if queryset.model is StaffMember:
        moving, target = _changed_key(changed, "unit")
        if not moving:
            return _nothing
        before = list(queryset.order_by().values_list("organisation_id", "unit_id").distinct())
        if target is not None and not isinstance(target, int):  # an expression: any district may receive them
            organisations = {organisation_id for organisation_id, _unit in before}
            return lambda: _every_district_of(organisations)
        moves = defaultdict(list)
        for organisation_id, unit_id in before:
            moves[organisation_id].append((unit_id, target))
        return lambda: [
            send_staff_districts_changed(organisation_id=organisation_id, moves=pairs)
            for organisation_id, pairs in moves.items()
        ]
    if queryset.model is Unit:
        moving, target = _changed_key(changed, "district")
        if not moving:
            return _nothing
        before = list(queryset.order_by().values_list("district__organisation_id", "district_id").distinct())
        if not isinstance(target, int):
            organisations = {organisation_id for organisation_id, _district in before}
            return lambda: _every_district_of(organisations)
        return lambda: [
            staff_districts_changed.send(
                sender=Unit, organisation_id=organisation_id, district_ids={district_id, target}
            )
            for organisation_id, district_id in before
            if district_id != target
        ]
    return _nothing


def after_bulk_update(model, objs: list, fields) -> Callable[[], None]:
    """Read what `bulk_update(objs, fields)` moves (the rows as stored); return what tells of it once it has run."""
    from districts.models import StaffMember, Unit
    from districts.services.staff import send_staff_districts_changed

    field = {StaffMember: "unit", Unit: "district"}.get(model)
    if field is None or field not in fields or not objs:
        return _nothing
    keys = [obj.pk for obj in objs]
    stored = {}
    for start in range(0, len(keys), KEYS_AT_ONCE):
        stored.update(model.objects.filter(pk__in=keys[start : start + KEYS_AT_ONCE]).values_list("pk", f"{field}_id"))
    if model is StaffMember:
        moves = defaultdict(list)
        for obj in objs:
            moves[obj.organisation_id].append((stored.get(obj.pk), obj.unit_id))
        return lambda: [
            send_staff_districts_changed(organisation_id=organisation_id, moves=pairs)
            for organisation_id, pairs in moves.items()
        ]
    districts = {district_id for obj in objs for district_id in (stored.get(obj.pk), obj.district_id)}

    def tell() -> None:
        from districts.models import District

        organisation_of = dict(District.objects.filter(pk__in=districts).values_list("pk", "organisation_id"))
        moved = defaultdict(set)
        for obj in objs:
            if stored.get(obj.pk) != obj.district_id:
                moved[organisation_of[obj.district_id]].update({stored.get(obj.pk), obj.district_id})
        for organisation_id, district_ids in moved.items():
            staff_districts_changed.send(sender=Unit, organisation_id=organisation_id, district_ids=district_ids)

    return tell


def _every_district_of(organisations) -> None:
    from districts.models import District

    for organisation_id in organisations:
        district_ids = set(District.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True))
        staff_districts_changed.send(sender=None, organisation_id=organisation_id, district_ids=district_ids | {None})
