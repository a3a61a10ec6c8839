"""Report 5: the competence levels of the social workers per unit, district and area, as they stand today.

Counts the staff employed today who hold the role socialsekreterare or 1:e socialsekreterare, by the
level last decided for them (`StaffMember.competence_level`, which competence reviews set). Units,
districts, areas and the whole add up to each other and every row's levels to its total, so the
tables are protected together (`suppression.protect_cells`) as the equality report's are.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from districts import access, clock
from districts import selectors as district_selectors
from districts.models import Area, CompetenceLevel, Role, StaffMember
from reports import charts, selectors
from reports.filters import ReportFilters
from reports.suppression import Line, Suppressor, protect_cells
from reports.tables import Column, Kind, Report, Table

LEVELS = tuple(CompetenceLevel)
COUNTED_ROLES = (Role.SOCIALSEKRETERARE, Role.FORSTE_SOCIALSEKRETERARE)
# The cells of a row after its labels: one per level, then the row's total.
FIRST, TOTAL = 1, 1 + len(LEVELS)


def counted_staff(*, user, filters: ReportFilters):
    """Return the social workers employed today in the districts the user reads (and, for organisation-wide
    readers without a district or area filter, those without a unit)."""
    where = Q(unit__district__in=access.visible_districts(user).values("pk"))
    if not filters.district_id and not filters.area:
        where |= selectors.unitless_staff_condition(user=user)
    staff = StaffMember.objects.filter(
        where, district_selectors.employed_on(day=clock.today()), roles__role__in=COUNTED_ROLES
    )
    if filters.district_id:
        staff = staff.filter(unit__district_id=filters.district_id)
    if filters.area:
        staff = staff.filter(unit__area=filters.area)
    if filters.organisation_id:
        staff = staff.filter(organisation_id=filters.organisation_id)
    return staff


def level_counts(*, user, filters: ReportFilters) -> dict[tuple, dict[str, int]]:
    """Count people per (district name, unit name, area) and level in one query; a person counts once."""
    rows = (
        counted_staff(user=user, filters=filters)
        .values("unit__district__name", "unit__name", "unit__area", "competence_level")
        .annotate(people=Count("pk", distinct=True))
        .order_by()
    )
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CompetenceLevel.values, 0))
    for row in rows:
        key = (row["unit__district__name"], row["unit__name"], row["unit__area"])
        counts[key][row["competence_level"]] += row["people"]
    return counts


def _cells(by_level: dict[str, int], suppress: Suppressor) -> list:
    levels = [suppress.count(by_level[level]) for level in CompetenceLevel.values]
    return [*levels, suppress.count(sum(by_level.values()))]


def _summed(parts: list[dict[str, int]]) -> dict[str, int]:
    total = dict.fromkeys(CompetenceLevel.values, 0)
    for part in parts:
        for level, people in part.items():
            total[level] += people
    return total


def _lines(grid_rows: int, groups: list[tuple[list[int], int]]) -> list[Line]:
    """Return the equations: each group's rows add up to its total row, each row's levels to its total."""
    lines: list[Line] = []
    for parts, whole in groups:
        for column in range(FIRST, TOTAL + 1):
            lines.append((tuple((row, column) for row in parts), (whole, column)))
    for row in range(grid_rows):
        lines.append((tuple((row, column) for column in range(FIRST, TOTAL)), (row, TOTAL)))
    return lines


def competence_levels_report(*, user, filters: ReportFilters) -> Report:
    """Build report 5: levels per unit, per district, per area and for the whole, with small groups hidden."""
    suppress = selectors.suppressor_for(user=user, filters=filters)
    counts = level_counts(user=user, filters=filters)
    no_unit = _("Utan enhet")
    unit_keys = sorted(counts, key=lambda key: (key[0] is None, key[0] or "", key[1] or ""))
    districts = sorted({key[0] or no_unit for key in unit_keys}, key=lambda name: (name == no_unit, name))
    areas = sorted({key[2] for key in unit_keys if key[2]}, key=lambda area: Area.values.index(area))
    has_unitless = any(key[0] is None for key in unit_keys)

    # One grid: the units, then the districts, then the areas (and "Utan enhet"), then the whole.
    grid = [["", *_cells(counts[key], suppress)] for key in unit_keys]
    district_start = len(grid)
    by_district = {
        name: _summed([counts[key] for key in unit_keys if (key[0] or no_unit) == name]) for name in districts
    }
    grid += [["", *_cells(by_district[name], suppress)] for name in districts]
    area_start = len(grid)
    by_area = {area: _summed([counts[key] for key in unit_keys if key[2] == area]) for area in areas}
    grid += [["", *_cells(by_area[area], suppress)] for area in areas]
    if has_unitless:
        grid.append(["", *_cells(by_district[no_unit], suppress)])
    whole_index = len(grid)
    grid.append(["", *_cells(_summed(list(counts.values())), suppress)])

    groups = [
        ([i for i, key in enumerate(unit_keys) if (key[0] or no_unit) == name], district_start + d)
        for d, name in enumerate(districts)
    ]
    groups += [
        ([i for i, key in enumerate(unit_keys) if key[2] == area], area_start + a) for a, area in enumerate(areas)
    ]
    groups.append((list(range(district_start, area_start)), whole_index))
    groups.append((list(range(area_start, whole_index)), whole_index))
    protect_cells(grid, _lines(len(grid), groups))

    level_columns = [Column(str(level.label), Kind.COUNT) for level in LEVELS]
    total_column = Column(_("Totalt"), Kind.COUNT)
    whole_label = _("Hela organisationen")
    whole = [whole_label, *grid[whole_index][1:]]
    district_table = Table(
        title=_("Per stadsdel"),
        columns=[Column(_("Stadsdel"), Kind.TEXT), *level_columns, total_column],
        rows=[[name, *grid[district_start + d][1:]] for d, name in enumerate(districts)],
        total=whole,
        note=_(
            "Socialsekreterare och 1:e socialsekreterare som är anställda i dag, efter den kompetensnivå som senast "
            "beslutades för dem (vid en kompetensprövning eller i personalregistret). En person räknas en gång."
        ),
        empty_text=_("Inga socialsekreterare att räkna."),
    )
    area_rows = [[str(Area(area).label), *grid[area_start + a][1:]] for a, area in enumerate(areas)]
    if has_unitless:
        area_rows.append([no_unit, *grid[whole_index - 1][1:]])
    area_table = Table(
        title=_("Per område"),
        columns=[Column(_("Område"), Kind.TEXT), *level_columns, total_column],
        rows=area_rows,
        total=list(whole),
    )
    unit_table = Table(
        title=_("Per enhet"),
        columns=[Column(_("Stadsdel"), Kind.TEXT), Column(_("Enhet"), Kind.TEXT), Column(_("Område"), Kind.TEXT),
                 *level_columns, total_column],
        rows=[
            [key[0] or "–", key[1] or no_unit, str(Area(key[2]).label) if key[2] else "–", *grid[i][1:]]
            for i, key in enumerate(unit_keys)
        ],
        summed=(),
    )  # fmt: skip
    district_table.chart = charts.bar_chart(
        title=_("Personer per kompetensnivå"),
        categories=[str(level.label) for level in LEVELS],
        series=[charts.Series(_("Personer"), [whole[FIRST + i] for i in range(len(LEVELS))])],
    )
    return Report(
        title=_("Kompetensnivåer"),
        tables=[district_table, area_table, unit_table],
        filters_text=_competence_filters_text(filters),
        slug="kompetensnivaer",
    )


def _competence_filters_text(filters: ReportFilters) -> str:
    """Describe the report as of today; the period of the other reports does not apply to a standing."""
    today = _("Läget %(day)s") % {"day": date_format(clock.today(), "j F Y")}
    rest = [part for part in filters.describe.split(" · ") if part and not part.startswith(_("Period"))]
    return " · ".join([today, *rest])
