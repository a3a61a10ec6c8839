"""Report 4: which districts and units sent how many people to each course in the period, and which sent none."""

from collections import defaultdict
from types import SimpleNamespace

from django.utils.translation import gettext as _

from courses.models import Course, CourseRound, Nomination
from districts import access
from districts.models import Area, StaffMember, Unit
from reports import charts, selectors
from reports.enrolment import enrolled_condition
from reports.filters import ReportFilters
from reports.non_participation import non_participation_tables
from reports.suppression import protect_table
from reports.tables import Column, Kind, Report, Table


def _courses(user, filters: ReportFilters) -> list[Course]:
    courses = access.restrict_by_organisation(user, Course.objects.all(), "organisation").order_by("kind", "name")
    if filters.course_id:
        courses = courses.filter(pk=filters.course_id)
    if filters.organisation_id:
        courses = courses.filter(organisation_id=filters.organisation_id)
    return list(courses)


def _sent_by_unit(filters: ReportFilters, course_ids: list[int], units) -> dict[int, dict[int, set[int]]]:
    """Return, per unit and course, the staff sent in the period (one query over the period's nominations only).

    Counting from the units joined to every nomination their staff ever had read the whole history of
    the organisation for one year's report; this reads the period's rounds and nothing else. The rounds are
    a subquery of their own (cancelled ones too): filtered through the join, PostgreSQL read every
    nomination of every year to keep one year's (84,756 for 3,116 on the national seed).
    """
    rounds = CourseRound.objects.filter(starts_on__range=(filters.start, filters.end), course_id__in=course_ids)
    sent: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for unit_id, course_id, staff_id in (
        Nomination.objects.filter(
            enrolled_condition(),
            course_round__in=rounds.values("pk"),
            staff__unit__in=units.values("pk"),
        )
        .values_list("staff__unit_id", "course_round__course_id", "staff_id")
        .distinct()
        .order_by()
    ):
        sent[unit_id][course_id].add(staff_id)
    return sent


def _count_sent(item, courses: list[Course], by_course: dict[int, set[int]]) -> None:
    """Set `course_<pk>` (people sent to each course) and `sent_total` (to any of them) on a unit or district."""
    for course in courses:
        setattr(item, f"course_{course.pk}", len(by_course.get(course.pk, ())))
    item.sent_total = len(set().union(*by_course.values())) if by_course else 0


