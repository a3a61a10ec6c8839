"""The plans overview's district rows of an organisation, counted once a day and again after a write that changes them.

An organisation-wide reader's overview sums its districts' plans in the state shown, with their overdue items. The
overdue items depend on today, so no tally kept by the writes can hold them (an item falls due at midnight without
a write): on the national seed they were counted over ~4,300 plans in progress and their open items on every request
(~15 ms, against ~4 on the city seed). So the rows last counted are kept in models.PlanOverviewCounts, per state, with
the day and the versions of the data they were counted at:

- every write that moves the organisation's tally (services.tallies: a plan created, closed or reopened, an item
  added, ticked or moved in or out of the profile, staff or units moved between districts, a recount) bumps the
  row's `version` in the writing transaction; the districts' names are the organisation's
  districts.models.OrganisationCounts version, which every write to its staff, districts and units bumps;
- the overview reads its kept rows in one query, and uses them only when counted today at both versions now;
- having counted, it keeps them with the versions read before counting, and only if the tally's version is still
  that (UPDATE ... WHERE version = read): a write committed during the count is never hidden, and a row held by a
  writing transaction is skipped, not waited for (SKIP LOCKED): the next read counts again.

The same row keeps, in `orders`, the first plans of the unfiltered list in an order that costs a pass over every plan
in the state (by overdue items: ~4,300 plans in progress on the national seed, each one's open items counted from
their index, ~14 ms on every request for the same page). The order depends on the plans in the state, their items'
ticks and profile (the tally's version), today, and the staff's names that break ties (the districts' version, which
every write to staff bumps): it is kept and read again under the same rules. The rows of a page are read afresh.

An organisation's row is made with it (and by migration 0018 for those before): a write only bumps an existing row,
so rows can never be kept for data older than a write they did not see.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Subquery

from checklists.models import PlanOverviewCounts
from districts.models import OrganisationCounts


@dataclass(frozen=True)
class Kept:
    """What one read found: what was kept under the key (None when stale), and the versions now.

    `overview` is the district rows and plan count of a state (kept_overview), or the first plans' ids of a list's
    order (kept_order)."""

    overview: tuple[list[dict], int] | list[int] | None
    version: int | None
    districts_version: int | None


def kept_overview(*, organisation_id: int, state: str, today: datetime.date) -> Kept:
    """Return the organisation's district rows and plan count kept for `state`, if counted today at today's versions."""
    read = _kept(organisation_id=organisation_id, column="kept", key=state, today=today)
    if read.overview is None:
        return read
    return Kept((read.overview["rows"], read.overview["plan_count"]), read.version, read.districts_version)


def keep_overview(
    *, organisation_id: int, state: str, today: datetime.date, read: Kept, overview: tuple[list[dict], int]
) -> None:
    """Keep rows counted after `read`, unless a write has bumped the tally's version since (the next read recounts)."""
    summaries, plan_count = overview
    _keep(
        organisation_id=organisation_id,
        column="kept",
        key=state,
        today=today,
        read=read,
        value={"rows": summaries, "plan_count": plan_count},
    )


# How many of a list's first plans an order keeps: its first ten pages. A page further on is picked by the database.
KEPT_ORDER_LENGTH = 250


def kept_order(*, organisation_id: int, key: str, today: datetime.date) -> Kept:
    """Return the ids of the first plans of the organisation's list in the order `key` names (state and sort), if
    picked today at today's versions, as `overview`."""
    read = _kept(organisation_id=organisation_id, column="orders", key=key, today=today)
    if read.overview is None:
        return read
    return Kept(read.overview["ids"], read.version, read.districts_version)


def keep_order(*, organisation_id: int, key: str, today: datetime.date, read: Kept, ids: list[int]) -> None:
    """Keep the first plans' ids picked after `read`, unless a write has bumped a version since."""
    _keep(
        organisation_id=organisation_id,
        column="orders",
        key=key,
        today=today,
        read=read,
        value={"ids": list(ids[:KEPT_ORDER_LENGTH])},
    )


def _kept(*, organisation_id: int, column: str, key: str, today: datetime.date) -> Kept:
    """Return the entry kept under `key` in `column` as `overview` (None when stale), with the versions now."""
    found = (
        PlanOverviewCounts.objects.filter(organisation_id=organisation_id)
        .annotate(
            districts_version=Subquery(
                OrganisationCounts.objects.filter(organisation_id=organisation_id).values("version")[:1]
            )
        )
        .values_list("version", "districts_version", f"{column}__{key}")
        .first()
    )
    if found is None:  # an organisation without its row: counted every time, never kept
        return Kept(None, None, None)
    version, districts_version, entry = found
    valid = (
        entry is not None
        and districts_version is not None
        and entry.get("on") == today.isoformat()
        and entry.get("version") == version
        and entry.get("districts_version") == districts_version
    )
    return Kept(entry if valid else None, version, districts_version)


def _keep(*, organisation_id: int, column: str, key: str, today: datetime.date, read: Kept, value: dict) -> None:
    if read.version is None or read.districts_version is None:
        return
    rows = PlanOverviewCounts.objects.filter(organisation_id=organisation_id, version=read.version)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # A writer holding the row (a tick not yet committed) is not waited for: the next read counts again.
            rows = rows.select_for_update(skip_locked=True)
        kept = rows.values_list(column, flat=True).first()
        if kept is None:
            return
        kept[key] = {
            "on": today.isoformat(),
            "version": read.version,
            "districts_version": read.districts_version,
            **value,
        }
        rows.update(**{column: kept})
