"""Shared reads for the reports: the rounds, staff and threshold a user's report may cover.

Each report's own computation lives in a module named for it (`enrolment`, `survey_results`,
`equality`, `participation`, `needs`); they all start from these scoped querysets.
"""

import datetime

from django.db.models import Q, QuerySet

from courses.models import CourseRound, RoundStatus
from districts import access, clock, org_counts
from districts import dashboard as district_dashboard
from districts import selectors as district_selectors
from districts.models import StaffMember
from reports.filters import ReportFilters
from reports.suppression import Suppressor, for_organisation


def rounds_for(*, user, filters: ReportFilters) -> QuerySet[CourseRound]:
    """Return the non-cancelled rounds of the user's organisation that start in the period."""
    rounds = access.restrict_by_organisation(user, CourseRound.objects.all(), "course__organisation")
    rounds = rounds.exclude(status=RoundStatus.CANCELLED).filter(starts_on__range=(filters.start, filters.end))
    if filters.course_id:
        rounds = rounds.filter(course_id=filters.course_id)
    if filters.organisation_id:
        rounds = rounds.filter(course__organisation_id=filters.organisation_id)
    return rounds


def staff_condition(*, user, filters: ReportFilters, path: str) -> Q:
    """Return the condition on the staff member reached by `path` (e.g. "nominations__staff").

    District-scoped users count only staff of the districts they see; organisation-wide readers also
    count staff without a unit (see `unitless_staff_condition`); the district and area filters narrow further.
    """
    condition = Q(**{f"{path}__unit__district__in": access.visible_districts(user).values("pk")})
    if not filters.district_id and not filters.area:
        condition |= unitless_staff_condition(user=user, path=path)
    if filters.district_id:
        condition &= Q(**{f"{path}__unit__district_id": filters.district_id})
    if filters.area:
        condition &= Q(**{f"{path}__unit__area": filters.area})
    if filters.organisation_id:
        condition &= Q(**{f"{path}__organisation_id": filters.organisation_id})
    return condition


def staff_scope_condition(*, user, filters: ReportFilters, path: str) -> Q:
    """Return the condition `staff_condition` gives, said on the staff row alone where that is the same rows.

    For an organisation-wide reader without a district or area filter the staff counted are the organisation's
    (a unit is of its staff member's organisation, staff_update checks it, so the visible districts' units and the
    unitless hold exactly them): one column of the staff row, with no join to the units and the districts to
    test. Others get `staff_condition` with the organisation added, which PostgreSQL reads by its index.
    """
    organisation_id = access.whole_organisation_id(user)
    if organisation_id is None:
        return staff_condition(user=user, filters=filters, path=path)
    condition = Q(**{f"{path}__organisation_id": organisation_id})
    if filters.district_id or filters.area:
        condition &= staff_condition(user=user, filters=filters, path=path)
    elif filters.organisation_id:
        condition &= Q(**{f"{path}__organisation_id": filters.organisation_id})
    return condition


def district_row_condition(*, user, filters: ReportFilters) -> Q | None:
    """Return the condition on a row kept per (organisation, district) (None: staff without a unit) that keeps the
    rows of the staff `staff_condition` keeps; None when the filters ask for an area, which rows per district cannot
    answer (the area is the unit's)."""
    if filters.area:
        return None
    condition = Q(district__in=access.visible_districts(user).values("pk"))
    if not filters.district_id:
        condition |= _unitless_condition(user=user, no_unit="district__isnull", organisation="organisation_id", pk="pk")
    if filters.district_id:
        condition &= Q(district_id=filters.district_id)
    if filters.organisation_id:
        condition &= Q(organisation_id=filters.organisation_id)
    return condition


def unitless_staff_condition(*, user, path: str = "") -> Q:
    """Return the condition for staff without a unit that the user's reports count: organisation-wide
    readers count them (under "Utan enhet"); a district-scoped reader cannot tell they are theirs."""
    prefix = f"{path}__" if path else ""
    return _unitless_condition(
        user=user, no_unit=f"{prefix}unit__isnull", organisation=f"{prefix}organisation_id", pk=f"{prefix}pk"
    )