def participation_report(*, user, filters: ReportFilters) -> Report:
    """Build report 4 with one query for the period's nominations, whatever the number of courses and units."""
    suppress = selectors.suppressor_for(user=user, filters=filters)
    courses = _courses(user, filters)
    course_ids = [course.pk for course in courses]
    districts = access.visible_districts(user)
    # Reports are scoped by district: an enhetschef sees every unit of their district, as utbildarstöd does.
    units = Unit.objects.filter(district__in=districts.values("pk"))
    if filters.district_id:
        units, districts = units.filter(district_id=filters.district_id), districts.filter(pk=filters.district_id)
    if filters.area:
        units = units.filter(area=filters.area)
    if filters.organisation_id:
        units = units.filter(district__organisation_id=filters.organisation_id)
        districts = districts.filter(organisation_id=filters.organisation_id)
    sent = _sent_by_unit(filters, course_ids, units)
    # Rows of values, not model instances: the national seed's 400 units and their districts cost more to build.
    # Each label translated once: the lazy labels were translated again for every unit's row each time the row was
    # read (the suppression cache's key, the page), ~4,000 translations a request on the national seed.
    area_labels = {area: str(label) for area, label in Area.choices}
    units = [
        SimpleNamespace(pk=pk, name=name, district_id=district_id, district_name=district, area_label=area_labels[area])
        for pk, name, district_id, district, area in units.order_by("district__name", "name").values_list(
            "pk", "name", "district_id", "district__name", "area"
        )
    ]
    district_rows = list(districts.order_by("name"))
    # A person belongs to one unit, so a district's people are its units' (those the area filter keeps).
    in_district: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for unit in units:
        _count_sent(unit, courses, sent.get(unit.pk, {}))
        for course_id, staff in sent.get(unit.pk, {}).items():
            in_district[unit.district_id][course_id] |= staff
    for district in district_rows:
        _count_sent(district, courses, in_district.get(district.pk, {}))
    course_columns = [Column(course.name, Kind.COUNT) for course in courses]
    unitless = _unitless_counts(user, filters, courses)

    def counts(item) -> list:
        return [suppress.count(getattr(item, f"course_{course.pk}")) for course in courses] + [
            suppress.count(item.sent_total)
        ]

    # A district's row is the sum of its units' rows (a person belongs to one unit), so a unit's hidden
    # count could be worked out from its district: protect each district with its units as a table.
    district_counts = {district.pk: counts(district) for district in district_rows}
    unit_counts = [(unit, counts(unit)) for unit in units]
    cells_in_district: dict[int, list[list]] = defaultdict(list)
    for unit, cells in unit_counts:
        cells_in_district[unit.district_id].append(cells)
    for district in district_rows:
        protect_table(
            cells_in_district[district.pk],
            district_counts[district.pk],
            summed=range(len(courses) + 1),
        )

    district_table = Table(
        title=_("Per stadsdel"),
        columns=[Column(_("Stadsdel"), Kind.TEXT), *course_columns, Column(_("Personer totalt"), Kind.COUNT)],
        rows=[[district.name, *district_counts[district.pk]] for district in district_rows]
        + ([[_("Utan enhet"), *counts(unitless)]] if unitless else []),
        note=_(
            "Antal anmälda (som hade en plats när omgången började) på omgångar som började i perioden. En person "
            "räknas en gång per kurs."
        ),
    )
    unit_table = Table(
        title=_("Per enhet"),
        columns=[
            Column(_("Stadsdel"), Kind.TEXT),
            Column(_("Enhet"), Kind.TEXT),
            Column(_("Område"), Kind.TEXT),
            *course_columns,
            Column(_("Personer totalt"), Kind.COUNT),
        ],
        rows=[[unit.district_name, unit.name, unit.area_label, *cells] for unit, cells in unit_counts]
        + ([["–", _("Utan enhet"), "–", *counts(unitless)]] if unitless else []),
    )
    none_sent = Table(
        title=_("Skickade ingen i perioden"),
        columns=[Column(_("Stadsdel"), Kind.TEXT), Column(_("Enhet"), Kind.TEXT), Column(_("Område"), Kind.TEXT)],
        rows=[[unit.district_name, unit.name, unit.area_label] for unit in units if unit.sent_total == 0],
        empty_text=_("Alla enheter skickade minst en person."),
    )
    chart = charts.bar_chart(
        title=_("Personer per stadsdel"),
        categories=[district.name for district in district_rows],
        series=[charts.Series(_("Personer"), [district_counts[district.pk][-1] for district in district_rows])],
    )
    district_table.chart = chart if any(district.sent_total for district in district_rows) else ""
    return Report(
        title=_("Deltagande per stadsdel och enhet"),
        tables=[district_table, unit_table, none_sent, *non_participation_tables(user=user, filters=filters)],
        filters_text=filters.describe,
        slug="deltagande",
    )


def _unitless_counts(user, filters: ReportFilters, courses: list[Course]):
    """Count the staff without a unit that were sent, for organisation-wide readers (None when none or not counted).

    One query over the period's nominations of those staff, counted here as `_sent_by_unit` counts the units':
    an aggregate with an enrolled condition per course cost more to build (Django copies each condition's
    subqueries) than the national seed's query took to run.
    """
    if filters.district_id or filters.area or not selectors.reads_whole_organisation(user=user):
        return None
    staff = StaffMember.objects.filter(selectors.unitless_staff_condition(user=user))
    if filters.organisation_id:
        staff = staff.filter(organisation_id=filters.organisation_id)
    rounds = CourseRound.objects.filter(
        starts_on__range=(filters.start, filters.end), course_id__in=[course.pk for course in courses]
    )
    by_course: dict[int, set[int]] = defaultdict(set)
    for course_id, staff_id in (
        Nomination.objects.filter(
            enrolled_condition(), course_round__in=rounds.values("pk"), staff__in=staff.values("pk")
        )
        .values_list("course_round__course_id", "staff_id")
        .distinct()
        .order_by()
    ):
        by_course[course_id].add(staff_id)
    if not by_course:
        return None
    counted = SimpleNamespace()
    _count_sent(counted, courses, by_course)
    return counted
