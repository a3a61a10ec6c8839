"""The organisation-wide counts of the dashboard, counted once a day and again after a write that changes them.

An organisation-wide reader's dashboard counts the municipality's current staff, districts, units and new hires
(with those without a 1:e socialsekreterare or a mentor): on the national seed a scan of 20,000 staff and one of
3,700 hires probing each hire's role, ~20 ms of every such request for the same numbers all day. Summary rows kept
by the writes cannot hold them (the two-year window of new hires moves every day without a write), so the last
counts are kept in OrganisationCounts with the version of the organisation's data they were counted at:

- every write to a StaffMember, StaffRole, District or Unit bumps the organisation's `version` in the writing
  transaction: the signals below for saves and deletes, the models' queryset (districts.models.CountedQuerySet)
  for `update()` and the writes in bulk (the import's through districts.audit.bulk_create/bulk_update, the demo
  data's), whoever calls them; only raw SQL would need to call `bump_rows_written` itself;
- the dashboard reads the kept counts inside its one facts query, COALESCE'd with the counting itself, which
  PostgreSQL runs only when the kept counts are missing, of an older version or of another day;
- having counted, it keeps them with the version read in the same statement, and only if the version is still
  that (UPDATE ... WHERE version = read): a write committed during the count is never hidden. A row held by a
  writing transaction (an import) is skipped, not waited for (SKIP LOCKED): the next read counts again.

Writers of one organisation's staff thus take turns on its row until they commit, as with any counter row.

The row of an organisation is made with it (and by the migration for those before): a write only bumps an existing
row, so a count can never be kept for data older than a write it did not see.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models import Expression, F, IntegerField, JSONField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from districts.models import District, Organisation, OrganisationCounts, StaffMember, StaffRole, Unit

NOT_KEPT = -1

# Further organisation-wide counts kept with these, named by the app that counts them: each a function of the
# reader (organisation-wide, not a superuser) and today giving the counting expression. It may read only the staff,
# roles, districts and units of the reader's organisation (what bumps the version) and the same for every such
# reader. courses keeps the Del 2 window's total here (CoursesConfig.ready): ~3,700 role probes a coordinator's request.
COUNTERS: dict[str, Callable[[Any, datetime.date], Expression]] = {}


def register_counter(name: str, counter: Callable[[Any, datetime.date], Expression]) -> None:
    """Keep one more organisation-wide count (see COUNTERS) with the organisation panel's."""
    COUNTERS[name] = counter


def kept_or_counted(*, organisation_id: int, today: datetime.date, counted: dict[str, Expression]) -> dict:
    """Return the facts (districts.panels.read_facts) of the organisation's counts: the kept ones, or `counted`.

    `counted`: the counting expression of each number. Gives `districts_org_counts` (a JSON object of them),
    `districts_org_counts_version` (the data's version now) and `districts_org_counts_kept` (NOT_KEPT when counted).
    """
    row = OrganisationCounts.objects.filter(organisation_id=organisation_id)
    # Counts kept before a number was added to them lack it: counted again.
    valid = _valid_counts(organisation_id=organisation_id, today=today).filter(counts__has_keys=sorted(counted))
    return {
        "districts_org_counts": Coalesce(
            Subquery(valid.values("counts")[:1]), JSONObject(**counted), output_field=JSONField()
        ),
        "districts_org_counts_kept": Coalesce(
            Subquery(valid.values("version")[:1]), Value(NOT_KEPT), output_field=IntegerField()
        ),
        "districts_org_counts_version": Subquery(row.values("version")[:1], output_field=IntegerField()),
    }


def kept_count(*, organisation_id: int, today: datetime.date, name: str) -> Any:
    """Return one of the organisation's kept counts (`name`: a key of the kept JSON), or None when none is kept for
    today's data (then the caller counts itself; only the dashboard keeps, with every number it shows)."""
    valid = _valid_counts(organisation_id=organisation_id, today=today).filter(counts__has_key=name)
    return valid.values_list(f"counts__{name}", flat=True).first()