def _unitless_condition(*, user, no_unit: str, organisation: str, pk: str) -> Q:
    scope = access.scope_for(user)
    if scope.is_superuser:
        return Q(**{no_unit: True})
    if scope.is_organisation_wide and scope.organisation_id:
        return Q(**{no_unit: True, organisation: scope.organisation_id})
    return Q(**{f"{pk}__in": []})


def reads_whole_organisation(*, user) -> bool:
    """Return whether the user reads reports for the whole organisation (and so counts staff without a unit)."""
    scope = access.scope_for(user)
    return scope.is_superuser or scope.is_organisation_wide


def hires_for(
    *,
    user,
    filters: ReportFilters,
    start: datetime.date,
    end: datetime.date | None,
    today: datetime.date | None = None,
    role_by_row: bool = False,
) -> QuerySet[StaffMember]:
    """Return the new hires of [start, end] (`districts.selectors.new_hire_condition`) in the districts the
    user may see (and, for organisation-wide readers without a district or area filter, those without a unit).

    `role_by_row`: each hire's role is probed by index (`districts.selectors.holds_role`), with no join, so the rows
    are distinct without DISTINCT; for a period's hires rather than the whole database's.
    """
    where = Q(unit__district__in=access.visible_districts(user).values("pk"))
    if not filters.district_id and not filters.area:
        where |= unitless_staff_condition(user=user)
    organisation_id = access.whole_organisation_id(user)
    if organisation_id is not None:
        # The same rows (a unit is of its staff member's organisation, staff_update checks it), but said on the
        # staff row PostgreSQL walks the (organisation, employment start) index instead of scanning every staff
        # member of the database and joining the districts to keep them (a year's hires on the national seed:
        # 24 ms to 5 ms).
        where &= Q(organisation_id=organisation_id)
    return StaffMember.objects.filter(
        where, district_selectors.new_hire_condition(start=start, end=end, today=today, role_by_row=role_by_row)
    ).filter(_narrowing(filters))


def new_hires_count(*, user, today: datetime.date | None = None) -> int:
    """Count the new hires the dashboard counts (the last two years) that the user may see.

    An organisation-wide reader's are the organisation's, which its dashboard keeps (districts.org_counts): read
    when kept for today's data. Counted, they were a scan of every staff member and role of the database (~15 ms
    idle, 37 ms on the busy national seed, and the capacity plan's p95 of 2.2 s in the bench's load run).
    """
    today = today or clock.today()
    kept = _kept_hire_counts(user=user, today=today)
    if kept is not None:
        return kept[district_dashboard.HIRE_COUNTS.index("hires")]
    start, end = district_selectors.new_hire_window(today=today)
    everything = ReportFilters(start=start, end=start)
    # Distinct ids, not whole rows: grouping every column of thousands of staff rows cost more than finding them.
    hires = hires_for(user=user, filters=everything, start=start, end=end, today=today)
    return hires.values("pk").distinct().count()


def _kept_hire_counts(*, user, today: datetime.date) -> list[int] | None:
    organisation_id = access.whole_organisation_id(user)
    if organisation_id is None:
        return None
    return org_counts.kept_count(organisation_id=organisation_id, today=today, name="hire_counts")


def _narrowing(filters: ReportFilters) -> Q:
    condition = Q()
    if filters.district_id:
        condition &= Q(unit__district_id=filters.district_id)
    if filters.area:
        condition &= Q(unit__area=filters.area)
    if filters.organisation_id:
        condition &= Q(organisation_id=filters.organisation_id)
    return condition


def suppressor_for(*, user, filters: ReportFilters | None = None) -> Suppressor:
    """Return the small-group rule of the organisation the report covers (the strictest when several)."""
    organisations = access.visible_organisations(user)
    if filters is not None and filters.organisation_id:
        organisations = organisations.filter(pk=filters.organisation_id)
    thresholds = list(organisations.values_list("small_group_threshold", flat=True))
    return Suppressor(max(thresholds)) if thresholds else for_organisation(None)
