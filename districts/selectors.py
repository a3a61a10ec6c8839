"""Reads of the organisation and its staff, already joined and scoped through districts.access."""

import datetime
from dataclasses import dataclass

from django.db.models import BigIntegerField, BooleanField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from districts import access, arrays, clock
from districts.compiled import CompiledRead
from districts.models import District, ImportRecord, Organisation, Role, StaffMember, StaffRole, Unit
from districts.search import matching_staff

NEW_HIRE_YEARS = 2  # a social worker is a beginner (and a "new hire") for the first two years


def moved_districts_conditions(*, district_ids, organisation_id: int | None = None) -> tuple[Q, Q]:
    """Return the conditions on rows with a staff member and on tally rows kept per (organisation, district) for
    these districts (None: staff without a unit, of `organisation_id` only when given), as a move recounts them."""
    district_ids = set(district_ids)
    ids = [pk for pk in district_ids if pk is not None]
    of_staff, of_rows = Q(staff__unit__district_id__in=ids), Q(district_id__in=ids)
    if None in district_ids:
        no_unit, no_district = Q(staff__unit__isnull=True), Q(district__isnull=True)
        if organisation_id is not None:
            no_unit &= Q(staff__organisation_id=organisation_id)
            no_district &= Q(organisation_id=organisation_id)
        of_staff, of_rows = of_staff | no_unit, of_rows | no_district
    return of_staff, of_rows


def new_hire_cutoff(*, today: datetime.date | None = None) -> datetime.date:
    """Return the first employment start that still counts as a new hire."""
    today = today or clock.today()
    try:
        return today.replace(year=today.year - NEW_HIRE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - NEW_HIRE_YEARS, day=28)


def holds_role(role: str) -> Subquery:
    """Return the condition that the staff member of the row holds `role`, looked up row by row.

    A subquery with a LIMIT stays a subquery, so PostgreSQL probes the (staff, role) index for each of the rows
    it keeps; joined (`roles__role`) over a whole set it hashed every role of the database instead (49,000 on the
    national seed, most of them socialsekreterare), and the join made callers count DISTINCT.
    """
    found = StaffRole.objects.filter(staff=OuterRef("pk"), role=role).values(held=Value(True))[:1]
    return Subquery(found, output_field=BooleanField())


def new_hire_condition(
    *,
    start: datetime.date,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
    prefix: str = "",
    role_by_row: bool = False,
) -> Q:
    """Return the condition for a new hire (nyanställd) of [start, end]: the one definition every count uses.

    A new hire is a socialsekreterare whose employment began in the period (`end` None: no upper
    limit, so someone starting next month already counts, as their plan starts before day one) and
    who had not left by the period's end, or by today if that comes first (`left_by`: from their last
    day on a leaver has left the programme and their plan is closed). The dashboard counts the new hires of the last
    NEW_HIRE_YEARS years (`new_hire_window`), the equality report those of its period and the
    capacity plan a year's share of the dashboard's. Join on roles: callers count distinct staff; with
    `role_by_row` (no prefix) the role is looked up row by row instead (`holds_role`), for the few rows of a window.
    """
    today = today or clock.today()
    employment = {f"{prefix}employment_start__gte": start}
    if end is not None:
        employment[f"{prefix}employment_start__lte"] = end
    if role_by_row:
        if prefix:
            raise ValueError("holds_role probes the outer row itself; it takes no prefix")
        role = Q(holds_role(Role.SOCIALSEKRETERARE))
    else:
        role = Q(**{f"{prefix}roles__role": Role.SOCIALSEKRETERARE})
    return Q(**employment) & role & ~left_by(day=min(end, today) if end is not None else today, prefix=prefix)


def new_hire_window(*, today: datetime.date | None = None) -> tuple[datetime.date, None]:
    """Return the (start, end) of "new hires" on the dashboard and staff lists: the last two years, open-ended."""
    return new_hire_cutoff(today=today), None