def _valid_counts(*, organisation_id: int, today: datetime.date) -> QuerySet:
    """The organisation's kept counts if they were counted today at the data's version now (no write since)."""
    return OrganisationCounts.objects.filter(
        organisation_id=organisation_id, counted_on=today, counted_version=F("version")
    )


def keep(*, organisation_id: int, today: datetime.date, version: int | None, counts: dict) -> None:
    """Keep counts counted at `version`, unless a write has bumped the version since (then the next read recounts)."""
    if version is None:  # an organisation without its row: counted every time, never kept
        return
    rows = OrganisationCounts.objects.filter(organisation_id=organisation_id, version=version)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # A writer holding the row (a long import) is not waited for: the next read counts again.
            rows = rows.select_for_update(skip_locked=True)
        if rows.exists():
            rows.update(counted_version=version, counted_on=today, counts=counts)


def _bump(sql_organisation: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {OrganisationCounts._meta.db_table} SET version = version + 1 "  # noqa: S608 - names, not data
            f"WHERE organisation_id = {sql_organisation}",
            params,
        )


def bump_rows_written(model, objs) -> None:
    """Mark stale the counts of the organisations of rows written in bulk (no signals; CountedQuerySet calls it)."""
    key = f"{_PLACED_BY[model]}_id"
    keys = sorted({getattr(obj, key) for obj in objs})
    # In portable SQL (make run's SQLite too), a few hundred keys at a time: a bulk write of the import's 50,000
    # roles would pass SQLite's limit of bound values in one IN.
    for start in range(0, len(keys), BUMP_KEYS_AT_ONCE):
        _bump_organisations(_organisations_of(model, keys[start : start + BUMP_KEYS_AT_ONCE]))


BUMP_KEYS_AT_ONCE = 500


# The foreign key that places a row in its organisation, directly or through its staff member or district.
_PLACED_BY = {StaffMember: "organisation", District: "organisation", StaffRole: "staff", Unit: "district"}


def bump_rows_matching(queryset: QuerySet, *, changed: dict) -> None:
    """Mark stale the counts of the organisations of the rows a queryset `update(**changed)` is about to write.

    Called by districts.models.CountedQuerySet.update; a row moved to another organisation bumps that one too.
    """
    model = queryset.model
    key = _PLACED_BY[model]
    _bump_organisations(_organisations_of(model, queryset.order_by().values(f"{key}_id")))
    for name in (key, f"{key}_id"):
        if name not in changed:
            continue
        target = changed[name]
        target = getattr(target, "pk", target)
        if target is None:
            continue
        if isinstance(target, int):
            bump_rows_written(model, [model(**{f"{key}_id": target})])
        else:  # an expression: any organisation may receive the rows
            OrganisationCounts.objects.update(version=F("version") + 1)


def _organisations_of(model, keys: QuerySet) -> QuerySet:
    if model is StaffRole:
        return StaffMember.objects.filter(pk__in=keys).values("organisation_id")
    if model is Unit:
        return District.objects.filter(pk__in=keys).values("organisation_id")
    return keys


def _bump_organisations(organisation_ids: QuerySet) -> None:
    OrganisationCounts.objects.filter(organisation_id__in=organisation_ids).update(version=F("version") + 1)


@receiver(post_save, sender=Organisation)
def _organisation_made(sender, instance, created, **kwargs):
    if created:
        OrganisationCounts.objects.get_or_create(organisation=instance)


@receiver([post_save, post_delete], sender=StaffMember)
def _staff_written(sender, instance, **kwargs):
    _bump("%s", [instance.organisation_id])


@receiver([post_save, post_delete], sender=District)
def _district_written(sender, instance, **kwargs):
    _bump("%s", [instance.organisation_id])


@receiver([post_save, post_delete], sender=Unit)
def _unit_written(sender, instance, **kwargs):
    _bump(f"(SELECT organisation_id FROM {District._meta.db_table} WHERE id = %s)", [instance.district_id])


@receiver([post_save, post_delete], sender=StaffRole)
def _role_written(sender, instance, **kwargs):
    _bump(f"(SELECT organisation_id FROM {StaffMember._meta.db_table} WHERE id = %s)", [instance.staff_id])
