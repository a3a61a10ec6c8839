"""The regional reports: each municipality of a region as one row, for a regional reader, who sees no person.

A region (districts.models.Region) is a regional association of municipalities; its regional readers compare
the organisations' programmes as the national report compared municipalities. Every table is built from
counts with one query per table, whatever the number of municipalities, and protected by the small-group rule
of the strictest organisation of the region (reports.suppression). Definitions are those of the city's own
reports: enrolled and drop-out from reports.enrolment, a new hire from districts.selectors.new_hire_condition,
equal treatment from reports.equality and the evaluations as reports.survey_results counts them
(reports.regional_tables).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from courses.models import CourseKind, Nomination, NominationStatus, RoundStatus
from districts import access, clock
from districts.models import Gender, Organisation, StaffMember
from districts.selectors import new_hire_condition
from reports import regional_tables
from reports.enrolment import COUNTS, enrolled_condition, enrolment_table
from reports.suppression import Suppressor
from reports.tables import Column, Kind, Report, Table


@dataclass(frozen=True)
class RegionalFilters:
    """The period (rounds that start in it; hires who started in it) and, optionally, one kind of course."""

    start: datetime.date
    end: datetime.date
    course_kind: str = ""


def suppressor_for_region(organisations: list[Organisation]) -> Suppressor:
    """Return the strictest small-group rule of the region's organisations (the default 5 when it has none)."""
    thresholds = [organisation.small_group_threshold for organisation in organisations]
    return Suppressor(max(thresholds) if thresholds else 5)


def enrolment_counts(organisation_ids: list[int], filters: RegionalFilters) -> dict[int, dict[str, int]]:
    """Count enrolled and completed (by gender) on the held rounds of the period, per organisation (one query)."""
    completed = Q(status=NominationStatus.COMPLETED)
    women, men = Q(staff__gender=Gender.KVINNA), Q(staff__gender=Gender.MAN)
    nominations = Nomination.objects.filter(
        enrolled_condition(),
        course_round__status=RoundStatus.HELD,
        course_round__starts_on__range=(filters.start, filters.end),
        course_round__course__organisation_id__in=organisation_ids,
    )
    if filters.course_kind:
        nominations = nominations.filter(course_round__course__kind=filters.course_kind)
    rows = (
        nominations.values(organisation=F("course_round__course__organisation_id"))
        .annotate(
            enrolled=Count("pk"),
            enrolled_women=Count("pk", filter=women),
            enrolled_men=Count("pk", filter=men),
            completed=Count("pk", filter=completed),
            completed_women=Count("pk", filter=completed & women),
            completed_men=Count("pk", filter=completed & men),
        )
        .order_by()
    )
    return {row.pop("organisation"): row for row in rows}


def hire_counts(organisation_ids: list[int], filters: RegionalFilters, *, today: datetime.date) -> dict[int, dict]:
    """Count the period's new hires per organisation and those enrolled on / completed Del 1 (one query)."""
    del1 = Nomination.objects.filter(staff=OuterRef("pk"), course_round__course__kind=CourseKind.DEL1)
    enrolled = Exists(del1.filter(enrolled_condition()))
    completed = Exists(del1.filter(status=NominationStatus.COMPLETED))
    rows = (
        StaffMember.objects.filter(new_hire_condition(start=filters.start, end=filters.end, today=today))
        .filter(organisation_id__in=organisation_ids)
        .values("organisation_id")
        .annotate(
            hires=Count("pk", distinct=True),
            enrolled=Count("pk", filter=Q(enrolled), distinct=True),
            completed=Count("pk", filter=Q(completed), distinct=True),
        )
        .order_by()
    )
    return {row.pop("organisation_id"): row for row in rows}


def _hires_table(organisations, counts: dict[int, dict], suppress: Suppressor) -> Table:
    def cells(label, row):
        return [
            label,
            suppress.count(row["hires"]),
            suppress.count(row["enrolled"]),
            suppress.count(row["completed"]),
            suppress.share(row["completed"], row["hires"]),
        ]

    empty = {"hires": 0, "enrolled": 0, "completed": 0}
    raw = [counts.get(organisation.pk, empty) for organisation in organisations]
    totals = {name: sum(row[name] for row in raw) for name in empty}
    return Table(
        title=_("Nyanställda och Del 1 per kommun"),
        columns=[
            Column(_("Kommun"), Kind.TEXT),
            Column(_("Nyanställda"), Kind.COUNT),
            Column(_("Anmälda till Del 1"), Kind.COUNT),
            Column(_("Har slutfört Del 1"), Kind.COUNT),
            Column(_("Andel som har slutfört Del 1"), Kind.SHARE),
        ],
        rows=[cells(organisation.name, row) for organisation, row in zip(organisations, raw, strict=True)],
        total=cells(_("Regionen"), totals) if organisations else None,
        note=_(
            "Nyanställda: socialsekreterare som började i perioden och inte hade slutat vid dess slut. Anmälda och "
            "slutfört räknas för Del 1 oavsett när omgången gick."
        ),
        empty_text=_("Regionen har inga kommuner ännu."),
        # No more completed than enrolled, no more enrolled than hired; the share follows from completed and hired.
        at_most=((3, 2), (2, 1)),
        derived={4: (1, 3)},
    )


def regional_report(*, user, filters: RegionalFilters, today: datetime.date | None = None) -> Report:
    """Build the regional report for the user's region, per municipality: enrolment and drop-out, new hires and
    Del 1, equal treatment (Del 1 and Del 2 in time), and the course evaluations."""
    today = today or clock.today()
    organisations = list(access.regional_organisations(user).select_related("region").order_by("name"))
    ids = [organisation.pk for organisation in organisations]
    suppress = suppressor_for_region(organisations)
    counted = enrolment_counts(ids, filters)
    empty = dict.fromkeys(COUNTS, 0)
    enrolment = enrolment_table(
        [(organisation.name, counted.get(organisation.pk, empty), True) for organisation in organisations], suppress
    )
    enrolment.title = _("Anmälda och slutförda per kommun")
    enrolment.columns[0] = Column(_("Kommun"), Kind.TEXT)
    enrolment.empty_text = _("Regionen har inga kommuner ännu.")
    enrolment.note = _("Genomförda kursomgångar som började i perioden.") + " " + enrolment.note
    hires = _hires_table(organisations, hire_counts(ids, filters, today=today), suppress)
    period = {"start": filters.start, "end": filters.end}
    equality = regional_tables.equality_table(
        organisations, regional_tables.equality_tallies(ids, **period, today=today), suppress
    )
    surveys = regional_tables.survey_table(
        organisations, regional_tables.survey_counts(ids, **period, course_kind=filters.course_kind), suppress
    )
    kind = CourseKind(filters.course_kind).label if filters.course_kind else _("alla kurser")
    region = organisations[0].region.name if organisations else ""
    return Report(
        title=_("Regionen: %(region)s") % {"region": region} if region else _("Regionen"),
        tables=[enrolment, hires, equality, surveys],
        filters_text=_("Period: %(start)s – %(end)s; %(kind)s")
        % {"start": filters.start, "end": filters.end, "kind": kind},
        slug="region",
    )
