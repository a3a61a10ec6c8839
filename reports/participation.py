"""Report 4: which districts and units sent how many people to each course in the period, and which sent none."""

from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from courses.models import Course
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


def _sent(prefix: str, filters: ReportFilters, course_id: int | None = None) -> Q:
    """Return the condition on `<prefix>nominations` that counts a person as sent to a course in the period."""
    condition = enrolled_condition(f"{prefix}nominations__") & Q(
        **{f"{prefix}nominations__course_round__starts_on__range": (filters.start, filters.end)}
    )
    if course_id is not None:
        condition &= Q(**{f"{prefix}nominations__course_round__course_id": course_id})
    return condition


def participation_report(*, user, filters: ReportFilters) -> Report:
    """Build report 4 with one query for districts and one for units, whatever the number of courses."""
    suppress = selectors.suppressor_for(user=user, filters=filters)
    courses = _courses(user, filters)
    course_ids = [course.pk for course in courses]
    annotations = {
        f"course_{course.pk}": Count("staff", filter=_sent("staff__", filters, course.pk), distinct=True)
        for course in courses
    }
    districts = access.visible_districts(user)
    # Reports are scoped by district: an enhetschef sees every unit of their district, as utbildarstöd does.
    units = Unit.objects.filter(district__in=districts.values("pk")).select_related("district")
    if filters.district_id:
        units, districts = units.filter(district_id=filters.district_id), districts.filter(pk=filters.district_id)
    if filters.area:
        units = units.filter(area=filters.area)
    if filters.organisation_id:
        units = units.filter(district__organisation_id=filters.organisation_id)
        districts = districts.filter(organisation_id=filters.organisation_id)
    in_courses = Q(staff__nominations__course_round__course_id__in=course_ids)
    units = list(
        units.annotate(
            **annotations, sent_total=Count("staff", filter=_sent("staff__", filters) & in_courses, distinct=True)
        ).order_by("district__name", "name")
    )
    district_in_courses = Q(units__staff__nominations__course_round__course_id__in=course_ids)
    area_filter = Q(units__area=filters.area) if filters.area else Q()
    district_rows = list(
        districts.annotate(
            **{
                f"course_{course.pk}": Count(
                    "units__staff", filter=_sent("units__staff__", filters, course.pk) & area_filter, distinct=True
                )
                for course in courses
            },
            sent_total=Count(
                "units__staff",
                filter=_sent("units__staff__", filters) & district_in_courses & area_filter,
                distinct=True,
            ),
        ).order_by("name")
    )
    course_columns = [Column(course.name, Kind.COUNT) for course in courses]
    unitless = _unitless_counts(
        user, filters, courses, in_courses=Q(nominations__course_round__course_id__in=course_ids)
    )

    def counts(item) -> list:
        return [suppress.count(getattr(item, f"course_{course.pk}")) for course in courses] + [
            suppress.count(item.sent_total)
        ]

    # A district's row is the sum of its units' rows (a person belongs to one unit), so a unit's hidden
    # count could be worked out from its district: protect each district with its units as a table.
    district_counts = {district.pk: counts(district) for district in district_rows}
    unit_counts = [(unit, counts(unit)) for unit in units]
    for district in district_rows:
        protect_table(
            [cells for unit, cells in unit_counts if unit.district_id == district.pk],
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
        rows=[[unit.district.name, unit.name, Area(unit.area).label, *cells] for unit, cells in unit_counts]
        + ([["–", _("Utan enhet"), "–", *counts(unitless)]] if unitless else []),
    )
    none_sent = Table(
        title=_("Skickade ingen i perioden"),
        columns=[Column(_("Stadsdel"), Kind.TEXT), Column(_("Enhet"), Kind.TEXT), Column(_("Område"), Kind.TEXT)],
        rows=[[unit.district.name, unit.name, Area(unit.area).label] for unit in units if unit.sent_total == 0],
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


def _unitless_counts(user, filters: ReportFilters, courses: list[Course], *, in_courses: Q):
    """Count the staff without a unit that were sent, for organisation-wide readers (None when none or not counted)."""
    if filters.district_id or filters.area or not selectors.reads_whole_organisation(user=user):
        return None
    staff = StaffMember.objects.filter(selectors.unitless_staff_condition(user=user))
    if filters.organisation_id:
        staff = staff.filter(organisation_id=filters.organisation_id)
    counted = staff.aggregate(
        **{
            f"course_{course.pk}": Count("pk", filter=_sent("", filters, course.pk), distinct=True)
            for course in courses
        },
        sent_total=Count("pk", filter=_sent("", filters) & in_courses, distinct=True),
    )
    return SimpleNamespace(**counted) if counted["sent_total"] else None