def employed_on(*, day: datetime.date, prefix: str = "") -> Q:
    """Return the condition for staff still employed on `day` (no end date, or one not yet passed)."""
    return Q(**{f"{prefix}employment_end__isnull": True}) | Q(**{f"{prefix}employment_end__gte": day})


def currently_employed(*, queryset: QuerySet[StaffMember], today: datetime.date | None = None):
    """Keep the staff whose employment has not ended (the default everywhere staff are listed or picked)."""
    return queryset.filter(employed_on(day=today or clock.today()))


def left_by(*, day: datetime.date, prefix: str = "") -> Q:
    """Return the condition for staff whose employment has ended by `day`, its last day included (leavers).

    From that day their future bookings are cancelled and their plan is closed (checklists.services.departures),
    so they no longer count as hires anyone is introducing.
    """
    return Q(**{f"{prefix}employment_end__lte": day})


def current_hires(*, queryset: QuerySet[StaffMember], today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Keep the hires being introduced now: socialsekreterare hired within two years who have not left.

    The one definition every dashboard panel about "my hires" counts (the 1:e socialsekreterare's, the
    enhetschef's, the district's), so two panels never show different numbers for the same people.
    """
    today = today or clock.today()
    start, end = new_hire_window(today=today)
    # Two years of hires are a few thousand rows nationally: each row's role is probed by index (holds_role).
    return queryset.filter(new_hire_condition(start=start, end=end, today=today, role_by_row=True))


def supervised_hires(*, user, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the current hires (see current_hires) the user supervises as 1:e socialsekreterare."""
    return current_hires(queryset=access.staff_in_circle(user, access.Circle.SUPERVISED), today=today)


def unit_hires(*, user, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the current hires (see current_hires) of the unit the user leads as enhetschef."""
    return current_hires(queryset=access.staff_in_circle(user, access.Circle.UNIT), today=today)


def units_for_staff(*, user, staff: StaffMember) -> QuerySet[Unit]:
    """Return the units the user may move this staff member to: the visible units of the person's organisation."""
    return access.visible_units(user).filter(district__organisation_id=staff.organisation_id)


def own_organisation(*, user) -> Organisation | None:
    """Return the user's own organisation, or None when they belong to none."""
    return access.visible_organisations(user).filter(pk=access.scope_for(user).organisation_id).first()


@dataclass(frozen=True)
class StaffFilters:
    """What the staff list is narrowed to; empty values mean no filter."""

    search: str = ""
    district_id: int | None = None
    unit_id: int | None = None
    area: str = ""
    role: str = ""
    employment_type: str = ""
    competence_level: str = ""
    new_hires: bool = False
    include_ended: bool = False  # "Visa även avslutade": without it, people who have left are not listed


def _with_staff_relations(queryset: QuerySet[StaffMember]) -> QuerySet[StaffMember]:
    return queryset.select_related("unit__district", "supervisor", "mentor").prefetch_related(
        Prefetch("roles", queryset=StaffRole.objects.order_by("role"))
    )


# The attribute staff_list leaves each person's roles in (by role), for the staff table (districts.templatetags).
LISTED_ROLES = "listed_roles"
# What the staff table shows of each person (or links by): the rest of the row is left unread.
STAFF_TABLE_FIELDS = (
    "organisation_id",
    "first_name",
    "last_name",
    "work_email",
    "employment_start",
    "employment_end",
    "competence_level",
    "unit__name",
    "unit__district__name",
    "supervisor__first_name",
    "supervisor__last_name",
    "mentor__first_name",
    "mentor__last_name",
)


def _with_staff_table_relations(queryset: QuerySet[StaffMember]) -> QuerySet[StaffMember]:
    # The roles as a plain list (to_attr), not as each person's `roles` manager: building that manager's queryset
    # for each of a page's 50 people was a sixth of the staff list's time (cProfile, national seed, page 50).
    # Only the table's columns (districts.templatetags.staff_table): the supervisor's and mentor's whole rows, with
    # every row's three timestamps, were most of what a page's 50 people read.
    return (
        queryset.select_related("unit__district", "supervisor", "mentor")
        .only(*STAFF_TABLE_FIELDS)
        .prefetch_related(Prefetch("roles", queryset=StaffRole.objects.order_by("role"), to_attr=LISTED_ROLES))
    )


class TableName:
    """A unit's district or a person (a supervisor, a mentor, a plan's hire) as far as a list's rows read them."""

    __slots__ = ("first_name", "last_name", "name", "unit")

    def __init__(self, *, name=None, first_name=None, last_name=None, unit=None):
        self.name, self.first_name, self.last_name, self.unit = name, first_name, last_name, unit

    full_name = StaffMember.full_name


class TableUnit:
    """A person's unit as far as a list's rows read it: the model's own `with_district`, so the text is the same."""

    __slots__ = ("district", "name")

    def __init__(self, *, name, district):
        self.name, self.district = name, district

    with_district = Unit.with_district


class _TableRole:
    __slots__ = ("role",)

    def __init__(self, role):
        self.role = role


class StaffTableRow:
    """One person as the staff table (districts.templatetags.staff_table) reads them, built from plain values.

    A page's 50 people as model instances, each with a unit, district, supervisor and mentor instance and a roles
    prefetch, were most of the staff search's Python time (pyinstrument, national seed: about 5 ms of a 19 ms page);
    read as values they are a fraction of it. The same attributes, so the rows render byte for byte the same."""

    __slots__ = (
        "competence_level",
        "employment_end",
        "employment_start",
        "first_name",
        "last_name",
        "listed_roles",
        "mentor",
        "pk",
        "supervisor",
        "unit",
        "work_email",
    )


_STAFF_TABLE_VALUES = (
    "pk",
    "first_name",
    "last_name",
    "work_email",
    "employment_start",
    "employment_end",
    "competence_level",
    "unit_id",
    "unit__name",
    "unit__district__name",
    "supervisor_id",
    "supervisor__first_name",
    "supervisor__last_name",
    "mentor_id",
    "mentor__first_name",
    "mentor__last_name",
)


def _staff_table_values_of(*, ids: list) -> QuerySet:
    # The ids as one array parameter (= ANY), not one parameter each (IN): one input to swap, whatever the page.
    return StaffMember.objects.filter(arrays.AmongIds("pk", ids)).values(*_STAFF_TABLE_VALUES)


def _staff_table_roles_of(*, ids: list) -> QuerySet:
    return StaffRole.objects.filter(arrays.AmongIds("staff_id", ids)).order_by("role").values("staff_id", "role")


# Their SQL is the same for every page, the ids their one varying input: building and compiling the joined read
# through the list's filters was most of what reading a page's rows cost (national seed: ~1.9 ms CPU, ~0.5 ms).
_staff_table_values = CompiledRead(_staff_table_values_of, varying=("ids",))
_staff_table_roles = CompiledRead(_staff_table_roles_of, varying=("ids",))


def staff_table_rows(queryset: QuerySet[StaffMember], ids: list) -> dict:
    """Return the people of `ids`, picked from `queryset` in this request, as StaffTableRow by id, with their roles.

    Read by id alone: the ids were just picked through `queryset`'s scope and filters. Two queries, as the model
    rows with their roles prefetch took: the rows, then their roles in role order."""
    if not ids:
        return {}
    found = _staff_table_values.rows(ids=list(ids))
    roles = _staff_table_roles.rows(ids=list(ids))
    rows = {}
    for values in found:
        row = StaffTableRow()
        row.pk, row.first_name, row.last_name = values["pk"], values["first_name"], values["last_name"]
        row.work_email, row.competence_level = values["work_email"], values["competence_level"]
        row.employment_start, row.employment_end = values["employment_start"], values["employment_end"]
        row.unit = row.supervisor = row.mentor = None
        if values["unit_id"] is not None:
            district = values["unit__district__name"]
            district = None if district is None else TableName(name=district)
            row.unit = TableUnit(name=values["unit__name"], district=district)
        if values["supervisor_id"] is not None:
            row.supervisor = TableName(
                first_name=values["supervisor__first_name"], last_name=values["supervisor__last_name"]
            )
        if values["mentor_id"] is not None:
            row.mentor = TableName(first_name=values["mentor__first_name"], last_name=values["mentor__last_name"])
        row.listed_roles = []
        rows[row.pk] = row
    for role in roles:
        rows[role["staff_id"]].listed_roles.append(_TableRole(role["role"]))
    return rows


def visible_staff_matching(*, user, search: str, max_words: int | None = None) -> QuerySet[StaffMember]:
    """Return the staff the user may see with every word of `search` in their name or work e-mail (all when empty).

    The one staff search of every list (the staff list, the plans overview), so that each reads the words of the
    reader's own organisation from staff_org_search_trgm_idx (districts migration 0017; a test checks the plan)."""
    visible = access.visible_staff(user)
    organisation_id = access.whole_organisation_id(user)
    if search.split() and organisation_id is not None:
        # The organisation the reader sees whole (visible_staff's own condition) once more, as a bigint and first:
        # PostgreSQL keeps one of the two equal conditions, the first, and only a bigint one can be looked up with
        # the words in staff_org_search_trgm_idx; with the integer alone it reads every organisation's candidates.
        visible = StaffMember.objects.filter(organisation_id=Cast(Value(organisation_id), BigIntegerField())) & visible
    return matching_staff(queryset=visible, search=search, max_words=max_words)


def staff_list(*, user, filters: StaffFilters | None = None, today: datetime.date | None = None):
    """Return the staff the user may see, filtered, joined and ordered by name, each with `listed_roles`."""
    filters = filters or StaffFilters()
    queryset = visible_staff_matching(user=user, search=filters.search)
    if filters.district_id:
        queryset = queryset.filter(unit__district_id=filters.district_id)
    if filters.unit_id:
        queryset = queryset.filter(unit_id=filters.unit_id)
    if filters.area:
        queryset = queryset.filter(unit__area=filters.area)
    if filters.role:
        queryset = queryset.filter(roles__role=filters.role)
    if filters.employment_type:
        queryset = queryset.filter(employment_type=filters.employment_type)
    if filters.competence_level:
        queryset = queryset.filter(competence_level=filters.competence_level)
    if filters.new_hires:
        start, end = new_hire_window(today=today)
        queryset = queryset.filter(new_hire_condition(start=start, end=end, today=today)).distinct()
    if not filters.include_ended:
        queryset = currently_employed(queryset=queryset, today=today)
    return _with_staff_table_relations(queryset).order_by("last_name", "first_name", "pk")


def staff_get(*, user, pk: int) -> StaffMember:
    """Return one staff member the user may see, with unit, supervisor, mentor and roles; 404 otherwise."""
    return get_object_or_404(_with_staff_relations(access.visible_staff(user)), pk=pk)


def staff_get_changeable(*, user, pk: int) -> StaffMember:
    """Return one staff member the user may edit; 404 otherwise."""
    return get_object_or_404(_with_staff_relations(access.changeable_staff(user)), pk=pk)


def staff_supervised_by(*, user, staff: StaffMember) -> QuerySet[StaffMember]:
    """Return the visible people `staff` supervises as 1:e socialsekreterare."""
    return (
        access.visible_staff(user)
        .filter(supervisor=staff)
        .select_related("unit", "mentor")
        .order_by("-employment_start", "last_name")
    )


def staff_mentees_of(*, user, staff: StaffMember) -> QuerySet[StaffMember]:
    """Return the visible people `staff` is fadder for."""
    return access.visible_staff(user).filter(mentor=staff).select_related("unit").order_by("last_name")


def supervisor_candidates(*, organisation_id: int) -> QuerySet[StaffMember]:
    """Return the 1:e socialsekreterare of the organisation, who may supervise hires."""
    return (
        StaffMember.objects.filter(organisation_id=organisation_id, roles__role=Role.FORSTE_SOCIALSEKRETERARE)
        .select_related("unit")
        .order_by("last_name", "first_name")
        .distinct()
    )


def mentor_candidates(*, organisation_id: int) -> QuerySet[StaffMember]:
    """Return the organisation's staff, any of whom may be a fadder."""
    return (
        StaffMember.objects.filter(organisation_id=organisation_id)
        .select_related("unit")
        .order_by("last_name", "first_name")
    )


def district_list(*, user) -> QuerySet[District]:
    """Return the visible districts with their number of visible units and staff."""
    units = access.visible_units(user)
    employed = employed_on(day=clock.today(), prefix="units__staff__")
    return (
        access.visible_districts(user)
        .select_related("organisation")
        .annotate(
            unit_count=Count("units", filter=Q(units__in=units.values("pk")), distinct=True),
            staff_count=Count("units__staff", filter=Q(units__in=units.values("pk")) & employed, distinct=True),
        )
        .order_by("organisation__name", "name")
    )


def district_get(*, user, pk: int) -> District:
    return get_object_or_404(access.visible_districts(user).select_related("organisation"), pk=pk)


def unit_list(*, user, district_id: int | None = None, area: str = "") -> QuerySet[Unit]:
    """Return the visible units with their staff counts (all staff and new hires)."""
    queryset = access.visible_units(user)
    if district_id:
        queryset = queryset.filter(district_id=district_id)
    if area:
        queryset = queryset.filter(area=area)
    start, end = new_hire_window()
    employed = employed_on(day=clock.today(), prefix="staff__")
    return (
        queryset.select_related("district")
        .annotate(
            staff_count=Count("staff", filter=employed, distinct=True),
            new_hire_count=Count(
                "staff", filter=new_hire_condition(start=start, end=end, prefix="staff__"), distinct=True
            ),
        )
        .order_by("district__name", "name")
    )


def unit_get(*, user, pk: int) -> Unit:
    return get_object_or_404(access.visible_units(user).select_related("district__organisation"), pk=pk)


def unit_staff(*, user, unit: Unit) -> QuerySet[StaffMember]:
    """Return the staff of a unit that the user may see."""
    return staff_list(user=user, filters=StaffFilters(unit_id=unit.pk))


def filter_choices(*, user) -> dict:
    """Return the districts and units offered in the staff list's filters."""
    return {
        "districts": access.visible_districts(user).order_by("name"),
        "units": access.visible_units(user).select_related("district").order_by("district__name", "name"),
    }


def _district_options_of(*, user) -> QuerySet:
    return filter_choices(user=user)["districts"].values("pk", "name")


def _unit_options_of(*, user) -> QuerySet:
    return filter_choices(user=user)["units"].values("pk", "name", "district__name")


# Their SQL follows from the reader's scope alone: building and compiling the two reads was most of what the staff
# list's two selects cost (national seed: ~2 ms a request for 50 districts and 400 units, ~0.3 ms of it running them).
_district_options = CompiledRead(_district_options_of)
_unit_options = CompiledRead(_unit_options_of)


def district_options(*, user) -> list[tuple[int, str]]:
    """Return the (id, name) of the districts `filter_choices` offers, in its order, read as they are now."""
    return [(row["pk"], row["name"]) for row in _district_options.rows(user=user)]


def unit_options(*, user) -> list[tuple[int, str]]:
    """Return the (id, "unit (district)") of the units `filter_choices` offers, in its order, read as they are now."""
    return [(row["pk"], f"{row['name']} ({row['district__name']})") for row in _unit_options.rows(user=user)]


def recent_imports(*, user, limit: int = 10) -> QuerySet[ImportRecord]:
    """Return the latest staff imports of the user's organisation, with who made them."""
    imports = access.restrict_by_organisation(user, ImportRecord.objects.all(), "organisation_id")
    return imports.select_related("actor__staff_member")[:limit]
