"""Report 5: the training needs inventory, read by period and aggregated by knowledge area and district."""

import datetime
from collections import defaultdict

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext as _

from courses.models import KnowledgeArea
from districts import access, clock
from districts.models import StaffMember, Unit
from reports import charts
from reports.models import NeedItem, NeedPriority, NeedsPeriod, NeedsReport
from reports.tables import Column, Kind, Report, Table


def visible_periods(*, user) -> QuerySet[NeedsPeriod]:
    return access.restrict_by_organisation(user, NeedsPeriod.objects.all(), "organisation").annotate(
        report_count=Count("reports")
    )


def open_periods(*, user, today: datetime.date | None = None) -> QuerySet[NeedsPeriod]:
    today = today or clock.today()
    return visible_periods(user=user).filter(closed=False, opens_on__lte=today, closes_on__gte=today)


def own_unit(*, user) -> Unit | None:
    """Return the unit the user reports needs for (an enhetschef's own unit)."""
    scope = access.scope_for(user)
    if not scope.unit_id or not access.has_capability(user, access.Capability.REPORT_TRAINING_NEEDS):
        return None
    return Unit.objects.select_related("district").filter(pk=scope.unit_id).first()


def unanswered_open_periods(*, user) -> list[NeedsPeriod]:
    """Return the open periods the user's unit has not answered yet, for the enhetschef's dashboard."""
    unit = own_unit(user=user)
    if unit is None:
        return []
    return list(open_periods(user=user).exclude(reports__unit=unit))


def answered_period_ids(*, unit: Unit | None) -> set[int]:
    """Return the ids of the periods the unit has answered (none without a unit)."""
    if unit is None:
        return set()
    return set(unit.needs_reports.values_list("period_id", flat=True))


def submitter_in(*, user, unit: Unit) -> StaffMember | None:
    """Return the user's staff record when they work in the unit, the one named on its answer."""
    return unit.staff.filter(pk=access.scope_for(user).staff_id).first()


def report_of(period: NeedsPeriod, unit: Unit) -> NeedsReport | None:
    return NeedsReport.objects.filter(period=period, unit=unit).prefetch_related("items").first()


def needs_summary_report(*, user, period: NeedsPeriod) -> Report:
    """Aggregate the period's answers by area and district, within the districts the user sees (four queries)."""
    districts = list(access.visible_districts(user).filter(organisation_id=period.organisation_id).order_by("name"))
    items = NeedItem.objects.filter(report__period=period, report__unit__district__in=[d.pk for d in districts])
    by_area = {
        row["area"]: row
        for row in items.values("area")
        .annotate(
            **{f"p{priority.value}": Count("pk", filter=Q(priority=priority.value)) for priority in NeedPriority},
            mean=Avg("priority"),
        )
        .order_by()
    }
    matrix = defaultdict(int)
    for area, district_id, count in (
        items.filter(priority__gte=NeedPriority.MEDIUM)
        .values_list("area", "report__unit__district_id")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        matrix[(area, district_id)] = count
    priorities = list(reversed(NeedPriority))
    area_table = Table(
        title=_("Behov per kunskapsområde (antal enheter)"),
        columns=[
            Column(_("Kunskapsområde"), Kind.TEXT),
            *[Column(priority.label, Kind.COUNT) for priority in priorities],
            Column(_("Medelprioritet (0–3)"), Kind.MEAN),
        ],
        rows=[
            [
                area.label,
                *[by_area.get(area.value, {}).get(f"p{priority.value}", 0) for priority in priorities],
                by_area.get(area.value, {}).get("mean"),
            ]
            for area in KnowledgeArea
        ],
    )
    district_table = Table(
        title=_("Enheter med medel eller högt behov, per område och stadsdel"),
        columns=[Column(_("Kunskapsområde"), Kind.TEXT), *[Column(d.name, Kind.COUNT) for d in districts]],
        rows=[[area.label, *[matrix[(area.value, d.pk)] for d in districts]] for area in KnowledgeArea],
    )
    comments = list(
        items.exclude(comment="")
        .select_related("report__unit__district")
        .order_by("area", "report__unit__district__name", "report__unit__name")
    )
    comment_table = Table(
        title=_("Kommentarer"),
        columns=[
            Column(_("Kunskapsområde"), Kind.TEXT),
            Column(_("Stadsdel"), Kind.TEXT),
            Column(_("Enhet"), Kind.TEXT),
            Column(_("Prioritet"), Kind.TEXT),
            Column(_("Kommentar"), Kind.TEXT),
        ],
        rows=[
            [
                item.get_area_display(),
                item.report.unit.district.name,
                item.report.unit.name,
                item.get_priority_display(),
                item.comment,
            ]
            for item in comments
        ],
        empty_text=_("Inga kommentarer."),
    )
    missing = list(
        Unit.objects.filter(district__in=[d.pk for d in districts])
        .exclude(needs_reports__period=period)
        .select_related("district")
        .order_by("district__name", "name")
    )
    missing_table = Table(
        title=_("Enheter som inte har svarat"),
        columns=[Column(_("Stadsdel"), Kind.TEXT), Column(_("Enhet"), Kind.TEXT)],
        rows=[[unit.district.name, unit.name] for unit in missing],
        empty_text=_("Alla enheter har svarat."),
    )
    chart = charts.bar_chart(
        title=_("Medelprioritet per kunskapsområde"),
        categories=[area.label for area in KnowledgeArea],
        series=[charts.Series(_("Medelprioritet"), [by_area.get(a.value, {}).get("mean") for a in KnowledgeArea])],
        kind=Kind.MEAN,
        max_value=3,
    )
    area_table.chart = chart
    return Report(
        title=_("Inventering: %(period)s") % {"period": period.title},
        tables=[area_table, district_table, comment_table, missing_table],
        slug=f"utbildningsbehov-{period.title}",
    )
