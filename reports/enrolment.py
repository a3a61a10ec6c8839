"""Report 1: enrolled (anmälda) and completed (slutförda) per round, by gender, with drop-out, like Tabell 1/2."""

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import ENROLLED_STATUSES, DropOutReason, Nomination, NominationStatus, RoundStatus
from districts.models import Gender
from reports import charts, selectors
from reports.filters import ReportFilters
from reports.tables import Column, Kind, Report, Table

COUNTS = (
    "enrolled",
    "enrolled_women",
    "enrolled_men",
    "completed",
    "completed_women",
    "completed_men",
    "dropped_out",
)


def enrolment_rounds(user, filters: ReportFilters):
    """Return the rounds of the period annotated with the counts of Tabell 1/2 (one query)."""
    staff = selectors.staff_condition(user, filters, "nominations__staff")
    enrolled = staff & Q(nominations__status__in=ENROLLED_STATUSES)
    completed = staff & Q(nominations__status=NominationStatus.COMPLETED)
    women = Q(nominations__staff__gender=Gender.KVINNA)
    men = Q(nominations__staff__gender=Gender.MAN)
    return (
        selectors.rounds_for(user, filters)
        .select_related("course")
        .annotate(
            enrolled=Count("nominations", filter=enrolled),
            enrolled_women=Count("nominations", filter=enrolled & women),
            enrolled_men=Count("nominations", filter=enrolled & men),
            completed=Count("nominations", filter=completed),
            completed_women=Count("nominations", filter=completed & women),
            completed_men=Count("nominations", filter=completed & men),
            dropped_out=Count("nominations", filter=staff & Q(nominations__status=NominationStatus.DROPPED_OUT)),
        )
        .filter(Q(status=RoundStatus.HELD) | Q(enrolled__gt=0))
        .order_by("starts_on", "pk")
    )


def drop_out_reasons(user, filters: ReportFilters) -> dict[str, int]:
    """Count the drop-outs of the period's rounds by reason (one query)."""
    nominations = Nomination.objects.filter(
        selectors.staff_condition(user, filters, "staff"),
        course_round__in=selectors.rounds_for(user, filters).values("pk"),
        status=NominationStatus.DROPPED_OUT,
    )
    counted = dict(nominations.values_list("drop_out_reason").annotate(count=Count("pk")).order_by())
    return {reason.value: counted.get(reason.value, 0) for reason in DropOutReason}


def round_label(course_round) -> str:
    when = date_format(course_round.starts_on, "SHORT_DATE_FORMAT") if course_round.starts_on else ""
    return f"{course_round.title} ({course_round.course.name}, {when})" if when else course_round.title


def enrolment_report(*, user, filters: ReportFilters) -> Report:
    """Build report 1 from the nominations: one row per round, a totals row, and the drop-out reasons."""
    suppress = selectors.suppressor_for(user, filters)
    rounds = list(enrolment_rounds(user, filters))
    totals = {name: sum(getattr(course_round, name) for course_round in rounds) for name in COUNTS}

    def row(label, counts):
        enrolled_women, enrolled_men = suppress.pair(counts["enrolled_women"], counts["enrolled_men"])
        completed_women, completed_men = suppress.pair(counts["completed_women"], counts["completed_men"])
        return [
            label,
            suppress.count(counts["enrolled"]),
            enrolled_women,
            enrolled_men,
            suppress.count(counts["completed"]),
            completed_women,
            completed_men,
            suppress.share(counts["dropped_out"], counts["enrolled"]),
        ]

    columns = [
        Column(_("Kursomgång"), Kind.TEXT),
        Column(_("Tot."), Kind.COUNT),
        Column(_("Kvinnor"), Kind.COUNT),
        Column(_("Män"), Kind.COUNT),
        Column(_("Tot."), Kind.COUNT),
        Column(_("Kvinnor"), Kind.COUNT),
        Column(_("Män"), Kind.COUNT),
        Column(_("Andel avhopp"), Kind.SHARE),
    ]
    main = Table(
        title=_("Antal deltagare per kursomgång"),
        columns=columns,
        groups=[("", 1), (_("Antal anmälda"), 3), (_("Antal slutförda"), 3), ("", 1)],
        rows=[row(round_label(r), {name: getattr(r, name) for name in COUNTS}) for r in rounds],
        total=row(_("Totalt"), totals) if rounds else None,
        note=_(
            "Anmälda är de som fick en plats (bokade, slutförda och avbrutna). Andel avhopp = avbrutna / anmälda. "
            "Personer med annat eller ej angivet kön räknas i totalen men inte som kvinnor eller män."
        )
        + (
            " "
            + _(
                "Grupper med färre än %(n)s personer visas som ”< %(n)s”. Är kvinnor eller män för få döljs båda, "
                "annars kunde den dolda siffran räknas fram ur totalen."
            )
            % {"n": suppress.threshold}
            if suppress.threshold
            else ""
        ),
        empty_text=_("Inga kursomgångar i perioden."),
        # Women and men are hidden together, and the drop-out share with the number enrolled.
        together=((2, 3), (5, 6)),
        derived={7: (1,)},
    )
    reasons = drop_out_reasons(user, filters)
    dropped = sum(reasons.values())
    reason_table = Table(
        title=_("Orsaker till avhopp"),
        columns=[Column(_("Orsak"), Kind.TEXT), Column(_("Antal"), Kind.COUNT), Column(_("Andel"), Kind.SHARE)],
        rows=[
            [DropOutReason(reason).label, suppress.count(count), suppress.share(count, dropped)]
            for reason, count in reasons.items()
        ],
        total=[_("Totalt"), suppress.count(dropped), suppress.share(dropped, dropped)],
        derived={2: (1,)},  # a reason's share of a shown total would give its hidden count away
    )
    chart = charts.bar_chart(
        title=_("Anmälda och slutförda per kursomgång"),
        categories=[r.title for r in rounds],
        series=[
            charts.Series(_("Anmälda"), main.column(1)),
            charts.Series(_("Slutförda"), main.column(4)),
        ],
    )
    main.chart = chart if rounds else ""
    return Report(
        title=_("Anmälda och slutförda per kursomgång"),
        tables=[main, reason_table],
        filters_text=filters.describe,
        slug="anmalda-och-slutforda",
    )
